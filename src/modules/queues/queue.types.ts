import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDate } from '../../common/graphql/scalars';
import { MtssDomain } from '../../common/mtss';
import type { MtssQueueRow } from './mtss-queues';

export enum QueueKind {
  FLAGGED_WITHOUT_PLAN = 'FLAGGED_WITHOUT_PLAN',
  PLAN_PAST_REVIEW = 'PLAN_PAST_REVIEW',
  PLAN_MISSING_PROGRESS = 'PLAN_MISSING_PROGRESS',
}

registerEnumType(QueueKind, { name: 'QueueKind', description: 'Which rule put an item in a queue' });

@ObjectType('QueueItem', { description: 'Something a team should act on: whose, why (in words), since when, and the record to open' })
export class QueueItemType {
  studentDbId: string;
  planDbId: string | null;

  @Field(() => QueueKind)
  kind: QueueKind;

  @Field(() => MtssDomain, { nullable: true })
  domain: MtssDomain | null;

  @Field({ description: 'The rule that put the item here, in words' })
  reason: string;

  @Field(() => LocalDate, { nullable: true })
  dueDate: string | null;

  static from(kind: QueueKind, row: MtssQueueRow): QueueItemType {
    return Object.assign(new QueueItemType(), {
      kind,
      studentDbId: row.studentId,
      planDbId: row.planId,
      domain: row.domain,
      reason: row.reason,
      dueDate: row.dueDate,
    });
  }
}

@ObjectType('MtssQueues', { description: "A school's MTSS work lists, for the students you may see" })
export class MtssQueuesType {
  schoolDbId: string;

  @Field(() => [QueueItemType], { description: 'Flagged by a screening rule, with no active plan in that domain' })
  flaggedWithoutPlan: QueueItemType[];

  @Field(() => [QueueItemType], { description: 'Active plans past their review date' })
  plansPastReview: QueueItemType[];

  @Field(() => [QueueItemType], { description: 'Active plans with no progress point in the expected interval (Tier 2: 2 weeks, Tier 3: 1 week)' })
  plansMissingProgress: QueueItemType[];
}
