import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../common/db-errors';
import { UserErrorCode, UserInputError, type UserErrorShape } from '../../common/errors';
import { expectGlobalId } from '../../common/graphql/global-id';
import type { MtssDomain } from '../../common/mtss';
import type { RequestContext, ViewerContext } from '../../context';
import { recordAudit } from '../audit/audit.service';
import { DecisionRuleKind } from './tier-enums';
import { ONE_ACTIVE_PROGRESS_RULE_KEY, TierDecisionRuleEntity } from './tier.entities';
import type { TierDecisionRuleCreateInput, TierDecisionRuleUpdateInput } from './tier.inputs';

/** A screening decision rule that fired for a student, with the data it fired on. */
export interface ScreeningFlag {
  studentId: string;
  domain: MtssDomain;
  ruleId: string;
  ruleKey: string;
  ruleKind: DecisionRuleKind;
  threshold: number | null;
  suggestedTier: number | null;
  screeningId: string;
  assessment: string;
  window: string;
  administeredOn: string;
  percentile: number | null;
  riskLevel: string | null;
}

/**
 * The screening decision rules, evaluated in SQL on each student's latest screening per domain
 * (as of a date, within that date's school year). This is the one home of "flagged by a rule":
 * a student's suggestions and the schools' queues both read it.
 */
const SCREENING_FLAGS_SQL = `
  WITH year AS (
    SELECT id FROM school_year WHERE start_date <= $1 ORDER BY start_date DESC LIMIT 1
  ), latest AS (
    SELECT DISTINCT ON (sr.student_id, sr.domain) sr.*
      FROM screening_result sr
     WHERE sr.school_year_id = (SELECT id FROM year) AND sr.administered_on <= $1
       AND sr.student_id = ANY($2::uuid[])
     ORDER BY sr.student_id, sr.domain, sr.administered_on DESC, sr.updated_at DESC
  )
  SELECT l.student_id AS "studentId", l.domain, r.id AS "ruleId", r.key AS "ruleKey", r.kind AS "ruleKind",
         r.threshold::float8 AS threshold, r.suggested_tier AS "suggestedTier", l.id AS "screeningId",
         l.assessment, l.screening_window AS window, l.administered_on AS "administeredOn", l.percentile, l.risk_level AS "riskLevel"
    FROM latest l
    JOIN tier_decision_rule r ON r.active AND (r.domain IS NULL OR r.domain = l.domain)
   WHERE (r.kind = 'SCREENING_PERCENTILE_BELOW' AND l.percentile < r.threshold)
      OR (r.kind = 'SCREENING_RISK_LEVEL' AND l.risk_level = r.risk_level)
   ORDER BY l.student_id, l.domain, r.suggested_tier DESC NULLS LAST, r.key`;

export function explainFlag(flag: ScreeningFlag): string {
  const data = `${flag.assessment} (${flag.window.toLowerCase()} screening, ${flag.administeredOn})`;
  const outcome = flag.suggestedTier ? `Tier ${flag.suggestedTier} candidate` : 'flagged';
  if (flag.ruleKind === DecisionRuleKind.SCREENING_RISK_LEVEL) {
    return `${outcome} by rule "${flag.ruleKey}": ${data} reported ${flag.riskLevel?.replace('_', ' ').toLowerCase()}`;
  }
  return `${outcome} by rule "${flag.ruleKey}": ${data} at the ${flag.percentile}th percentile, below ${flag.threshold}`;
}

export class DecisionRuleService {
  list(ctx: RequestContext): Promise<TierDecisionRuleEntity[]> {
    return ctx.db.manager.find(TierDecisionRuleEntity, { order: { key: 'ASC' } });
  }

  /** The active progress rule ("not responding" after N points below the aim line), if any. */
  activeProgressRule(em: EntityManager): Promise<TierDecisionRuleEntity | null> {
    return em.findOneBy(TierDecisionRuleEntity, { kind: DecisionRuleKind.PROGRESS_BELOW_AIM_LINE, active: true });
  }

  async screeningFlags(em: EntityManager, studentIds: readonly string[], asOf: string): Promise<ScreeningFlag[]> {
    if (studentIds.length === 0) return [];
    return em.query(SCREENING_FLAGS_SQL, [asOf, studentIds]);
  }

  /**
   * Adds a rule. Each kind needs its own parameter (a percentile threshold, a risk band, a run of
   * points) and screening rules a tier to suggest; only one progress rule may be active, since it
   * defines "not responding" for every plan.
   */
  async create(ctx: ViewerContext, input: TierDecisionRuleCreateInput): Promise<{ tierDecisionRule: TierDecisionRuleEntity }> {
    const problems: UserErrorShape[] = [];
    const need = (ok: boolean, field: string, message: string) => {
      if (!ok) problems.push({ code: UserErrorCode.INVALID, field: ['input', field], message });
    };
    const kind = input.kind;
    need(kind !== DecisionRuleKind.SCREENING_PERCENTILE_BELOW || input.threshold != null, 'threshold', 'A percentile rule needs a threshold');
    need(kind !== DecisionRuleKind.SCREENING_RISK_LEVEL || input.riskLevel != null, 'riskLevel', 'A risk-level rule needs a risk level');
    need(kind !== DecisionRuleKind.PROGRESS_BELOW_AIM_LINE || input.consecutivePoints != null, 'consecutivePoints', 'A progress rule needs a number of points');
    need(kind === DecisionRuleKind.PROGRESS_BELOW_AIM_LINE || input.suggestedTier != null, 'suggestedTier', 'A screening rule needs the tier it suggests');
    need(kind !== DecisionRuleKind.PROGRESS_BELOW_AIM_LINE || input.suggestedTier == null, 'suggestedTier', 'A progress rule flags non-response; it does not suggest a tier');
    if (problems.length) throw new UserInputError(problems);
    return ctx.db.transaction(async (em) => {
      if (kind === DecisionRuleKind.PROGRESS_BELOW_AIM_LINE && (await this.activeProgressRule(em))) {
        throw UserInputError.of(UserErrorCode.CONFLICT, ['input', 'kind'], 'A progress rule is already active; change or switch off that one');
      }
      const rule = em.create(TierDecisionRuleEntity, {
        key: input.key,
        description: input.description,
        domain: input.domain ?? null,
        kind,
        threshold: kind === DecisionRuleKind.SCREENING_PERCENTILE_BELOW ? input.threshold! : null,
        riskLevel: kind === DecisionRuleKind.SCREENING_RISK_LEVEL ? input.riskLevel! : null,
        consecutivePoints: kind === DecisionRuleKind.PROGRESS_BELOW_AIM_LINE ? input.consecutivePoints! : null,
        suggestedTier: input.suggestedTier ?? null,
        active: true,
      });
      try {
        await em.save(TierDecisionRuleEntity, rule);
      } catch (error) {
        if (isUniqueViolation(error, 'tier_decision_rule_key_key')) throw UserInputError.of(UserErrorCode.DUPLICATE, ['input', 'key'], `A rule with key ${input.key} exists`);
        if (isUniqueViolation(error, ONE_ACTIVE_PROGRESS_RULE_KEY)) throw anotherProgressRuleActive(['input', 'kind']);
        throw error;
      }
      await recordAudit(em, ctx, { action: 'tier_decision_rule.create', entityType: 'TierDecisionRule', entityId: rule.id, after: rule });
      return { tierDecisionRule: rule };
    });
  }

  /**
   * District admins tune thresholds and switch rules on or off; the kind of a rule is fixed. A
   * progress rule is switched on only while no other is active (the rule {@link create} keeps).
   */
  async update(ctx: ViewerContext, input: TierDecisionRuleUpdateInput): Promise<{ tierDecisionRule: TierDecisionRuleEntity }> {
    const id = expectGlobalId(input.id, 'TierDecisionRule', 'input.id');
    return ctx.db.transaction(async (em) => {
      const rule = await em.findOne(TierDecisionRuleEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!rule) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'id'], 'No such rule');
      if (rule.version !== input.expectedVersion) {
        throw UserInputError.of(UserErrorCode.CONFLICT, ['input', 'expectedVersion'], `The rule was changed by someone else (version ${rule.version}); reload and try again`);
      }
      if (input.threshold !== undefined && input.threshold !== null && rule.kind !== DecisionRuleKind.SCREENING_PERCENTILE_BELOW) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'threshold'], 'Only percentile rules have a threshold');
      }
      if (input.threshold !== undefined && input.threshold !== null && input.threshold > 100) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'threshold'], 'A percentile threshold is at most 100');
      }
      if (input.consecutivePoints !== undefined && input.consecutivePoints !== null && rule.kind !== DecisionRuleKind.PROGRESS_BELOW_AIM_LINE) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'consecutivePoints'], 'Only progress rules count consecutive points');
      }
      if (input.suggestedTier !== undefined && input.suggestedTier !== null && rule.kind === DecisionRuleKind.PROGRESS_BELOW_AIM_LINE) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'suggestedTier'], 'A progress rule flags non-response; it does not suggest a tier');
      }
      if (input.active === true && !rule.active && rule.kind === DecisionRuleKind.PROGRESS_BELOW_AIM_LINE) {
        const other = await this.activeProgressRule(em);
        if (other) {
          throw UserInputError.of(UserErrorCode.CONFLICT, ['input', 'active'], `Rule ${other.key} is the active progress rule; switch it off first`);
        }
      }
      const before = { ...rule };
      for (const key of ['threshold', 'consecutivePoints', 'suggestedTier', 'active', 'description'] as const) {
        if (input[key] !== undefined && input[key] !== null) (rule as unknown as Record<string, unknown>)[key] = input[key];
      }
      try {
        await em.save(TierDecisionRuleEntity, rule);
      } catch (error) {
        // Two admins switching on different progress rules at once: the checks above both passed.
        if (isUniqueViolation(error, ONE_ACTIVE_PROGRESS_RULE_KEY)) throw anotherProgressRuleActive(['input', 'active']);
        throw error;
      }
      await recordAudit(em, ctx, { action: 'tier_decision_rule.update', entityType: 'TierDecisionRule', entityId: id, before, after: rule });
      return { tierDecisionRule: rule };
    });
  }
}

/** Refusal when another progress rule is active (found by the check, or by the database's unique index in a race). */
function anotherProgressRuleActive(field: string[]): UserInputError {
  return UserInputError.of(UserErrorCode.CONFLICT, field, 'Another progress rule is active; switch it off first');
}

export const decisionRuleService = new DecisionRuleService();
