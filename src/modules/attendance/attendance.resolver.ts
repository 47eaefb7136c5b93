import { Arg, Authorized, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { StaffRole } from '../../common/auth/roles';
import { LocalDate } from '../../common/graphql/scalars';
import { MutationPayload, payloadOf } from '../../common/graphql/user-error';
import type { ViewerContext } from '../../context';
import { SchoolType } from '../schools/school.type';
import { StaffUserType } from '../staff/staff.type';
import { StudentType } from '../students/student.type';
import { ATTENDANCE_RECORDERS } from './attendance-access';
import { AttendanceActionResolver, AttendanceCaseResolver } from './attendance-case.resolver';
import { attendanceRecordingService } from './attendance-recording.service';
import {
  AttendanceImprovementResolver,
  AttendanceStaleCaseResolver,
  AttendanceTriggeredStudentResolver,
  ChronicAbsenceEntryResolver,
  DistrictAttendanceResolver,
  SchoolAttendanceFieldResolver,
  SchoolAttendanceResolver,
  SchoolChronicAbsenceResolver,
} from './attendance-school.resolver';
import { attendanceSettingsService } from './attendance-settings.service';
import { AttendanceDayInput, AttendanceDaysRecordInput, AttendanceSettingsUpdateInput } from './attendance.inputs';
import './attendance.nodes';
import {
  AttendanceActionType,
  AttendanceCaseType,
  AttendanceCorrectionType,
  AttendanceDayType,
  AttendanceMonthType,
  AttendanceSettingsType,
  StudentAttendanceType,
} from './attendance.types';

@ObjectType()
class AttendanceDayRecordPayload extends MutationPayload {
  @Field(() => AttendanceDayType, { nullable: true })
  attendanceDay: AttendanceDayType | null;
}

@ObjectType()
class AttendanceDaysRecordPayload extends MutationPayload {
  @Field(() => [AttendanceDayType], { nullable: true, description: 'In the order of the input rows' })
  attendanceDays: AttendanceDayType[] | null;
}

@ObjectType()
class AttendanceSettingsPayload extends MutationPayload {
  @Field(() => AttendanceSettingsType, { nullable: true })
  attendanceSettings: AttendanceSettingsType | null;
}

@Authorized()
@Resolver(() => StudentType)
export class StudentAttendanceResolver {
  @FieldResolver(() => StudentAttendanceType, {
    description: 'Attendance over a period: from the first day of the school year of asOf (or from `from`) to asOf (default today)',
  })
  async attendance(
    @Root() student: StudentType,
    @Ctx() ctx: ViewerContext,
    @Arg('asOf', () => LocalDate, { nullable: true }) asOf?: string,
    @Arg('from', () => LocalDate, { nullable: true }) from?: string,
  ): Promise<StudentAttendanceType> {
    const period = await ctx.loaders.attendance.period(asOf, from);
    const row = await ctx.loaders.attendance.statsByStudentId(period).load(student.dbId);
    return StudentAttendanceType.from(row ?? undefined, student.dbId, period);
  }

  @FieldResolver(() => [AttendanceDayType], { description: 'Recorded days in a period (default: the school year to date), oldest first; a day without a record is present' })
  async attendanceDays(
    @Root() student: StudentType,
    @Ctx() ctx: ViewerContext,
    @Arg('from', () => LocalDate, { nullable: true }) from?: string,
    @Arg('to', () => LocalDate, { nullable: true }) to?: string,
  ): Promise<AttendanceDayType[]> {
    const period = await ctx.loaders.attendance.period(to, from);
    return (await ctx.loaders.attendance.daysByStudentId(period).load(student.dbId)).map(AttendanceDayType.from);
  }

  @FieldResolver(() => [AttendanceCaseType], { description: 'Attendance cases, latest first' })
  async attendanceCases(@Root() student: StudentType, @Ctx() ctx: ViewerContext): Promise<AttendanceCaseType[]> {
    return (await ctx.loaders.attendance.casesByStudentId.load(student.dbId)).map(AttendanceCaseType.from);
  }

  // Visible exactly when the student's cases are (a case's actions go with it): to whoever sees the student.
  @FieldResolver(() => AttendanceActionType, {
    nullable: true,
    description: "The most recent action on any of the student's attendance cases (latest action date, then latest logged); null before the first",
  })
  latestAttendanceAction(@Root() student: StudentType, @Ctx() ctx: ViewerContext): AttendanceActionType | null | Promise<AttendanceActionType | null> {
    return ctx.loaders.attendance.latestActionByStudentId.resolve(student.dbId, (action) => (action ? AttendanceActionType.from(action) : null));
  }
}

@Authorized()
@Resolver(() => StudentAttendanceType)
export class StudentAttendanceTypeResolver {
  @FieldResolver(() => [AttendanceMonthType], { description: 'Month by month over the period (the trend)' })
  async months(@Root() attendance: StudentAttendanceType, @Ctx() ctx: ViewerContext): Promise<AttendanceMonthType[]> {
    const rows = await ctx.loaders.attendance.monthsByStudentId({ from: attendance.from, to: attendance.asOf }).load(attendance.studentDbId);
    return rows.map(AttendanceMonthType.from);
  }
}

@Authorized()
@Resolver(() => AttendanceDayType)
export class AttendanceDayResolver {
  @FieldResolver(() => StudentType, { nullable: true })
  async student(@Root() day: AttendanceDayType, @Ctx() ctx: ViewerContext): Promise<StudentType | null> {
    const student = await ctx.loaders.students.visibleStudentById.load(day.studentDbId);
    return student ? StudentType.from(student) : null;
  }

  @FieldResolver(() => SchoolType, { description: 'Where the student was enrolled that day' })
  async school(@Root() day: AttendanceDayType, @Ctx() ctx: ViewerContext): Promise<SchoolType> {
    return SchoolType.from((await ctx.loaders.schools.schoolById.load(day.schoolDbId))!);
  }

  @FieldResolver(() => [AttendanceCorrectionType], { description: 'Earlier values of this day, oldest first' })
  async corrections(@Root() day: AttendanceDayType, @Ctx() ctx: ViewerContext): Promise<AttendanceCorrectionType[]> {
    return (await ctx.loaders.attendance.correctionsByDay.load(`${day.studentDbId}|${day.date}`)).map(AttendanceCorrectionType.from);
  }

  @Authorized(ATTENDANCE_RECORDERS)
  @Mutation(() => AttendanceDayRecordPayload, { description: "Records (or corrects) one student's attendance on one day" })
  attendanceDayRecord(@Ctx() ctx: ViewerContext, @Arg('input', () => AttendanceDayInput) input: AttendanceDayInput) {
    return payloadOf('attendanceDay', AttendanceDayType.from, async () => {
      const { attendanceDays } = await attendanceRecordingService.record(ctx, [input], (_, name) => ['input', name]);
      return { attendanceDay: attendanceDays[0] };
    });
  }

  @Authorized(ATTENDANCE_RECORDERS)
  @Mutation(() => AttendanceDaysRecordPayload, { description: 'Records (or corrects) a class or a school day at once, all or nothing; errors name the row and field' })
  attendanceDaysRecord(@Ctx() ctx: ViewerContext, @Arg('input', () => AttendanceDaysRecordInput) input: AttendanceDaysRecordInput) {
    return payloadOf(
      'attendanceDays',
      (rows: Parameters<typeof AttendanceDayType.from>[0][]) => rows.map(AttendanceDayType.from),
      () => attendanceRecordingService.record(ctx, input.records, (i, name) => ['input', 'records', String(i), name]),
    );
  }
}

@Authorized()
@Resolver(() => AttendanceCorrectionType)
export class AttendanceCorrectionResolver {
  @FieldResolver(() => StaffUserType)
  async correctedBy(@Root() correction: AttendanceCorrectionType, @Ctx() ctx: ViewerContext): Promise<StaffUserType> {
    return StaffUserType.from((await ctx.loaders.staff.staffUserById.load(correction.correctedByDbId))!);
  }
}

@Authorized()
@Resolver(() => AttendanceSettingsType)
export class AttendanceSettingsResolver {
  @Query(() => AttendanceSettingsType, { description: "The district's attendance thresholds" })
  async attendanceSettings(@Ctx() ctx: ViewerContext): Promise<AttendanceSettingsType> {
    return AttendanceSettingsType.from(await ctx.loaders.attendance.settings());
  }

  @Authorized([StaffRole.DISTRICT_ADMIN])
  @Mutation(() => AttendanceSettingsPayload, { description: 'Tunes the attendance thresholds; CONFLICT if they changed since read' })
  attendanceSettingsUpdate(@Ctx() ctx: ViewerContext, @Arg('input', () => AttendanceSettingsUpdateInput) input: AttendanceSettingsUpdateInput) {
    return payloadOf('attendanceSettings', AttendanceSettingsType.from, () => attendanceSettingsService.update(ctx, input));
  }
}

export const attendanceResolvers = [
  StudentAttendanceResolver,
  StudentAttendanceTypeResolver,
  AttendanceDayResolver,
  AttendanceCorrectionResolver,
  AttendanceSettingsResolver,
  AttendanceCaseResolver,
  AttendanceActionResolver,
  SchoolAttendanceFieldResolver,
  SchoolAttendanceResolver,
  DistrictAttendanceResolver,
  SchoolChronicAbsenceResolver,
  ChronicAbsenceEntryResolver,
  AttendanceTriggeredStudentResolver,
  AttendanceStaleCaseResolver,
  AttendanceImprovementResolver,
] as const;
