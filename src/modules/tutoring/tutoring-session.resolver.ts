import { Arg, Authorized, Ctx, Field, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { MutationPayload, payloadOf } from '../../common/graphql/user-error';
import type { ViewerContext } from '../../context';
import { StaffUserType } from '../staff/staff.type';
import { StudentType } from '../students/student.type';
import { TierPlacementType } from '../tiers/tier.types';
import { TUTORING_MANAGER_ROLES, TUTORING_SESSION_WRITER_ROLES } from './tutoring-access';
import { tutoringAssignmentService } from './tutoring-assignment.service';
import { TutoringGroupType, TutoringPartnerTutorType, TutoringTutor } from './tutoring-program.type';
import type { TutoringAssignmentEntity } from './tutoring-session.entity';
import { tutoringSessionService } from './tutoring-session.service';
import { TutoringAssignmentType, TutoringAttendanceType, TutoringSessionType } from './tutoring-session.type';
import { TutoringAssignmentEndInput, TutoringAssignmentsCreateInput, TutoringSessionCancelInput, TutoringSessionLogInput } from './tutoring.inputs';

@ObjectType()
class TutoringAssignmentsCreatePayload extends MutationPayload {
  @Field(() => [TutoringAssignmentType], { nullable: true })
  tutoringAssignments: TutoringAssignmentType[] | null;
}

@ObjectType()
class TutoringAssignmentPayload extends MutationPayload {
  @Field(() => TutoringAssignmentType, { nullable: true })
  tutoringAssignment: TutoringAssignmentType | null;
}

@ObjectType()
class TutoringSessionPayload extends MutationPayload {
  @Field(() => TutoringSessionType, { nullable: true })
  tutoringSession: TutoringSessionType | null;
}

@Authorized()
@Resolver(() => TutoringAssignmentType)
export class TutoringAssignmentResolver {
  @FieldResolver(() => StudentType, { nullable: true })
  async student(@Root() assignment: TutoringAssignmentType, @Ctx() ctx: ViewerContext): Promise<StudentType | null> {
    const student = await ctx.loaders.students.visibleStudentById.load(assignment.studentDbId);
    return student ? StudentType.from(student) : null;
  }

  @FieldResolver(() => TutoringGroupType)
  async group(@Root() assignment: TutoringAssignmentType, @Ctx() ctx: ViewerContext): Promise<TutoringGroupType> {
    return TutoringGroupType.from((await ctx.loaders.tutoring.groupById.load(assignment.groupDbId))!);
  }

  @FieldResolver(() => TierPlacementType, { nullable: true, description: 'The Tier 2/3 placement this tutoring answers, when linked' })
  async tierPlacement(@Root() assignment: TutoringAssignmentType, @Ctx() ctx: ViewerContext): Promise<TierPlacementType | null> {
    if (!assignment.tierPlacementDbId) return null;
    const history = await ctx.loaders.tiers.placementHistoryByStudentId.load(assignment.studentDbId);
    const placement = history.find((p) => p.id === assignment.tierPlacementDbId);
    return placement ? TierPlacementType.from(placement) : null;
  }

  @Authorized(TUTORING_MANAGER_ROLES)
  @Mutation(() => TutoringAssignmentsCreatePayload, {
    description: 'Assigns students to a group, all or nothing: one group per program at a time, never over capacity',
  })
  tutoringAssignmentsCreate(@Ctx() ctx: ViewerContext, @Arg('input', () => TutoringAssignmentsCreateInput) input: TutoringAssignmentsCreateInput) {
    return payloadOf('tutoringAssignments', (rows: TutoringAssignmentEntity[]) => rows.map(TutoringAssignmentType.from), () =>
      tutoringAssignmentService.create(ctx, input),
    );
  }

  @Authorized(TUTORING_MANAGER_ROLES)
  @Mutation(() => TutoringAssignmentPayload, { description: 'Ends an assignment on its last day; the history is kept' })
  tutoringAssignmentEnd(@Ctx() ctx: ViewerContext, @Arg('input', () => TutoringAssignmentEndInput) input: TutoringAssignmentEndInput) {
    return payloadOf('tutoringAssignment', TutoringAssignmentType.from, () => tutoringAssignmentService.end(ctx, input));
  }
}

@Authorized()
@Resolver(() => TutoringSessionType)
export class TutoringSessionResolver {
  @FieldResolver(() => TutoringGroupType)
  async group(@Root() session: TutoringSessionType, @Ctx() ctx: ViewerContext): Promise<TutoringGroupType> {
    return TutoringGroupType.from((await ctx.loaders.tutoring.groupById.load(session.groupDbId))!);
  }

  @FieldResolver(() => TutoringTutor, { nullable: true, description: 'Who led it (the assigned tutor or a substitute); null when cancelled' })
  async ledBy(@Root() session: TutoringSessionType, @Ctx() ctx: ViewerContext): Promise<typeof TutoringTutor | null> {
    if (session.ledByStaffDbId) return StaffUserType.from((await ctx.loaders.staff.staffUserById.load(session.ledByStaffDbId))!);
    if (session.ledByPartnerTutorDbId) return TutoringPartnerTutorType.from((await ctx.loaders.tutoring.partnerTutorById.load(session.ledByPartnerTutorDbId))!);
    return null;
  }

  @FieldResolver(() => StaffUserType, { description: 'Who entered the log' })
  async loggedBy(@Root() session: TutoringSessionType, @Ctx() ctx: ViewerContext): Promise<StaffUserType> {
    return StaffUserType.from((await ctx.loaders.staff.staffUserById.load(session.loggedByDbId))!);
  }

  @FieldResolver(() => [TutoringAttendanceType], { description: 'Attendance of the students you can see' })
  async attendance(@Root() session: TutoringSessionType, @Ctx() ctx: ViewerContext): Promise<TutoringAttendanceType[]> {
    return (await ctx.loaders.tutoring.visibleAttendanceBySessionId.load(session.dbId)).map(TutoringAttendanceType.from);
  }

  @Authorized(TUTORING_SESSION_WRITER_ROLES)
  @Mutation(() => TutoringSessionPayload, { description: "Logs a held session once for the group, with every assigned student's attendance" })
  tutoringSessionLog(@Ctx() ctx: ViewerContext, @Arg('input', () => TutoringSessionLogInput) input: TutoringSessionLogInput) {
    return payloadOf('tutoringSession', TutoringSessionType.from, () => tutoringSessionService.log(ctx, input));
  }

  @Authorized(TUTORING_SESSION_WRITER_ROLES)
  @Mutation(() => TutoringSessionPayload, { description: "Records that a group's session did not take place, and why" })
  tutoringSessionCancel(@Ctx() ctx: ViewerContext, @Arg('input', () => TutoringSessionCancelInput) input: TutoringSessionCancelInput) {
    return payloadOf('tutoringSession', TutoringSessionType.from, () => tutoringSessionService.cancel(ctx, input));
  }
}

@Authorized()
@Resolver(() => TutoringAttendanceType)
export class TutoringAttendanceResolver {
  @FieldResolver(() => StudentType, { nullable: true })
  async student(@Root() attendance: TutoringAttendanceType, @Ctx() ctx: ViewerContext): Promise<StudentType | null> {
    const student = await ctx.loaders.students.visibleStudentById.load(attendance.studentDbId);
    return student ? StudentType.from(student) : null;
  }
}
