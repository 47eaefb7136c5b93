import type { EntityManager } from 'typeorm';
import { StaffRole } from '../../common/auth/roles';
import { isUniqueViolation } from '../../common/db-errors';
import { UserErrorCode, UserInputError } from '../../common/errors';
import { expectGlobalId } from '../../common/graphql/global-id';
import { MAX_TIER, MIN_TIER, type MtssDomain } from '../../common/mtss';
import type { RequestContext, ViewerContext } from '../../context';
import { entityRowsByKeys } from '../../db/entity-rows';
import { recordAudit } from '../audit/audit.service';
import { Problems } from './problems';
import { InterventionEntity } from './intervention.entity';
import type { InterventionCreateInput, InterventionRetireInput, InterventionUpdateInput } from './intervention.inputs';

type DosageFields = Pick<
  InterventionEntity,
  'recommendedSessionsPerWeek' | 'recommendedMinutesPerSession' | 'recommendedWeeks' | 'minDosageMinutes' | 'maxDosageMinutes'
>;

const RANGES: Record<keyof Omit<DosageFields, 'minDosageMinutes' | 'maxDosageMinutes'>, [number, number]> = {
  recommendedSessionsPerWeek: [1, 10],
  recommendedMinutesPerSession: [1, 240],
  recommendedWeeks: [1, 52],
};

export class InterventionCatalogService {
  /** The catalog, by name: every signed-in user may read it (it holds no student data). */
  list(ctx: RequestContext, filter: { domain?: MtssDomain | null; tier?: number | null; activeOnly?: boolean | null }): Promise<InterventionEntity[]> {
    const qb = ctx.db.manager.createQueryBuilder(InterventionEntity, 'i');
    if (filter.domain) qb.andWhere('i.domain = :domain', { domain: filter.domain });
    if (filter.tier !== undefined && filter.tier !== null) qb.andWhere(':tier = ANY(i.tiers)', { tier: filter.tier });
    if (filter.activeOnly !== false) qb.andWhere('i.active');
    return qb.orderBy('i.name').addOrderBy('i.id').getMany();
  }

  findByIds(ctx: RequestContext, ids: readonly string[]): Promise<InterventionEntity[]> {
    return entityRowsByKeys(ctx.db, InterventionEntity, 'id', ids, []);
  }

  /** Adds an intervention to the district catalog (district admins only). */
  async create(ctx: ViewerContext, input: InterventionCreateInput): Promise<{ intervention: InterventionEntity }> {
    this.assertDistrictAdmin(ctx);
    const problems = new Problems();
    const tiers = this.checkTiers(input.tiers, problems);
    const dosage: DosageFields = {
      recommendedSessionsPerWeek: input.recommendedSessionsPerWeek ?? null,
      recommendedMinutesPerSession: input.recommendedMinutesPerSession ?? null,
      recommendedWeeks: input.recommendedWeeks ?? null,
      minDosageMinutes: input.minDosageMinutes ?? null,
      maxDosageMinutes: input.maxDosageMinutes ?? null,
    };
    this.checkDosage(dosage, problems);
    problems.throwIfAny();
    return ctx.db.transaction(async (em) => {
      const intervention = em.create(InterventionEntity, {
        name: input.name.trim(),
        domain: input.domain,
        tiers,
        delivery: input.delivery,
        interventionClass: input.interventionClass,
        ...dosage,
        evidenceNote: input.evidenceNote ?? null,
        active: true,
      });
      await this.saveUnique(em, intervention);
      await recordAudit(em, ctx, { action: 'intervention.create', entityType: 'Intervention', entityId: intervention.id, after: intervention });
      return { intervention };
    });
  }

  /** Changes the fields given if the client read the current version (CONFLICT otherwise). */
  async update(ctx: ViewerContext, input: InterventionUpdateInput): Promise<{ intervention: InterventionEntity }> {
    this.assertDistrictAdmin(ctx);
    const id = expectGlobalId(input.id, 'Intervention', 'input.id');
    return ctx.db.transaction(async (em) => {
      const current = await this.lock(em, id);
      if (current.version !== input.expectedVersion) {
        throw UserInputError.of(
          UserErrorCode.CONFLICT,
          ['input', 'expectedVersion'],
          `The intervention was changed by someone else (version ${current.version}); reload and try again`,
        );
      }
      const before = { ...current };
      const problems = new Problems();
      const next: InterventionEntity = Object.assign(em.create(InterventionEntity), current);
      if (input.name) next.name = input.name.trim();
      if (input.domain) next.domain = input.domain;
      if (input.delivery) next.delivery = input.delivery;
      if (input.interventionClass) next.interventionClass = input.interventionClass;
      if (input.tiers) next.tiers = this.checkTiers(input.tiers, problems);
      for (const key of ['recommendedSessionsPerWeek', 'recommendedMinutesPerSession', 'recommendedWeeks', 'minDosageMinutes', 'maxDosageMinutes'] as const) {
        if (input[key] !== undefined) next[key] = input[key] ?? null;
      }
      if (input.evidenceNote !== undefined) next.evidenceNote = input.evidenceNote ?? null;
      this.checkDosage(next, problems);
      problems.throwIfAny();
      await this.saveUnique(em, next);
      await recordAudit(em, ctx, { action: 'intervention.update', entityType: 'Intervention', entityId: id, before, after: next });
      return { intervention: next };
    });
  }

  /**
   * Retires an intervention: plans that use it keep it (history stays true), new plans cannot
   * choose it. Retiring twice is refused so a stale screen does not record a second retirement.
   */
  async retire(ctx: ViewerContext, input: InterventionRetireInput): Promise<{ intervention: InterventionEntity }> {
    this.assertDistrictAdmin(ctx);
    const id = expectGlobalId(input.id, 'Intervention', 'input.id');
    return ctx.db.transaction(async (em) => {
      const current = await this.lock(em, id);
      if (!current.active) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'id'], 'The intervention is already retired');
      const before = { ...current };
      current.active = false;
      await em.save(InterventionEntity, current);
      await recordAudit(em, ctx, { action: 'intervention.retire', entityType: 'Intervention', entityId: id, before, after: current });
      return { intervention: current };
    });
  }

  private assertDistrictAdmin(ctx: ViewerContext): void {
    if (ctx.viewer.role !== StaffRole.DISTRICT_ADMIN) {
      throw UserInputError.of(UserErrorCode.FORBIDDEN, ['input'], 'Only a district admin manages the intervention catalog');
    }
  }

  private async lock(em: EntityManager, id: string): Promise<InterventionEntity> {
    const current = await em.findOne(InterventionEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!current) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'id'], 'No such intervention');
    return current;
  }

  /** Tiers 1-3, at least one; returned distinct and ascending. */
  private checkTiers(tiers: number[], problems: Problems): number[] {
    if (tiers.length === 0) problems.invalid(['input', 'tiers'], 'Name at least one tier');
    if (tiers.some((t) => !Number.isInteger(t) || t < MIN_TIER || t > MAX_TIER)) {
      problems.invalid(['input', 'tiers'], `Tiers are ${MIN_TIER} to ${MAX_TIER}`);
    }
    return [...new Set(tiers)].sort((a, b) => a - b);
  }

  private checkDosage(dosage: DosageFields, problems: Problems): void {
    for (const [key, [min, max]] of Object.entries(RANGES) as [keyof typeof RANGES, [number, number]][]) {
      const value = dosage[key];
      if (value !== null && (value < min || value > max)) problems.invalid(['input', key], `must be from ${min} to ${max}`);
    }
    for (const key of ['minDosageMinutes', 'maxDosageMinutes'] as const) {
      const value = dosage[key];
      if (value !== null && value <= 0) problems.invalid(['input', key], 'must be more than 0 minutes');
    }
    if (dosage.minDosageMinutes !== null && dosage.maxDosageMinutes !== null && dosage.minDosageMinutes > dosage.maxDosageMinutes) {
      problems.invalid(['input', 'maxDosageMinutes'], 'The maximum dosage is below the minimum');
    }
  }

  private async saveUnique(em: EntityManager, intervention: InterventionEntity): Promise<void> {
    try {
      await em.save(InterventionEntity, intervention);
    } catch (error) {
      if (isUniqueViolation(error, 'intervention_name_key')) {
        throw UserInputError.of(UserErrorCode.DUPLICATE, ['input', 'name'], `The catalog already has an intervention named ${intervention.name}`);
      }
      throw error;
    }
  }
}

export const interventionCatalogService = new InterventionCatalogService();
