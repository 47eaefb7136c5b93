import { Field, Float, Int, ObjectType } from 'type-graphql';
import { LocalDate } from '../../common/graphql/scalars';
import { MtssDomain } from '../../common/mtss';
import type { GroupOverRatio, SessionUnderMinutes, SupportGap, TutoringProgramChecks, TutoringQueueScope } from './tutoring-checks.service';
import type { TutoringDosage } from './tutoring-dosage.service';

@ObjectType('TutoringDosage', {
  description: "A student's tutoring dosage in one program over a window, derived from schedules and session logs",
})
export class TutoringDosageType {
  studentDbId: string;
  programDbId: string;

  @Field(() => LocalDate, { description: 'The part of the window the student was assigned: from ...' })
  from: string;

  @Field(() => LocalDate, { description: '... to (never after today)' })
  to: string;

  @Field(() => Int, { description: "Instructional days in the student's assigned span" })
  instructionalDays: number;

  @Field(() => Float, { description: 'Instructional days / 5' })
  weeks: number;

  @Field(() => Int, { description: "Instructional days on the group's days of the week" })
  scheduledSessions: number;

  @Field(() => Int, { description: 'Sessions the group held' })
  deliveredSessions: number;

  @Field(() => Int, { description: 'Held sessions the student was present at' })
  attendedSessions: number;

  @Field(() => Int)
  attendedMinutes: number;

  @Field(() => Float, { nullable: true, description: 'Attended sessions per week; null over zero weeks' })
  sessionsPerWeek: number | null;

  @Field(() => Float, { nullable: true })
  minutesPerWeek: number | null;

  @Field(() => Float, { nullable: true, description: 'Null when nothing was attended' })
  averageMinutesPerSession: number | null;

  @Field(() => Float, { nullable: true, description: 'Delivered / scheduled (make-up sessions can take it above 1)' })
  deliveredShare: number | null;

  @Field(() => Float, { nullable: true, description: 'Attended / scheduled' })
  attendedShare: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of attended sessions led by the assigned tutor rather than a substitute' })
  consistency: number | null;

  @Field(() => Int)
  targetSessionsPerWeek: number;

  @Field(() => Int, { description: "The program's minimum minutes for the student's grade (the K-3 minimum for PK-3)" })
  targetMinutesPerSession: number;

  @Field(() => Boolean, { nullable: true, description: 'Sessions per week and minutes per session both at target; null under one week of school' })
  meetsTarget: boolean | null;

  static from(d: TutoringDosage): TutoringDosageType {
    return Object.assign(new TutoringDosageType(), {
      studentDbId: d.studentId,
      programDbId: d.programId,
      from: d.fromDate,
      to: d.toDate,
      instructionalDays: d.instructionalDays,
      weeks: d.weeks,
      scheduledSessions: d.scheduledSessions,
      deliveredSessions: d.deliveredSessions,
      attendedSessions: d.attendedSessions,
      attendedMinutes: d.attendedMinutes,
      sessionsPerWeek: d.sessionsPerWeek,
      minutesPerWeek: d.minutesPerWeek,
      averageMinutesPerSession: d.averageMinutesPerSession,
      deliveredShare: d.deliveredShare,
      attendedShare: d.attendedShare,
      consistency: d.consistency,
      targetSessionsPerWeek: d.targetSessionsPerWeek,
      targetMinutesPerSession: d.targetMinutesPerSession,
      meetsTarget: d.meetsTarget,
    });
  }
}

@ObjectType('TutoringGroupRatioFinding', { description: 'A group whose capacity or students today exceed the program ratio' })
export class TutoringGroupRatioFindingType {
  groupDbId: string;

  @Field(() => Int)
  capacity: number;

  @Field(() => Int, { description: 'Students assigned today' })
  studentsAssigned: number;

  @Field(() => Int)
  maxStudentsPerTutor: number;

  static from(f: GroupOverRatio): TutoringGroupRatioFindingType {
    return Object.assign(new TutoringGroupRatioFindingType(), {
      groupDbId: f.groupId,
      capacity: f.capacity,
      studentsAssigned: f.studentsAssigned,
      maxStudentsPerTutor: f.maxStudentsPerTutor,
    });
  }
}

@ObjectType('TutoringSessionMinutesFinding', { description: "A held session shorter than the program's minimum" })
export class TutoringSessionMinutesFindingType {
  sessionDbId: string;

  @Field(() => Int)
  minutes: number;

  @Field(() => Int, { description: 'The K-3 minimum when every student present was in grade PK-3' })
  minimumMinutes: number;

  static from(f: SessionUnderMinutes): TutoringSessionMinutesFindingType {
    return Object.assign(new TutoringSessionMinutesFindingType(), { sessionDbId: f.sessionId, minutes: f.minutes, minimumMinutes: f.minimumMinutes });
  }
}

@ObjectType('TutoringProgramChecks', { description: "A program against its target dosage; the session checks look at the last four weeks" })
export class TutoringProgramChecksType {
  @Field(() => LocalDate)
  asOf: string;

  @Field(() => LocalDate, { description: 'First day of the four-week window' })
  windowStart: string;

  @Field(() => Float, { description: "Instructional days in the program's dates / 5" })
  instructionalWeeks: number;

  @Field({ description: 'Runs fewer weeks than its target (NSSA: at least 10)' })
  shorterThanMinWeeks: boolean;

  @Field(() => [TutoringGroupRatioFindingType])
  groupsOverRatio: TutoringGroupRatioFindingType[];

  @Field(() => [TutoringSessionMinutesFindingType], { description: 'Newest first' })
  sessionsUnderMinutes: TutoringSessionMinutesFindingType[];

  @Field(() => [TutoringDosageType], { description: 'Students (visible to you) attending fewer sessions a week than the target over the window' })
  studentsBelowSessionsPerWeek: TutoringDosageType[];

  static from(c: TutoringProgramChecks): TutoringProgramChecksType {
    return Object.assign(new TutoringProgramChecksType(), {
      asOf: c.asOf,
      windowStart: c.windowStart,
      instructionalWeeks: c.instructionalWeeks,
      shorterThanMinWeeks: c.shorterThanMinWeeks,
      groupsOverRatio: c.groupsOverRatio.map(TutoringGroupRatioFindingType.from),
      sessionsUnderMinutes: c.sessionsUnderMinutes.map(TutoringSessionMinutesFindingType.from),
      studentsBelowSessionsPerWeek: c.studentsBelowSessionsPerWeek.map(TutoringDosageType.from),
    });
  }
}

@ObjectType('TutoringSupportGap', { description: 'A Tier 2/3 reading or math student with neither an active plan nor tutoring in that domain' })
export class TutoringSupportGapType {
  studentDbId: string;
  placementDbId: string;

  @Field(() => MtssDomain)
  domain: MtssDomain;

  @Field(() => Int)
  tier: number;

  static from(g: SupportGap): TutoringSupportGapType {
    return Object.assign(new TutoringSupportGapType(), { studentDbId: g.studentId, placementDbId: g.placementId, domain: g.domain, tier: g.tier });
  }
}

@ObjectType('TutoringQueue', { description: "A school's or a program's tutoring work queues, as of today" })
export class TutoringQueueType {
  scope: TutoringQueueScope;
}
