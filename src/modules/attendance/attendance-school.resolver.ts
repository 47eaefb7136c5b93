import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { DISTRICT_ROLES } from '../../common/auth/roles';
import { mapConnection } from '../../common/graphql/connection';
import { LocalDate } from '../../common/graphql/scalars';
import type { ViewerContext } from '../../context';
import { SchoolYearType } from '../calendar/calendar.type';
import { SchoolType } from '../schools/school.type';
import { StudentType } from '../students/student.type';
import { attendanceQueueService } from './attendance-queues';
import { percentOf } from './attendance-rules';
import { attendanceStatsService, type ChronicAbsenceReport } from './attendance-stats.service';
import {
  AttendanceActionType,
  AttendanceCaseType,
  AttendanceImprovementType,
  AttendanceStaleCaseType,
  AttendanceTriggeredStudentConnection,
  AttendanceTriggeredStudentType,
  ChronicAbsenceEntryConnection,
  ChronicAbsenceEntryType,
  ChronicAbsenceFiguresType,
  DistrictAttendanceType,
  SchoolAttendanceType,
  SchoolChronicAbsenceType,
  triggersOf,
} from './attendance.types';

async function visibleStudent(ctx: ViewerContext, id: string): Promise<StudentType> {
  return StudentType.from((await ctx.loaders.students.visibleStudentById.load(id))!);
}

function schoolAttendance(schoolDbId: string, report: ChronicAbsenceReport): SchoolAttendanceType {
  return Object.assign(new SchoolAttendanceType(), {
    ...ChronicAbsenceFiguresType.figures(report.counts, report.period),
    schoolDbId,
    schoolYearDbId: report.period.schoolYear?.id ?? null,
  });
}

@Authorized()
@Resolver(() => SchoolType)
export class SchoolAttendanceFieldResolver {
  @FieldResolver(() => SchoolAttendanceType, {
    nullable: true,
    description: "Chronic absence for the school year to asOf (default today), its list and the attendance team's queues; null unless you work at the school or district-wide",
  })
  async attendance(
    @Root() school: SchoolType,
    @Ctx() ctx: ViewerContext,
    @Arg('asOf', () => LocalDate, { nullable: true }) asOf?: string,
  ): Promise<SchoolAttendanceType | null> {
    const report = await attendanceStatsService.school(ctx, school.dbId, asOf);
    return report && schoolAttendance(school.dbId, report);
  }
}

@Authorized()
@Resolver(() => SchoolAttendanceType)
export class SchoolAttendanceResolver {
  @FieldResolver(() => SchoolType)
  async school(@Root() a: SchoolAttendanceType, @Ctx() ctx: ViewerContext): Promise<SchoolType> {
    return SchoolType.from((await ctx.loaders.schools.schoolById.load(a.schoolDbId))!);
  }

  @FieldResolver(() => SchoolYearType, { nullable: true })
  async schoolYear(@Root() a: SchoolAttendanceType, @Ctx() ctx: ViewerContext): Promise<SchoolYearType | null> {
    const year = a.schoolYearDbId ? await ctx.loaders.attendance.schoolYearById.load(a.schoolYearDbId) : null;
    return year ? SchoolYearType.from(year) : null;
  }

  @FieldResolver(() => ChronicAbsenceEntryConnection, { description: 'The chronically absent students you may see, most absent first' })
  async chronicallyAbsent(
    @Root() a: SchoolAttendanceType,
    @Ctx() ctx: ViewerContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ChronicAbsenceEntryConnection> {
    const page = await attendanceStatsService.chronicList(ctx, a.schoolDbId, { from: a.from, to: a.asOf }, first, after);
    return mapConnection(page, (r) =>
      Object.assign(new ChronicAbsenceEntryType(), {
        studentDbId: r.studentId,
        daysEnrolled: r.daysEnrolled,
        daysAbsent: r.absences,
        absenceRate: percentOf(r.absences, r.daysEnrolled),
        severelyChronicallyAbsent: r.severe,
        enrolledOnAsOf: r.enrolledOnAsOf,
      }),
    ) as unknown as ChronicAbsenceEntryConnection;
  }

  @FieldResolver(() => AttendanceTriggeredStudentConnection, {
    description: 'Students enrolled here today above attendance Tier 1 with no open case (suggested cases), highest tier and absence rate first',
  })
  async triggeredWithoutCase(
    @Root() a: SchoolAttendanceType,
    @Ctx() ctx: ViewerContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<AttendanceTriggeredStudentConnection> {
    const period = await ctx.loaders.attendance.period(null, null);
    const page = await attendanceQueueService.triggeredWithoutCase(ctx, a.schoolDbId, period.from, first, after);
    return mapConnection(page, (r) =>
      Object.assign(new AttendanceTriggeredStudentType(), {
        studentDbId: r.studentId,
        tier: r.tier,
        triggers: triggersOf(r),
        daysEnrolled: r.daysEnrolled,
        daysAbsent: r.absences,
        absenceRate: percentOf(r.absences, r.daysEnrolled),
      }),
    ) as unknown as AttendanceTriggeredStudentConnection;
  }

  @FieldResolver(() => [AttendanceStaleCaseType], { description: 'Open cases with no action in more than `days` days (default: the district setting, 14), as of today' })
  async staleCases(
    @Root() a: SchoolAttendanceType,
    @Ctx() ctx: ViewerContext,
    @Arg('days', () => Int, { nullable: true }) days?: number,
  ): Promise<AttendanceStaleCaseType[]> {
    const staleDays = days ?? (await ctx.loaders.attendance.settings()).staleCaseDays;
    const rows = await attendanceQueueService.staleCases(ctx, a.schoolDbId, staleDays);
    return rows.map((r) => Object.assign(new AttendanceStaleCaseType(), { caseDbId: r.caseId, lastActionOn: r.lastActionOn, daysSinceActivity: r.daysSinceActivity }));
  }

  @FieldResolver(() => [AttendanceActionType], { description: 'Next steps past their due date with no later action, on open cases, as of today' })
  async overdueActions(@Root() a: SchoolAttendanceType, @Ctx() ctx: ViewerContext): Promise<AttendanceActionType[]> {
    const rows = await attendanceQueueService.overdueActions(ctx, a.schoolDbId);
    const actions = await Promise.all(rows.map((r) => ctx.loaders.attendance.actionById.load(r.actionId)));
    return actions.map((action) => AttendanceActionType.from(action!));
  }

  @FieldResolver(() => [AttendanceImprovementType], { description: "Cases whose student's attendance rate rose in the window after the first action, as of today" })
  async improvedAfterIntervention(@Root() a: SchoolAttendanceType, @Ctx() ctx: ViewerContext): Promise<AttendanceImprovementType[]> {
    const rows = await attendanceQueueService.improvedAfterIntervention(ctx, a.schoolDbId);
    return rows.map((r) =>
      Object.assign(new AttendanceImprovementType(), {
        caseDbId: r.caseId,
        studentDbId: r.studentId,
        firstActionOn: r.firstActionOn,
        attendanceRateBefore: percentOf(r.beforeDays - r.beforeAbsences, r.beforeDays),
        attendanceRateAfter: percentOf(r.afterDays - r.afterAbsences, r.afterDays),
      }),
    );
  }
}

@Authorized()
@Resolver(() => DistrictAttendanceType)
export class DistrictAttendanceResolver {
  @Authorized(DISTRICT_ROLES)
  @Query(() => DistrictAttendanceType, { description: 'District chronic absence for the school year to asOf (default today)' })
  async districtAttendance(@Ctx() ctx: ViewerContext, @Arg('asOf', () => LocalDate, { nullable: true }) asOf?: string): Promise<DistrictAttendanceType> {
    const report = await attendanceStatsService.district(ctx, asOf);
    return Object.assign(new DistrictAttendanceType(), {
      ...ChronicAbsenceFiguresType.figures(report.counts, report.period),
      schoolYearDbId: report.period.schoolYear?.id ?? null,
    });
  }

  @FieldResolver(() => SchoolYearType, { nullable: true })
  async schoolYear(@Root() d: DistrictAttendanceType, @Ctx() ctx: ViewerContext): Promise<SchoolYearType | null> {
    const year = d.schoolYearDbId ? await ctx.loaders.attendance.schoolYearById.load(d.schoolYearDbId) : null;
    return year ? SchoolYearType.from(year) : null;
  }

  @FieldResolver(() => [SchoolChronicAbsenceType], { description: 'Every school, each student counted with their days at that school' })
  async schools(@Root() d: DistrictAttendanceType, @Ctx() ctx: ViewerContext): Promise<SchoolChronicAbsenceType[]> {
    const rows = await attendanceStatsService.countsBySchool(ctx.db.manager, { from: d.from, to: d.asOf });
    return rows.map(({ schoolId, ...counts }) =>
      Object.assign(new SchoolChronicAbsenceType(), { ...ChronicAbsenceFiguresType.figures(counts, { from: d.from, to: d.asOf }), schoolDbId: schoolId }),
    );
  }
}

@Authorized()
@Resolver(() => SchoolChronicAbsenceType)
export class SchoolChronicAbsenceResolver {
  @FieldResolver(() => SchoolType)
  async school(@Root() s: SchoolChronicAbsenceType, @Ctx() ctx: ViewerContext): Promise<SchoolType> {
    return SchoolType.from((await ctx.loaders.schools.schoolById.load(s.schoolDbId))!);
  }
}

@Authorized()
@Resolver(() => ChronicAbsenceEntryType)
export class ChronicAbsenceEntryResolver {
  @FieldResolver(() => StudentType)
  student(@Root() entry: ChronicAbsenceEntryType, @Ctx() ctx: ViewerContext): Promise<StudentType> {
    return visibleStudent(ctx, entry.studentDbId);
  }
}

@Authorized()
@Resolver(() => AttendanceTriggeredStudentType)
export class AttendanceTriggeredStudentResolver {
  @FieldResolver(() => StudentType)
  student(@Root() item: AttendanceTriggeredStudentType, @Ctx() ctx: ViewerContext): Promise<StudentType> {
    return visibleStudent(ctx, item.studentDbId);
  }
}

@Authorized()
@Resolver(() => AttendanceStaleCaseType)
export class AttendanceStaleCaseResolver {
  @FieldResolver(() => AttendanceCaseType)
  async attendanceCase(@Root() item: AttendanceStaleCaseType, @Ctx() ctx: ViewerContext): Promise<AttendanceCaseType> {
    return AttendanceCaseType.from((await ctx.loaders.attendance.caseById.load(item.caseDbId))!);
  }
}

@Authorized()
@Resolver(() => AttendanceImprovementType)
export class AttendanceImprovementResolver {
  @FieldResolver(() => AttendanceCaseType)
  async attendanceCase(@Root() item: AttendanceImprovementType, @Ctx() ctx: ViewerContext): Promise<AttendanceCaseType> {
    return AttendanceCaseType.from((await ctx.loaders.attendance.caseById.load(item.caseDbId))!);
  }

  @FieldResolver(() => StudentType)
  student(@Root() item: AttendanceImprovementType, @Ctx() ctx: ViewerContext): Promise<StudentType> {
    return visibleStudent(ctx, item.studentDbId);
  }
}
