import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../common/graphql/connection';
import { toGlobalId } from '../../common/graphql/global-id';
import { Node } from '../../common/graphql/node';
import { LocalDate } from '../../common/graphql/scalars';
import { AttendanceActionType as ActionType, AttendanceCaseOutcome, AttendanceCaseStatus, AttendanceCategory, AttendanceTrigger } from './attendance-enums';
import { percentOf } from './attendance-rules';
import type { ChronicAbsenceCounts, StudentAttendanceMonthRow, StudentAttendanceRow } from './attendance-stats.service';
import type { AttendanceActionEntity, AttendanceCaseEntity, AttendanceDayHistoryEntity, AttendanceSettingsEntity } from './attendance.entities';

@ObjectType('AttendanceDay', { description: "A student's recorded attendance on an instructional day (no record: present)" })
export class AttendanceDayType {
  studentDbId: string;
  schoolDbId: string;

  @Field(() => LocalDate)
  date: string;

  @Field(() => AttendanceCategory)
  category: AttendanceCategory;

  static from(row: { studentId: string; schoolId: string; calendarDate: string; category: AttendanceCategory }): AttendanceDayType {
    return Object.assign(new AttendanceDayType(), { studentDbId: row.studentId, schoolDbId: row.schoolId, date: row.calendarDate, category: row.category });
  }
}

@ObjectType('AttendanceCorrection', { description: 'An earlier value of a corrected attendance day' })
export class AttendanceCorrectionType {
  correctedByDbId: string;

  @Field(() => AttendanceCategory, { description: 'The value before the correction' })
  previousCategory: AttendanceCategory;

  @Field(() => AttendanceCategory, { description: 'The value it was corrected to' })
  category: AttendanceCategory;

  @Field()
  correctedAt: Date;

  static from(e: AttendanceDayHistoryEntity): AttendanceCorrectionType {
    return Object.assign(new AttendanceCorrectionType(), {
      correctedByDbId: e.changedBy,
      previousCategory: e.previousCategory,
      category: e.category,
      correctedAt: e.changedAt,
    });
  }
}

export function triggersOf(row: { monthOne: boolean; monthTwo: boolean; atRisk: boolean; chronic: boolean; severe: boolean }): AttendanceTrigger[] {
  const fired: [boolean, AttendanceTrigger][] = [
    [row.monthOne, AttendanceTrigger.MONTH_ONE_ABSENCES],
    [row.monthTwo, AttendanceTrigger.MONTH_TWO_ABSENCES],
    [row.atRisk, AttendanceTrigger.AT_RISK_RATE],
    [row.chronic, AttendanceTrigger.CHRONIC_RATE],
    [row.severe, AttendanceTrigger.SEVERE_CHRONIC_RATE],
  ];
  return fired.filter(([on]) => on).map(([, trigger]) => trigger);
}

@ObjectType('StudentAttendance', { description: "A student's attendance over a period, across every school attended" })
export class StudentAttendanceType {
  studentDbId: string;

  @Field(() => LocalDate, { description: 'First day of the period (the school year start unless asked otherwise)' })
  from: string;

  @Field(() => LocalDate, { description: 'The as-of date, last day of the period' })
  asOf: string;

  @Field(() => Int, { description: 'Instructional days within the enrollments, to the as-of date' })
  daysEnrolled: number;

  @Field(() => Int, { description: 'Excused and unexcused absences (suspensions included): every absence counts' })
  daysAbsent: number;

  @Field(() => Int)
  excusedAbsences: number;

  @Field(() => Int)
  unexcusedAbsences: number;

  @Field(() => Int, { description: 'Not absences' })
  tardies: number;

  @Field(() => Int, { description: 'Not absences' })
  earlyDepartures: number;

  @Field(() => Int, { description: 'Present for part of the day: not an absence' })
  partialDays: number;

  @Field({ description: 'Enrolled at least the minimum days (default 10): only then is there a rate and a chronic status' })
  includedInRate: boolean;

  @Field(() => Float, { nullable: true, description: 'Percent of days enrolled present; null when not included in rates' })
  attendanceRate: number | null;

  @Field(() => Float, { nullable: true, description: 'Percent of days enrolled absent; null when not included in rates' })
  absenceRate: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Absent on at least 10% (the district threshold) of days enrolled; null when not included in rates' })
  chronicallyAbsent: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Absent on at least 20% (the district threshold); null when not included in rates' })
  severelyChronicallyAbsent: boolean | null;

  @Field(() => Int, { description: 'Attendance Works tier: 1 satisfactory, 2 at risk, 3 chronically absent' })
  tier: number;

  @Field(() => [AttendanceTrigger], { description: 'The rules that put the student above Tier 1' })
  triggers: AttendanceTrigger[];

  static from(row: StudentAttendanceRow | undefined, studentDbId: string, period: { from: string; to: string }): StudentAttendanceType {
    const r = row ?? emptyRow(studentDbId);
    return Object.assign(new StudentAttendanceType(), {
      studentDbId,
      from: period.from,
      asOf: period.to,
      daysEnrolled: r.daysEnrolled,
      daysAbsent: r.absences,
      excusedAbsences: r.excusedAbsence,
      unexcusedAbsences: r.unexcusedAbsence,
      tardies: r.tardy,
      earlyDepartures: r.earlyDeparture,
      partialDays: r.partialDay,
      includedInRate: r.rated,
      attendanceRate: r.rated ? percentOf(r.daysEnrolled - r.absences, r.daysEnrolled) : null,
      absenceRate: r.rated ? percentOf(r.absences, r.daysEnrolled) : null,
      chronicallyAbsent: r.rated ? r.chronic : null,
      severelyChronicallyAbsent: r.rated ? r.severe : null,
      tier: r.tier,
      triggers: triggersOf(r),
    });
  }
}

function emptyRow(studentId: string): StudentAttendanceRow {
  return {
    studentId, daysEnrolled: 0, absences: 0, inAttendance: 0, excusedAbsence: 0, unexcusedAbsence: 0, tardy: 0, earlyDeparture: 0,
    partialDay: 0, monthOneAbsences: 0, monthTwoAbsences: 0, rated: false, chronic: false, severe: false, atRisk: false,
    monthOne: false, monthTwo: false, tier: 1,
  };
}

@ObjectType('AttendanceMonth', { description: 'One calendar month of a student\'s attendance (the trend)' })
export class AttendanceMonthType {
  @Field(() => LocalDate, { description: 'The first day of the month' })
  month: string;

  @Field(() => Int)
  daysEnrolled: number;

  @Field(() => Int)
  daysAbsent: number;

  @Field(() => Int)
  tardies: number;

  @Field(() => Int)
  earlyDepartures: number;

  @Field(() => Int)
  partialDays: number;

  @Field(() => Float, { nullable: true, description: 'Percent of the month\'s days enrolled present' })
  attendanceRate: number | null;

  static from(row: StudentAttendanceMonthRow): AttendanceMonthType {
    return Object.assign(new AttendanceMonthType(), {
      month: row.month,
      daysEnrolled: row.daysEnrolled,
      daysAbsent: row.absences,
      tardies: row.tardy,
      earlyDepartures: row.earlyDeparture,
      partialDays: row.partialDay,
      attendanceRate: percentOf(row.daysEnrolled - row.absences, row.daysEnrolled),
    });
  }
}

@ObjectType('AttendanceSettings', { description: "The district's attendance thresholds (Connecticut / Attendance Works defaults)" })
export class AttendanceSettingsType {
  @Field(() => Float, { description: 'Chronically absent from this percent of days enrolled' })
  chronicAbsencePercent: number;

  @Field(() => Float)
  severeAbsencePercent: number;

  @Field(() => Float, { description: 'At risk (Tier 2) from this percent' })
  atRiskAbsencePercent: number;

  @Field(() => Int, { description: 'Students enrolled fewer days are left out of rates' })
  minimumDaysEnrolled: number;

  @Field(() => Int, { description: 'Early trigger: absences in the first month of the school year' })
  monthOneAbsences: number;

  @Field(() => Int, { description: 'Early trigger: absences in the first two months' })
  monthTwoAbsences: number;

  @Field(() => Int, { description: 'An open case with no action for more days than this is stale' })
  staleCaseDays: number;

  @Field(() => Int, { description: "Days compared before and after a case's first action" })
  improvementWindowDays: number;

  @Field(() => Int)
  version: number;

  static from(e: AttendanceSettingsEntity): AttendanceSettingsType {
    return Object.assign(new AttendanceSettingsType(), {
      chronicAbsencePercent: e.chronicAbsencePercent,
      severeAbsencePercent: e.severeAbsencePercent,
      atRiskAbsencePercent: e.atRiskAbsencePercent,
      minimumDaysEnrolled: e.minimumDaysEnrolled,
      monthOneAbsences: e.monthOneAbsences,
      monthTwoAbsences: e.monthTwoAbsences,
      staleCaseDays: e.staleCaseDays,
      improvementWindowDays: e.improvementWindowDays,
      version: e.version,
    });
  }
}

@ObjectType('AttendanceCase', { implements: Node, description: "An attendance team's case for a student in a school year" })
export class AttendanceCaseType extends Node {
  dbId: string;
  studentDbId: string;
  schoolDbId: string;
  schoolYearDbId: string;
  ownerDbId: string;
  openedByDbId: string;

  @Field(() => Int, { description: '2 (early intervention) or 3 (intensive)' })
  tier: number;

  @Field()
  reason: string;

  @Field(() => AttendanceCaseStatus)
  status: AttendanceCaseStatus;

  @Field(() => LocalDate)
  openedOn: string;

  @Field(() => LocalDate, { nullable: true })
  closedOn: string | null;

  @Field(() => AttendanceCaseOutcome, { nullable: true })
  outcome: AttendanceCaseOutcome | null;

  @Field(() => String, { nullable: true })
  closingNote: string | null;

  @Field(() => Int, { description: 'Pass back as expectedVersion when updating or closing' })
  version: number;

  static from(e: AttendanceCaseEntity): AttendanceCaseType {
    return Object.assign(new AttendanceCaseType(), {
      id: toGlobalId('AttendanceCase', e.id),
      dbId: e.id,
      studentDbId: e.studentId,
      schoolDbId: e.schoolId,
      schoolYearDbId: e.schoolYearId,
      ownerDbId: e.ownerId,
      openedByDbId: e.openedBy,
      tier: e.tier,
      reason: e.reason,
      status: e.status,
      openedOn: e.openedOn,
      closedOn: e.closedOn,
      outcome: e.outcome,
      closingNote: e.closingNote,
      version: e.version,
    });
  }
}

@ObjectType('AttendanceAction', { implements: Node, description: 'An attendance team action logged on a case' })
export class AttendanceActionType extends Node {
  dbId: string;
  caseDbId: string;
  studentDbId: string;
  staffDbId: string;
  recordedByDbId: string;

  @Field(() => ActionType)
  type: ActionType;

  @Field(() => LocalDate)
  actionDate: string;

  @Field(() => String, { nullable: true })
  outcome: string | null;

  @Field(() => String, { nullable: true })
  nextStep: string | null;

  @Field(() => LocalDate, { nullable: true })
  nextStepDueDate: string | null;

  // Built for every row of a page of students: by assignment, which costs a fifth of
  // Object.assign over a literal (issue 9).
  static from(e: AttendanceActionEntity): AttendanceActionType {
    const attendanceAction = new AttendanceActionType();
    attendanceAction.id = toGlobalId('AttendanceAction', e.id);
    attendanceAction.dbId = e.id;
    attendanceAction.caseDbId = e.caseId;
    attendanceAction.studentDbId = e.studentId;
    attendanceAction.staffDbId = e.staffId;
    attendanceAction.recordedByDbId = e.recordedBy;
    attendanceAction.type = e.type;
    attendanceAction.actionDate = e.actionDate;
    attendanceAction.outcome = e.outcome;
    attendanceAction.nextStep = e.nextStep;
    attendanceAction.nextStepDueDate = e.nextStepDue;
    return attendanceAction;
  }
}

// Registered so subclasses inherit its fields; never referenced, so never emitted itself.
@ObjectType('ChronicAbsenceFiguresBase')
export abstract class ChronicAbsenceFiguresType {
  @Field(() => LocalDate)
  from: string;

  @Field(() => LocalDate)
  asOf: string;

  @Field(() => Int, { description: 'Students with at least one day enrolled in the period' })
  studentsEnrolled: number;

  @Field(() => Int, { description: 'Students enrolled at least the minimum days: the denominator of the rate' })
  studentsCounted: number;

  @Field(() => Int)
  chronicallyAbsentCount: number;

  @Field(() => Int)
  severelyChronicallyAbsentCount: number;

  @Field(() => Float, { nullable: true, description: 'Percent of the students counted who are chronically absent (the district goal: 13% or lower)' })
  chronicAbsenceRate: number | null;

  static figures(counts: ChronicAbsenceCounts, period: { from: string; to: string }) {
    return {
      from: period.from,
      asOf: period.to,
      studentsEnrolled: counts.studentsEnrolled,
      studentsCounted: counts.studentsCounted,
      chronicallyAbsentCount: counts.chronicallyAbsent,
      severelyChronicallyAbsentCount: counts.severelyChronicallyAbsent,
      chronicAbsenceRate: percentOf(counts.chronicallyAbsent, counts.studentsCounted),
    };
  }
}

@ObjectType('SchoolAttendance', { description: "A school's chronic absence (each student counted with their days at this school), its list and its team's queues" })
export class SchoolAttendanceType extends ChronicAbsenceFiguresType {
  schoolDbId: string;
  schoolYearDbId: string | null;
}

@ObjectType('SchoolChronicAbsence', { description: "One school's chronic absence figures" })
export class SchoolChronicAbsenceType extends ChronicAbsenceFiguresType {
  schoolDbId: string;
}

@ObjectType('DistrictAttendance', { description: "The district's chronic absence: each student once, across every school attended" })
export class DistrictAttendanceType extends ChronicAbsenceFiguresType {
  schoolYearDbId: string | null;
}

@ObjectType('ChronicAbsenceEntry', { description: 'A chronically absent student of a school, with their days at that school' })
export class ChronicAbsenceEntryType {
  studentDbId: string;

  @Field(() => Int)
  daysEnrolled: number;

  @Field(() => Int)
  daysAbsent: number;

  @Field(() => Float)
  absenceRate: number;

  @Field()
  severelyChronicallyAbsent: boolean;

  @Field({ description: 'Still enrolled at the school on the as-of date (false: transferred or withdrew)' })
  enrolledOnAsOf: boolean;
}

@ObjectType()
export class ChronicAbsenceEntryConnection extends Connection(ChronicAbsenceEntryType, 'ChronicAbsenceEntry') {}

@ObjectType('AttendanceTriggeredStudent', { description: 'A student above attendance Tier 1 with no open case: a suggested case' })
export class AttendanceTriggeredStudentType {
  studentDbId: string;

  @Field(() => Int, { description: 'The suggested case tier' })
  tier: number;

  @Field(() => [AttendanceTrigger])
  triggers: AttendanceTrigger[];

  @Field(() => Int)
  daysEnrolled: number;

  @Field(() => Int)
  daysAbsent: number;

  @Field(() => Float, { nullable: true })
  absenceRate: number | null;
}

@ObjectType()
export class AttendanceTriggeredStudentConnection extends Connection(AttendanceTriggeredStudentType, 'AttendanceTriggeredStudent') {}

@ObjectType('AttendanceStaleCase', { description: 'An open case with no recent action' })
export class AttendanceStaleCaseType {
  caseDbId: string;

  @Field(() => LocalDate, { nullable: true, description: 'Null when no action was ever logged' })
  lastActionOn: string | null;

  @Field(() => Int, { description: 'Days since the last action (or the opening)' })
  daysSinceActivity: number;
}

@ObjectType('AttendanceImprovement', { description: "A case whose student's attendance improved after the first action" })
export class AttendanceImprovementType {
  caseDbId: string;
  studentDbId: string;

  @Field(() => LocalDate)
  firstActionOn: string;

  @Field(() => Float, { description: 'Attendance rate (percent) in the window before the first action' })
  attendanceRateBefore: number;

  @Field(() => Float, { description: 'Attendance rate (percent) in the window after it' })
  attendanceRateAfter: number;
}
