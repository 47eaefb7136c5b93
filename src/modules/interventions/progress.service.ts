import { In } from 'typeorm';
import { isUniqueViolation } from '../../common/db-errors';
import { UserErrorCode, UserInputError } from '../../common/errors';
import { expectGlobalId } from '../../common/graphql/global-id';
import type { RequestContext, ViewerContext } from '../../context';
import { recordAudit } from '../audit/audit.service';
import { lockWritablePlan } from './intervention-access';
import { Problems } from './problems';
import { InterventionPlanStatus } from './intervention-enums';
import { type InterventionPlanEntity, ProgressPointEntity } from './intervention-plan.entity';
import type { ProgressPointRecordInput } from './intervention-plan.inputs';
import { MAX_SCORE, storableScore } from './numeric';

export interface RecordedProgressPoint {
  point: ProgressPointEntity;
  plan: InterventionPlanEntity;
}

export class ProgressService {
  /** Progress points of these plans, oldest first. */
  forPlans(ctx: RequestContext, planIds: readonly string[]): Promise<ProgressPointEntity[]> {
    return ctx.db.manager.find(ProgressPointEntity, { where: { planId: In([...planIds]) }, order: { measuredOn: 'ASC' } });
  }

  findByIds(ctx: RequestContext, ids: readonly string[]): Promise<ProgressPointEntity[]> {
    return ctx.db.manager.findBy(ProgressPointEntity, { id: In([...ids]) });
  }

  /**
   * Records a progress-monitoring score on an ACTIVE plan, one a day: the date must fall within the
   * plan's start..planned end and not after today (a score is recorded once measured).
   */
  async record(ctx: ViewerContext, input: ProgressPointRecordInput): Promise<RecordedProgressPoint> {
    const planId = expectGlobalId(input.planId, 'InterventionPlan', 'input.planId');
    return ctx.db.transaction(async (em) => {
      const plan = await lockWritablePlan(ctx, em, planId, ['input', 'planId'], 'pessimistic_read');
      const problems = new Problems();
      if (plan.status !== InterventionPlanStatus.ACTIVE) problems.invalid(['input', 'planId'], `The plan is ${plan.status.toLowerCase()}`);
      if (input.date > ctx.today) problems.invalid(['input', 'date'], 'A score cannot be recorded for a future date');
      else if (input.date < plan.startDate || input.date > plan.plannedEndDate) {
        problems.invalid(['input', 'date'], `The plan runs from ${plan.startDate} to ${plan.plannedEndDate}`);
      }
      const score = storableScore(input.score);
      if (score === null) problems.invalid(['input', 'score'], `must be a number from -${MAX_SCORE} to ${MAX_SCORE}`);
      problems.throwIfAny();
      const point = em.create(ProgressPointEntity, {
        planId,
        studentId: plan.studentId,
        measuredOn: input.date,
        score: score!,
        note: input.note ?? null,
        recordedBy: ctx.viewer.userId,
      });
      try {
        await em.save(ProgressPointEntity, point);
      } catch (error) {
        if (isUniqueViolation(error, 'progress_point_plan_date_key')) {
          throw UserInputError.of(UserErrorCode.DUPLICATE, ['input', 'date'], `A score is already recorded for ${input.date}`);
        }
        throw error;
      }
      await recordAudit(em, ctx, { action: 'progress_point.record', entityType: 'ProgressPoint', entityId: point.id, studentId: plan.studentId, after: point });
      return { point, plan };
    });
  }
}

export const progressService = new ProgressService();
