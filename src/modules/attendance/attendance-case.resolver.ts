import { Arg, Authorized, Ctx, Field, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { LocalDate } from '../../common/graphql/scalars';
import { MutationPayload, payloadOf } from '../../common/graphql/user-error';
import type { ViewerContext } from '../../context';
import { SchoolYearType } from '../calendar/calendar.type';
import { SchoolType } from '../schools/school.type';
import { StaffUserType } from '../staff/staff.type';
import { StudentType } from '../students/student.type';
import { ACTION_LOGGERS, ATTENDANCE_TEAM } from './attendance-access';
import { attendanceCaseService } from './attendance-case.service';
import { AttendanceActionLogInput, AttendanceCaseCloseInput, AttendanceCaseOpenInput, AttendanceCaseUpdateInput } from './attendance.inputs';
import { AttendanceActionType, AttendanceCaseType } from './attendance.types';

@ObjectType()
class AttendanceCasePayload extends MutationPayload {
  @Field(() => AttendanceCaseType, { nullable: true })
  attendanceCase: AttendanceCaseType | null;
}

@ObjectType()
class AttendanceActionPayload extends MutationPayload {
  @Field(() => AttendanceActionType, { nullable: true })
  attendanceAction: AttendanceActionType | null;
}

@Authorized()
@Resolver(() => AttendanceCaseType)
export class AttendanceCaseResolver {
  @FieldResolver(() => StudentType, { nullable: true })
  async student(@Root() c: AttendanceCaseType, @Ctx() ctx: ViewerContext): Promise<StudentType | null> {
    const student = await ctx.loaders.students.visibleStudentById.load(c.studentDbId);
    return student ? StudentType.from(student) : null;
  }

  @FieldResolver(() => SchoolType)
  async school(@Root() c: AttendanceCaseType, @Ctx() ctx: ViewerContext): Promise<SchoolType> {
    return SchoolType.from((await ctx.loaders.schools.schoolById.load(c.schoolDbId))!);
  }

  @FieldResolver(() => SchoolYearType)
  async schoolYear(@Root() c: AttendanceCaseType, @Ctx() ctx: ViewerContext): Promise<SchoolYearType> {
    return SchoolYearType.from((await ctx.loaders.attendance.schoolYearById.load(c.schoolYearDbId))!);
  }

  @FieldResolver(() => StaffUserType, { description: 'The staff member leading the case' })
  async owner(@Root() c: AttendanceCaseType, @Ctx() ctx: ViewerContext): Promise<StaffUserType> {
    return StaffUserType.from((await ctx.loaders.staff.staffUserById.load(c.ownerDbId))!);
  }

  @FieldResolver(() => StaffUserType)
  async openedBy(@Root() c: AttendanceCaseType, @Ctx() ctx: ViewerContext): Promise<StaffUserType> {
    return StaffUserType.from((await ctx.loaders.staff.staffUserById.load(c.openedByDbId))!);
  }

  @FieldResolver(() => [AttendanceActionType], { description: 'Actions logged, oldest first' })
  async actions(@Root() c: AttendanceCaseType, @Ctx() ctx: ViewerContext): Promise<AttendanceActionType[]> {
    return (await ctx.loaders.attendance.actionsByCaseId.load(c.dbId)).map(AttendanceActionType.from);
  }

  @FieldResolver(() => LocalDate, { nullable: true, description: 'Date of the latest action; null before the first' })
  async lastActionOn(@Root() c: AttendanceCaseType, @Ctx() ctx: ViewerContext): Promise<string | null> {
    const actions = await ctx.loaders.attendance.actionsByCaseId.load(c.dbId);
    return actions.length ? actions[actions.length - 1].actionDate : null;
  }

  @Authorized(ATTENDANCE_TEAM)
  @Mutation(() => AttendanceCasePayload, { description: 'Opens an attendance case; at most one is open per student and school year' })
  attendanceCaseOpen(@Ctx() ctx: ViewerContext, @Arg('input', () => AttendanceCaseOpenInput) input: AttendanceCaseOpenInput) {
    return payloadOf('attendanceCase', AttendanceCaseType.from, () => attendanceCaseService.open(ctx, input));
  }

  @Authorized(ATTENDANCE_TEAM)
  @Mutation(() => AttendanceCasePayload, { description: 'Changes tier, reason, owner or status (OPEN/MONITORING); CONFLICT if changed since read' })
  attendanceCaseUpdate(@Ctx() ctx: ViewerContext, @Arg('input', () => AttendanceCaseUpdateInput) input: AttendanceCaseUpdateInput) {
    return payloadOf('attendanceCase', AttendanceCaseType.from, () => attendanceCaseService.update(ctx, input));
  }

  @Authorized(ATTENDANCE_TEAM)
  @Mutation(() => AttendanceCasePayload, { description: 'Closes a case with its outcome; CONFLICT if changed since read' })
  attendanceCaseClose(@Ctx() ctx: ViewerContext, @Arg('input', () => AttendanceCaseCloseInput) input: AttendanceCaseCloseInput) {
    return payloadOf('attendanceCase', AttendanceCaseType.from, () => attendanceCaseService.close(ctx, input));
  }
}

@Authorized()
@Resolver(() => AttendanceActionType)
export class AttendanceActionResolver {
  @FieldResolver(() => AttendanceCaseType)
  async attendanceCase(@Root() a: AttendanceActionType, @Ctx() ctx: ViewerContext): Promise<AttendanceCaseType> {
    return AttendanceCaseType.from((await ctx.loaders.attendance.caseById.load(a.caseDbId))!);
  }

  @FieldResolver(() => StudentType, { nullable: true })
  async student(@Root() a: AttendanceActionType, @Ctx() ctx: ViewerContext): Promise<StudentType | null> {
    const student = await ctx.loaders.students.visibleStudentById.load(a.studentDbId);
    return student ? StudentType.from(student) : null;
  }

  @FieldResolver(() => StaffUserType, { description: 'Who did it' })
  async staff(@Root() a: AttendanceActionType, @Ctx() ctx: ViewerContext): Promise<StaffUserType> {
    return StaffUserType.from((await ctx.loaders.staff.staffUserById.load(a.staffDbId))!);
  }

  @FieldResolver(() => StaffUserType, { description: 'Who logged it' })
  async recordedBy(@Root() a: AttendanceActionType, @Ctx() ctx: ViewerContext): Promise<StaffUserType> {
    return StaffUserType.from((await ctx.loaders.staff.staffUserById.load(a.recordedByDbId))!);
  }

  @Authorized(ACTION_LOGGERS)
  @Mutation(() => AttendanceActionPayload, { description: 'Logs an attendance team action on an open case' })
  attendanceActionLog(@Ctx() ctx: ViewerContext, @Arg('input', () => AttendanceActionLogInput) input: AttendanceActionLogInput) {
    return payloadOf('attendanceAction', AttendanceActionType.from, () => attendanceCaseService.logAction(ctx, input));
  }
}
