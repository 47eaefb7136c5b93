import { IsOptional } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../common/graphql/connection';
import { toGlobalId } from '../../common/graphql/global-id';
import { LocalDate } from '../../common/graphql/scalars';
import type { WorkItem } from './work-item';

/** Which rule put an item on someone's list; each names the module rule it comes from. */
export enum MyWorkKind {
  /** An active plan the viewer delivers whose schedule calls for a session today, none logged yet. */
  INTERVENTION_SESSION_TO_LOG = 'INTERVENTION_SESSION_TO_LOG',
  /** mtss-queues: a Tier 2/3 plan without a progress point in its interval. */
  PROGRESS_POINT_DUE = 'PROGRESS_POINT_DUE',
  /** mtss-queues: an active plan past its review date. */
  PLAN_PAST_REVIEW = 'PLAN_PAST_REVIEW',
  /** mtss-queues: flagged by a screening rule with no active plan in that domain. */
  FLAGGED_WITHOUT_PLAN = 'FLAGGED_WITHOUT_PLAN',
  /** tutoring checks: Tier 2/3 in reading or math today with neither a plan nor tutoring in it. */
  TIER_WITHOUT_SUPPORT = 'TIER_WITHOUT_SUPPORT',
  /** A tutoring group meeting today with no session logged today. */
  TUTORING_SESSION_TO_LOG = 'TUTORING_SESSION_TO_LOG',
  /** tutoring checks: a group with students and a scheduled day this week, and no session logged since Monday. */
  TUTORING_GROUP_WITHOUT_SESSION = 'TUTORING_GROUP_WITHOUT_SESSION',
  /** tutoring checks: a student below the program's dosage target over the last four weeks. */
  TUTORING_BELOW_DOSAGE = 'TUTORING_BELOW_DOSAGE',
  /** attendance queues: above attendance Tier 1 with no open case. */
  ATTENDANCE_TRIGGERED_WITHOUT_CASE = 'ATTENDANCE_TRIGGERED_WITHOUT_CASE',
  /** attendance queues: an open case with no action in the district's stale-case days (14). */
  ATTENDANCE_CASE_STALE = 'ATTENDANCE_CASE_STALE',
  /** attendance queues: a next step overdue, or due in the next few days, with no later action. */
  ATTENDANCE_ACTION_DUE = 'ATTENDANCE_ACTION_DUE',
  /** meetings: an open follow-up task assigned to the viewer. */
  FOLLOW_UP_DUE = 'FOLLOW_UP_DUE',
  /** indicators: a school's indicator short of its target (the largest gaps). */
  INDICATOR_OFF_TARGET = 'INDICATOR_OFF_TARGET',
  /** A school with nothing logged this week where something should have been. */
  SCHOOL_DATA_STALE = 'SCHOOL_DATA_STALE',
}

registerEnumType(MyWorkKind, { name: 'MyWorkKind', description: 'Which rule put an item on your list' });

@ObjectType('MyWorkItem', { description: 'One thing to do: whose, why (the rule, with its figures), by when, and the record to open' })
export class MyWorkItemType {
  studentDbId: string | null;
  schoolDbId: string | null;

  @Field(() => MyWorkKind)
  kind: MyWorkKind;

  @Field({ description: 'The rule that put the item here, in words, with the figures' })
  reason: string;

  @Field(() => LocalDate, { nullable: true, description: 'When it is (or was) due; null when it has no date of its own' })
  dueDate: string | null;

  @Field(() => ID, { description: 'The global id of the record to act on (plan, case, group, assignment, task, student or school): open it with node(id)' })
  subjectId: string;

  @Field(() => Int, { description: 'Order among items due the same day: lower is more urgent' })
  priority: number;

  static from(item: WorkItem): MyWorkItemType {
    return Object.assign(new MyWorkItemType(), {
      studentDbId: item.studentId,
      schoolDbId: item.schoolId,
      kind: item.kind,
      reason: item.reason,
      dueDate: item.dueDate,
      subjectId: toGlobalId(item.subject.type, item.subject.id),
      priority: item.priority,
    });
  }
}

@ObjectType('MyWorkConnection')
export class MyWorkConnection extends Connection(MyWorkItemType, 'MyWork') {}

@InputType()
export class MyWorkFilter {
  @Field(() => [MyWorkKind], { nullable: true, description: 'Only items of these kinds' })
  @IsOptional()
  kinds?: MyWorkKind[];
}

@ObjectType('MeetingAgenda', { description: "What the school's next MTSS team meeting should look at" })
export class MeetingAgendaType {
  schoolDbId: string;
  lastMeetingDbId: string | null;

  @Field(() => LocalDate, { nullable: true, description: "The school's last MTSS meeting; null when it has held none" })
  lastMeetingOn: string | null;

  @Field(() => LocalDate, { description: 'When the next meeting is expected: the last one plus the district cadence, or today when overdue' })
  nextMeetingBy: string;

  @Field(() => [MyWorkItemType], { description: 'Students flagged by a screening rule since the last meeting, with no plan in that domain' })
  flaggedSinceLastMeeting: MyWorkItemType[];

  @Field(() => [MyWorkItemType], { description: 'Active plans whose review date falls by the next meeting' })
  plansDueForReview: MyWorkItemType[];

  @Field(() => [MyWorkItemType], { description: 'Attendance cases with no recent action or an overdue next step' })
  casesToReview: MyWorkItemType[];
}
