import type { EntityManager } from 'typeorm';
import { StaffRole, isDistrictRole } from '../../common/auth/roles';
import { addDays } from '../../common/dates';
import { isUniqueViolation } from '../../common/db-errors';
import { UserErrorCode, UserInputError } from '../../common/errors';
import { decodeCursor, pageSize, toConnection, type ConnectionShape } from '../../common/graphql/connection';
import { expectGlobalId } from '../../common/graphql/global-id';
import { MAX_TIER, MIN_TIER } from '../../common/mtss';
import type { RequestContext, ViewerContext } from '../../context';
import { entityRowsByKeys, type EntityOrder } from '../../db/entity-rows';
import { recordAudit } from '../audit/audit.service';
import { StaffUserEntity } from '../staff/staff.entity';
import { staffService } from '../staff/staff.service';
import { scopeToViewer } from '../students/student-access';
import { EnrollmentEntity } from '../students/student.entity';
import { INTERVENTIONIST_ROLES, lockWritablePlan, writableStudent } from './intervention-access';
import { Problems } from './problems';
import { InterventionPlanClosure, InterventionPlanStatus } from './intervention-enums';
import { InterventionPlanEntity } from './intervention-plan.entity';
import type {
  InterventionPlanCloseInput,
  InterventionPlanCreateInput,
  InterventionPlanFilter,
  InterventionPlanUpdateInput,
} from './intervention-plan.inputs';
import { InterventionEntity } from './intervention.entity';
import { MAX_SCORE, storableScore } from './numeric';

/** Review the data six weeks in unless the team sets another date (a common MTSS review cycle). */
export const DEFAULT_REVIEW_WEEKS = 6;
const SCHEDULE_RANGES = { sessionsPerWeek: [1, 10], minutesPerSession: [1, 240] } as const;

/** A student's plans, newest start first: the loader's order, and the page preload's (intervention.loaders.ts). */
export const STUDENT_PLANS_ORDER: EntityOrder<InterventionPlanEntity> = [['startDate', 'DESC'], ['id', 'DESC']];

export class InterventionPlanService {
  /** Plans of these students, newest first; the caller knows the students are visible. */
  forStudents(ctx: RequestContext, studentIds: readonly string[]): Promise<InterventionPlanEntity[]> {
    return entityRowsByKeys(ctx.db, InterventionPlanEntity, 'studentId', studentIds, STUDENT_PLANS_ORDER);
  }

  /** Plans by id, unscoped: readers check the student's visibility. */
  findByIds(ctx: RequestContext, ids: readonly string[]): Promise<InterventionPlanEntity[]> {
    return ctx.db.manager.createQueryBuilder(InterventionPlanEntity, 'p').where('p.id IN (:...ids)', { ids }).getMany();
  }

  /** Plans of students in the viewer's scope matching the filter, newest start first. */
  async list(ctx: ViewerContext, filter: InterventionPlanFilter | undefined, first?: number, after?: string): Promise<ConnectionShape<InterventionPlanEntity>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 2);
    const schoolId = filter?.schoolId ? expectGlobalId(filter.schoolId, 'School', 'filter.schoolId') : undefined;
    const interventionistId = filter?.interventionistId ? expectGlobalId(filter.interventionistId, 'StaffUser', 'filter.interventionistId') : undefined;
    const interventionId = filter?.interventionId ? expectGlobalId(filter.interventionId, 'Intervention', 'filter.interventionId') : undefined;
    const base = () => {
      const qb = ctx.db.manager
        .createQueryBuilder(InterventionPlanEntity, 'p')
        .where('EXISTS (SELECT 1 FROM student s WHERE s.id = p.student_id AND s.deleted_at IS NULL)');
      scopeToViewer(qb, ctx, 'p.student_id');
      if (filter?.status) qb.andWhere('p.status = :status', { status: filter.status });
      if (filter?.domain) qb.andWhere('p.domain = :domain', { domain: filter.domain });
      if (schoolId) qb.andWhere('p.school_id = :schoolId', { schoolId });
      if (interventionistId) qb.andWhere('p.interventionist_id = :interventionistId', { interventionistId });
      if (interventionId) qb.andWhere('p.intervention_id = :interventionId', { interventionId });
      return qb;
    };
    const page = base();
    if (cursor) page.andWhere('(p.start_date, p.id) < (:cd, :ci)', { cd: cursor[0], ci: cursor[1] });
    const rows = await page.orderBy('p.start_date', 'DESC').addOrderBy('p.id', 'DESC').take(limit + 1).getMany();
    return toConnection(rows, limit, (p) => [p.startDate, p.id], (p) => p, () => base().getCount());
  }

  /**
   * Puts a student on an intervention. The plan takes the catalog's recommended schedule and
   * length unless given, records the school the student attends on the start date, and is
   * refused (DUPLICATE) when the student already has an ACTIVE plan with the same catalog
   * intervention: the partial unique index `intervention_plan_active_key` decides, so two
   * concurrent requests cannot both pass.
   */
  async create(ctx: ViewerContext, input: InterventionPlanCreateInput): Promise<{ interventionPlan: InterventionPlanEntity }> {
    const studentId = expectGlobalId(input.studentId, 'Student', 'input.studentId');
    const interventionId = input.interventionId ? expectGlobalId(input.interventionId, 'Intervention', 'input.interventionId') : null;
    const interventionistId = input.interventionistId
      ? expectGlobalId(input.interventionistId, 'StaffUser', 'input.interventionistId')
      : ctx.viewer.userId;
    return ctx.db.transaction(async (em) => {
      await writableStudent(ctx, em, studentId, ['input', 'studentId']);
      const problems = new Problems();
      let intervention: InterventionEntity | null = null;
      if (interventionId) {
        intervention = await em.findOneBy(InterventionEntity, { id: interventionId });
        if (!intervention) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'interventionId'], 'No such intervention');
        if (!intervention.active) problems.invalid(['input', 'interventionId'], 'The intervention is retired; choose another');
        if (input.customName) problems.invalid(['input', 'customName'], 'Give a custom name only for an intervention not in the catalog');
        if (input.domain && input.domain !== intervention.domain) {
          problems.invalid(['input', 'domain'], `${intervention.name} is a ${intervention.domain} intervention`);
        }
        if (!intervention.tiers.includes(input.tier)) {
          problems.invalid(['input', 'tier'], `${intervention.name} is meant for tier ${intervention.tiers.join(', ')}`);
        }
      } else {
        if (!input.customName) problems.invalid(['input', 'interventionId'], 'Choose a catalog intervention or give a custom name');
        if (!input.domain) problems.invalid(['input', 'domain'], 'A custom intervention needs a domain');
      }
      this.checkTier(input.tier, problems);

      const sessionsPerWeek = input.sessionsPerWeek ?? intervention?.recommendedSessionsPerWeek ?? null;
      const minutesPerSession = input.minutesPerSession ?? intervention?.recommendedMinutesPerSession ?? null;
      this.checkSchedule({ sessionsPerWeek, minutesPerSession }, problems);

      const weeks = intervention?.recommendedWeeks;
      const plannedEndDate = input.plannedEndDate ?? (weeks ? addDays(input.startDate, weeks * 7 - 1) : null);
      if (!plannedEndDate) problems.invalid(['input', 'plannedEndDate'], 'Give a planned end date (the intervention has no recommended length)');
      const reviewDate = input.reviewDate ?? addDays(input.startDate, DEFAULT_REVIEW_WEEKS * 7);
      const targetDate = input.goal.targetDate ?? plannedEndDate;
      this.checkDates({ startDate: input.startDate, plannedEndDate, reviewDate, goalTargetDate: targetDate }, problems);
      const baseline = this.score(input.goal.baseline, ['input', 'goal', 'baseline'], problems);
      const target = this.score(input.goal.target, ['input', 'goal', 'target'], problems);
      this.checkGoal(baseline, target, problems);

      if (interventionistId !== ctx.viewer.userId && ctx.viewer.role === StaffRole.INTERVENTIONIST) {
        problems.add(UserErrorCode.FORBIDDEN, ['input', 'interventionistId'], 'You can create plans only that you deliver');
      }
      const enrollment = await em
        .createQueryBuilder(EnrollmentEntity, 'e')
        .where('e.student_id = :studentId', { studentId })
        .andWhere('e.entry_date <= :date AND (e.exit_date IS NULL OR e.exit_date >= :date)', { date: input.startDate })
        .getOne();
      if (!enrollment) problems.invalid(['input', 'startDate'], 'The student is not enrolled on the start date');
      else await this.checkInterventionist(ctx, em, interventionistId, enrollment.schoolId, problems);
      problems.throwIfAny();

      const plan = em.create(InterventionPlanEntity, {
        studentId,
        schoolId: enrollment!.schoolId,
        interventionId,
        customName: intervention ? null : input.customName!,
        domain: intervention?.domain ?? input.domain!,
        tier: input.tier,
        goalMeasure: input.goal.measure,
        goalBaseline: baseline,
        goalTarget: target,
        goalTargetDate: targetDate!,
        interventionistId,
        sessionsPerWeek: sessionsPerWeek!,
        minutesPerSession: minutesPerSession!,
        startDate: input.startDate,
        plannedEndDate: plannedEndDate!,
        reviewDate,
        status: InterventionPlanStatus.ACTIVE,
        closedDate: null,
        outcome: null,
        discontinuedReason: null,
        closeNote: null,
        createdBy: ctx.viewer.userId,
      });
      try {
        await em.save(InterventionPlanEntity, plan);
      } catch (error) {
        if (isUniqueViolation(error, 'intervention_plan_active_key')) {
          throw UserInputError.of(
            UserErrorCode.DUPLICATE,
            ['input', 'interventionId'],
            `The student already has an active ${intervention!.name} plan; update or close it instead`,
          );
        }
        throw error;
      }
      await recordAudit(em, ctx, { action: 'intervention_plan.create', entityType: 'InterventionPlan', entityId: plan.id, studentId, after: plan });
      return { interventionPlan: plan };
    });
  }

  /**
   * Changes an ACTIVE plan's goal, schedule, dates, tier or interventionist, if the client read the
   * current version: the row is locked and its version compared, so of two concurrent updates
   * from the same version exactly one applies and the other gets CONFLICT.
   */
  async update(ctx: ViewerContext, input: InterventionPlanUpdateInput): Promise<{ interventionPlan: InterventionPlanEntity }> {
    const id = expectGlobalId(input.id, 'InterventionPlan', 'input.id');
    const interventionistId = input.interventionistId ? expectGlobalId(input.interventionistId, 'StaffUser', 'input.interventionistId') : undefined;
    return ctx.db.transaction(async (em) => {
      const current = await lockWritablePlan(ctx, em, id, ['input', 'id']);
      this.assertCurrentVersion(current, input.expectedVersion);
      if (current.status !== InterventionPlanStatus.ACTIVE) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'id'], `The plan is ${current.status.toLowerCase()}; a closed plan does not change`);
      }
      const before = { ...current };
      const next: InterventionPlanEntity = Object.assign(em.create(InterventionPlanEntity), current);
      const problems = new Problems();
      if (input.customName) {
        if (current.interventionId) problems.invalid(['input', 'customName'], 'Only a custom intervention has a custom name');
        else next.customName = input.customName;
      }
      if (input.tier !== undefined && input.tier !== null) {
        this.checkTier(input.tier, problems);
        const intervention = current.interventionId ? await em.findOneBy(InterventionEntity, { id: current.interventionId }) : null;
        if (intervention && !intervention.tiers.includes(input.tier)) {
          problems.invalid(['input', 'tier'], `${intervention.name} is meant for tier ${intervention.tiers.join(', ')}`);
        }
        next.tier = input.tier;
      }
      if (input.goal) {
        if (input.goal.measure) next.goalMeasure = input.goal.measure;
        if (input.goal.baseline !== undefined && input.goal.baseline !== null) {
          next.goalBaseline = this.score(input.goal.baseline, ['input', 'goal', 'baseline'], problems);
        }
        if (input.goal.target !== undefined && input.goal.target !== null) {
          next.goalTarget = this.score(input.goal.target, ['input', 'goal', 'target'], problems);
        }
        if (input.goal.targetDate) next.goalTargetDate = input.goal.targetDate;
        this.checkGoal(next.goalBaseline, next.goalTarget, problems, ['input', 'goal', 'target']);
      }
      if (input.sessionsPerWeek !== undefined && input.sessionsPerWeek !== null) next.sessionsPerWeek = input.sessionsPerWeek;
      if (input.minutesPerSession !== undefined && input.minutesPerSession !== null) next.minutesPerSession = input.minutesPerSession;
      this.checkSchedule(next, problems);
      if (input.plannedEndDate) next.plannedEndDate = input.plannedEndDate;
      if (input.reviewDate) next.reviewDate = input.reviewDate;
      this.checkDates(next, problems);
      if (input.plannedEndDate) {
        const last = await this.lastRecordedDate(em, id);
        if (last && input.plannedEndDate < last) {
          problems.invalid(['input', 'plannedEndDate'], `Sessions or progress are recorded up to ${last}; the plan cannot end before`);
        }
      }
      if (interventionistId && interventionistId !== current.interventionistId) {
        if (ctx.viewer.role === StaffRole.INTERVENTIONIST) {
          problems.add(UserErrorCode.FORBIDDEN, ['input', 'interventionistId'], 'Ask a school admin or counselor to hand the plan to someone else');
        } else {
          await this.checkInterventionist(ctx, em, interventionistId, current.schoolId, problems);
          next.interventionistId = interventionistId;
        }
      }
      problems.throwIfAny();
      await em.save(InterventionPlanEntity, next);
      await recordAudit(em, ctx, { action: 'intervention_plan.update', entityType: 'InterventionPlan', entityId: id, studentId: current.studentId, before, after: next });
      return { interventionPlan: next };
    });
  }

  /**
   * Closes an ACTIVE plan as COMPLETED or DISCONTINUED (with a reason), with the goal's outcome and
   * the closing date (today by default). The closed date cannot be in the future, before the start,
   * or before a session or progress point already recorded. Its interventionist's access to the
   * student through it ends.
   */
  async close(ctx: ViewerContext, input: InterventionPlanCloseInput): Promise<{ interventionPlan: InterventionPlanEntity }> {
    const id = expectGlobalId(input.id, 'InterventionPlan', 'input.id');
    const closedDate = input.closedDate ?? ctx.today;
    return ctx.db.transaction(async (em) => {
      const current = await lockWritablePlan(ctx, em, id, ['input', 'id']);
      this.assertCurrentVersion(current, input.expectedVersion);
      if (current.status !== InterventionPlanStatus.ACTIVE) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'id'], `The plan is already ${current.status.toLowerCase()}`);
      }
      const problems = new Problems();
      if (closedDate > ctx.today) problems.invalid(['input', 'closedDate'], 'The closed date cannot be in the future');
      if (closedDate < current.startDate) problems.invalid(['input', 'closedDate'], `The plan started on ${current.startDate}`);
      const last = await this.lastRecordedDate(em, id);
      if (last && closedDate < last) problems.invalid(['input', 'closedDate'], `Sessions or progress are recorded up to ${last}`);
      const discontinued = input.status === InterventionPlanClosure.DISCONTINUED;
      if (discontinued && !input.discontinuedReason) problems.invalid(['input', 'discontinuedReason'], 'Say why the plan is discontinued');
      if (!discontinued && input.discontinuedReason) problems.invalid(['input', 'discontinuedReason'], 'Only a discontinued plan has a reason');
      problems.throwIfAny();
      const before = { ...current };
      const next: InterventionPlanEntity = Object.assign(em.create(InterventionPlanEntity), current, {
        status: discontinued ? InterventionPlanStatus.DISCONTINUED : InterventionPlanStatus.COMPLETED,
        closedDate,
        outcome: input.outcome,
        discontinuedReason: discontinued ? input.discontinuedReason! : null,
        closeNote: input.note ?? null,
      });
      await em.save(InterventionPlanEntity, next);
      await recordAudit(em, ctx, { action: 'intervention_plan.close', entityType: 'InterventionPlan', entityId: id, studentId: current.studentId, before, after: next });
      return { interventionPlan: next };
    });
  }

  private assertCurrentVersion(plan: InterventionPlanEntity, expected: number): void {
    if (plan.version !== expected) {
      throw UserInputError.of(
        UserErrorCode.CONFLICT,
        ['input', 'expectedVersion'],
        `The plan was changed by someone else (version ${plan.version}); reload and try again`,
      );
    }
  }

  /** The latest session or progress date recorded on a plan, or null. */
  private async lastRecordedDate(em: EntityManager, planId: string): Promise<string | null> {
    const [row] = await em.query(
      `SELECT GREATEST(
          (SELECT max(s.session_date) FROM intervention_session_attendance a
             JOIN intervention_session s ON s.id = a.session_id WHERE a.plan_id = $1),
          (SELECT max(pp.measured_on) FROM progress_point pp WHERE pp.plan_id = $1)) AS last`,
      [planId],
    );
    return row?.last ?? null;
  }

  /**
   * The interventionist must be an active staff user of a role that delivers interventions and,
   * unless a district admin makes the plan, work at the plan's school.
   */
  private async checkInterventionist(ctx: ViewerContext, em: EntityManager, staffUserId: string, schoolId: string, problems: Problems): Promise<void> {
    const field = ['input', 'interventionistId'];
    const staff = await em.findOneBy(StaffUserEntity, { id: staffUserId });
    if (!staff || !staff.active) {
      problems.add(UserErrorCode.NOT_FOUND, field, 'No such active staff user');
      return;
    }
    if (!INTERVENTIONIST_ROLES.includes(staff.role)) {
      problems.invalid(field, `A ${staff.role.toLowerCase().replace('_', ' ')} does not deliver interventions`);
      return;
    }
    if (!isDistrictRole(ctx.viewer.role)) {
      const memberships = await staffService.activeMemberships(em, ctx.today, [staffUserId]);
      if (!memberships.some((m) => m.schoolId === schoolId)) problems.invalid(field, "The interventionist does not work at the student's school");
    }
  }

  private checkTier(tier: number, problems: Problems): void {
    if (!Number.isInteger(tier) || tier < MIN_TIER || tier > MAX_TIER) problems.invalid(['input', 'tier'], `Tiers are ${MIN_TIER} to ${MAX_TIER}`);
  }

  private checkSchedule(schedule: { sessionsPerWeek: number | null; minutesPerSession: number | null }, problems: Problems): void {
    for (const key of ['sessionsPerWeek', 'minutesPerSession'] as const) {
      const value = schedule[key];
      const [min, max] = SCHEDULE_RANGES[key];
      if (value === null) problems.invalid(['input', key], 'Give a value (the intervention has no recommendation)');
      else if (value < min || value > max) problems.invalid(['input', key], `must be from ${min} to ${max}`);
    }
  }

  private checkDates(
    dates: { startDate: string; plannedEndDate: string | null; reviewDate: string; goalTargetDate: string | null },
    problems: Problems,
  ): void {
    if (dates.plannedEndDate && dates.plannedEndDate < dates.startDate) problems.invalid(['input', 'plannedEndDate'], 'The plan must end on or after its start date');
    if (dates.reviewDate < dates.startDate) problems.invalid(['input', 'reviewDate'], 'The review date is before the start date');
    if (dates.goalTargetDate && dates.goalTargetDate <= dates.startDate) {
      problems.invalid(['input', 'goal', 'targetDate'], "The goal's target date must be after the start date");
    }
  }

  private score(value: number, field: string[], problems: Problems): number {
    const stored = storableScore(value);
    if (stored === null) problems.invalid(field, `must be a number from -${MAX_SCORE} to ${MAX_SCORE}`);
    return stored ?? value;
  }

  private checkGoal(baseline: number, target: number, problems: Problems, field = ['input', 'goal', 'target']): void {
    if (baseline === target) problems.invalid(field, 'The target must differ from the baseline');
  }
}

export const interventionPlanService = new InterventionPlanService();
