import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { ViewerContext } from '../../context';
import { InterventionPlanType } from '../interventions/intervention-plan.type';
import { SchoolType } from '../schools/school.type';
import { scopeToViewer } from '../students/student-access';
import { StudentEntity } from '../students/student.entity';
import { StudentType } from '../students/student.type';
import { flaggedWithoutPlan, plansMissingProgress, plansPastReview } from './mtss-queues';
import { MtssQueuesType, QueueItemType, QueueKind } from './queue.types';

/** Ids of the students enrolled at a school today that the viewer may see. */
async function visibleStudentsAt(ctx: ViewerContext, schoolId: string): Promise<string[]> {
  const qb = ctx.db.manager
    .createQueryBuilder(StudentEntity, 's')
    .select('s.id', 'id')
    .where(
      `EXISTS (SELECT 1 FROM enrollment e WHERE e.student_id = s.id AND e.school_id = :schoolId
         AND e.entry_date <= :today AND (e.exit_date IS NULL OR e.exit_date >= :today))`,
      { schoolId, today: ctx.today },
    );
  return (await scopeToViewer(qb, ctx, 's.id').getRawMany<{ id: string }>()).map((r) => r.id);
}

@Authorized()
@Resolver(() => SchoolType)
export class SchoolQueuesResolver {
  @FieldResolver(() => MtssQueuesType, { description: "The school's MTSS queues (only students you may see)" })
  async mtssQueues(@Root() school: SchoolType, @Ctx() ctx: ViewerContext): Promise<MtssQueuesType> {
    const em = ctx.db.manager;
    const ids = await visibleStudentsAt(ctx, school.dbId);
    const [flagged, pastReview, missing] = await Promise.all([
      flaggedWithoutPlan(em, ids, ctx.today),
      plansPastReview(em, ids, ctx.today),
      plansMissingProgress(em, ids, ctx.today),
    ]);
    return Object.assign(new MtssQueuesType(), {
      schoolDbId: school.dbId,
      flaggedWithoutPlan: flagged.map((r) => QueueItemType.from(QueueKind.FLAGGED_WITHOUT_PLAN, r)),
      plansPastReview: pastReview.map((r) => QueueItemType.from(QueueKind.PLAN_PAST_REVIEW, r)),
      plansMissingProgress: missing.map((r) => QueueItemType.from(QueueKind.PLAN_MISSING_PROGRESS, r)),
    });
  }
}

@Authorized()
@Resolver(() => QueueItemType)
export class QueueItemResolver {
  @FieldResolver(() => StudentType, { nullable: true })
  async student(@Root() item: QueueItemType, @Ctx() ctx: ViewerContext): Promise<StudentType | null> {
    const student = await ctx.loaders.students.visibleStudentById.load(item.studentDbId);
    return student ? StudentType.from(student) : null;
  }

  @FieldResolver(() => InterventionPlanType, { nullable: true, description: 'The plan to act on, when the item is about one' })
  async plan(@Root() item: QueueItemType, @Ctx() ctx: ViewerContext): Promise<InterventionPlanType | null> {
    if (!item.planDbId) return null;
    const plan = await ctx.loaders.interventions.planById.load(item.planDbId);
    return plan ? InterventionPlanType.from(plan) : null;
  }
}

export const queueResolvers = [SchoolQueuesResolver, QueueItemResolver] as const;
