import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../common/graphql/connection';
import { toGlobalId } from '../../common/graphql/global-id';
import { Node } from '../../common/graphql/node';
import { LocalDate } from '../../common/graphql/scalars';
import { MtssDomain } from '../../common/mtss';
import type { Dosage } from './dosage';
import { InterventionDiscontinueReason, InterventionPlanOutcome, InterventionPlanStatus } from './intervention-enums';
import type { InterventionPlanEntity, ProgressPointEntity } from './intervention-plan.entity';
import { type AimLine, GoalDirection, ProgressStatus, aimLineValue, goalDirection, meetsAimLine } from './progress-rule';

/** The aim line of a plan's goal: from (start date, baseline) to (goal target date, target). */
export function aimOf(plan: InterventionPlanEntity): AimLine {
  return { startDate: plan.startDate, baseline: plan.goalBaseline, targetDate: plan.goalTargetDate, target: plan.goalTarget };
}

@ObjectType('InterventionGoal', { description: 'A measurable goal: from the baseline to the target by the target date' })
export class InterventionGoalType {
  @Field({ description: 'What is measured, e.g. "Words correct per minute (grade 3 ORF)"' })
  measure: string;

  @Field(() => Float)
  baseline: number;

  @Field(() => Float)
  target: number;

  @Field(() => LocalDate)
  targetDate: string;

  @Field(() => GoalDirection, { description: 'DECREASE when the target is below the baseline' })
  direction: GoalDirection;
}

@ObjectType('InterventionSchedule')
export class InterventionScheduleType {
  @Field(() => Int)
  sessionsPerWeek: number;

  @Field(() => Int)
  minutesPerSession: number;
}

@ObjectType('InterventionPlan', { implements: Node, description: "A student's intervention plan" })
export class InterventionPlanType extends Node {
  dbId: string;
  studentDbId: string;
  schoolDbId: string;
  interventionDbId: string | null;
  interventionistDbId: string;
  /** The aim line of the goal, for progress. */
  aim: AimLine;

  @Field(() => String, { nullable: true, description: 'The name of a custom intervention (one not in the catalog)' })
  customName: string | null;

  @Field(() => MtssDomain)
  domain: MtssDomain;

  @Field(() => Int)
  tier: number;

  @Field(() => InterventionGoalType)
  goal: InterventionGoalType;

  @Field(() => InterventionScheduleType)
  schedule: InterventionScheduleType;

  @Field(() => LocalDate)
  startDate: string;

  @Field(() => LocalDate)
  plannedEndDate: string;

  @Field(() => LocalDate, { description: 'When the team reviews the data (by default six weeks after the start)' })
  reviewDate: string;

  @Field(() => InterventionPlanStatus)
  status: InterventionPlanStatus;

  @Field(() => LocalDate, { nullable: true })
  closedDate: string | null;

  @Field(() => InterventionPlanOutcome, { nullable: true, description: 'Recorded when the plan closes' })
  outcome: InterventionPlanOutcome | null;

  @Field(() => InterventionDiscontinueReason, { nullable: true })
  discontinuedReason: InterventionDiscontinueReason | null;

  @Field(() => String, { nullable: true })
  closeNote: string | null;

  @Field(() => Int, { description: 'Pass back as expectedVersion when updating or closing' })
  version: number;

  // Built for every row of a page of students: by assignment, which costs a fifth of
  // Object.assign over a literal (issue 9).
  static from(entity: InterventionPlanEntity): InterventionPlanType {
    const aim = aimOf(entity);
    const plan = new InterventionPlanType();
    plan.id = toGlobalId('InterventionPlan', entity.id);
    plan.dbId = entity.id;
    plan.studentDbId = entity.studentId;
    plan.schoolDbId = entity.schoolId;
    plan.interventionDbId = entity.interventionId;
    plan.interventionistDbId = entity.interventionistId;
    plan.aim = aim;
    plan.customName = entity.customName;
    plan.domain = entity.domain;
    plan.tier = entity.tier;
    plan.goal = {
      measure: entity.goalMeasure,
      baseline: entity.goalBaseline,
      target: entity.goalTarget,
      targetDate: entity.goalTargetDate,
      direction: goalDirection(aim),
    };
    plan.schedule = { sessionsPerWeek: entity.sessionsPerWeek, minutesPerSession: entity.minutesPerSession };
    plan.startDate = entity.startDate;
    plan.plannedEndDate = entity.plannedEndDate;
    plan.reviewDate = entity.reviewDate;
    plan.status = entity.status;
    plan.closedDate = entity.closedDate;
    plan.outcome = entity.outcome;
    plan.discontinuedReason = entity.discontinuedReason;
    plan.closeNote = entity.closeNote;
    plan.version = entity.version;
    return plan;
  }
}

@ObjectType()
export class InterventionPlanConnection extends Connection(InterventionPlanType, 'InterventionPlan') {}

@ObjectType('InterventionDosage', {
  description:
    'Dosage derived from the session logs. Planned sessions accrue per school day (instructional days of the district calendar): ' +
    'sessionsPerWeek / 5 a school day, from the start date to the earliest of asOf, the closed date and the planned end date.',
})
export class InterventionDosageType {
  @Field(() => LocalDate)
  asOf: string;

  @Field(() => Int, { description: 'Instructional days in the window' })
  schoolDays: number;

  @Field(() => Float, { description: 'sessionsPerWeek x schoolDays / 5 (can be fractional)' })
  sessionsPlanned: number;

  @Field(() => Int, { description: 'Logged sessions up to asOf that the student attended' })
  sessionsDelivered: number;

  @Field(() => Int, { description: 'Logged sessions up to asOf that the student missed, for any reason' })
  sessionsMissed: number;

  @Field(() => Float)
  minutesPlanned: number;

  @Field(() => Int)
  minutesDelivered: number;

  @Field(() => Float, { nullable: true, description: 'minutesDelivered / minutesPlanned; null while nothing is planned' })
  deliveredShare: number | null;

  static from(asOf: string, dosage: Dosage): InterventionDosageType {
    return Object.assign(new InterventionDosageType(), { asOf, ...dosage });
  }
}

@ObjectType('ProgressPoint', { implements: Node, description: "A progress-monitoring score on the plan's goal measure" })
export class ProgressPointType extends Node {
  dbId: string;
  planDbId: string;

  @Field(() => LocalDate)
  date: string;

  @Field(() => Float)
  score: number;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => Float, { description: "The aim line's value on the date" })
  aimLineValue: number;

  @Field({ description: "On the aim line or on the goal's side of it" })
  meetsAimLine: boolean;

  static from(entity: ProgressPointEntity, aim: AimLine): ProgressPointType {
    const point = { date: entity.measuredOn, score: entity.score };
    return Object.assign(new ProgressPointType(), {
      id: toGlobalId('ProgressPoint', entity.id),
      dbId: entity.id,
      planDbId: entity.planId,
      date: entity.measuredOn,
      score: entity.score,
      note: entity.note,
      aimLineValue: Math.round(aimLineValue(aim, entity.measuredOn) * 100) / 100,
      meetsAimLine: meetsAimLine(aim, point),
    });
  }
}

@ObjectType('AimLine', { description: 'The straight line from (start date, baseline) to (goal target date, target)' })
export class AimLineType {
  @Field(() => LocalDate)
  startDate: string;

  @Field(() => Float)
  startValue: number;

  @Field(() => LocalDate)
  endDate: string;

  @Field(() => Float)
  endValue: number;
}

@ObjectType('InterventionProgress')
export class InterventionProgressType {
  @Field(() => AimLineType)
  aimLine: AimLineType;

  @Field(() => [ProgressPointType], { description: 'Oldest first' })
  points: ProgressPointType[];

  @Field(() => ProgressStatus, {
    description:
      'NOT_ENOUGH_DATA under 3 points; NOT_RESPONDING when the last 4 miss the aim line; ON_TRACK when the last 3 meet it; else MIXED',
  })
  onTrack: ProgressStatus;
}
