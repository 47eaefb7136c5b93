import { Arg, Authorized, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { StaffRole } from '../../common/auth/roles';
import { MutationPayload, payloadOf } from '../../common/graphql/user-error';
import { LocalDate } from '../../common/graphql/scalars';
import { MtssDomain } from '../../common/mtss';
import { aimOf, InterventionPlanType } from '../interventions/intervention-plan.type';
import { InterventionPlanStatus } from '../interventions/intervention-enums';
import { ProgressStatus, progressStatus } from '../interventions/progress-rule';
import type { ViewerContext } from '../../context';
import { StaffUserType } from '../staff/staff.type';
import { StudentType } from '../students/student.type';
import { decisionRuleService, explainFlag } from './decision-rules.service';
import { placementService, tiersOn } from './placement.service';
import { screeningService } from './screening.service';
import { ScreeningResultsRecordInput, TierDecisionRuleCreateInput, TierDecisionRuleUpdateInput, TierPlaceInput } from './tier.inputs';
import './tier.nodes';
import { ScreeningResultType, StudentTierType, TierDecisionRuleType, TierPlacementType, TierSuggestionType } from './tier.types';

@ObjectType()
class ScreeningResultsRecordPayload extends MutationPayload {
  @Field(() => [ScreeningResultType], { nullable: true })
  screeningResults: ScreeningResultType[] | null;
}

@ObjectType()
class TierPlacePayload extends MutationPayload {
  @Field(() => TierPlacementType, { nullable: true })
  tierPlacement: TierPlacementType | null;
}

@ObjectType()
class TierDecisionRulePayload extends MutationPayload {
  @Field(() => TierDecisionRuleType, { nullable: true })
  tierDecisionRule: TierDecisionRuleType | null;
}

/** Staff who record screening scores: classroom teachers, interventionists and the school team. */
const SCREENING_WRITERS = [StaffRole.TEACHER, StaffRole.INTERVENTIONIST, StaffRole.COUNSELOR, StaffRole.SCHOOL_ADMIN, StaffRole.DISTRICT_ADMIN];
/** The MTSS team decides tiers: the school admin / MTSS coordinator, counselors (social-emotional). */
const TIER_DECIDERS = [StaffRole.COUNSELOR, StaffRole.SCHOOL_ADMIN, StaffRole.DISTRICT_ADMIN];

@Authorized()
@Resolver(() => StudentType)
export class StudentTierResolver {
  @FieldResolver(() => [StudentTierType], { description: 'Tier in each domain on a date (default today)' })
  tiers(
    @Root() student: StudentType,
    @Ctx() ctx: ViewerContext,
    @Arg('asOf', () => LocalDate, { nullable: true }) asOf?: string,
  ): StudentTierType[] | Promise<StudentTierType[]> {
    return ctx.loaders.tiers.placementHistoryByStudentId.resolve(student.dbId, (history) =>
      tiersOn(history, asOf ?? ctx.today).map((t) => ({
        domain: t.domain,
        tier: t.tier,
        since: t.placement?.startDate ?? null,
        placement: t.placement ? TierPlacementType.from(t.placement) : null,
      })),
    );
  }

  @FieldResolver(() => [TierPlacementType], { description: 'Every placement, oldest first' })
  async tierHistory(
    @Root() student: StudentType,
    @Ctx() ctx: ViewerContext,
    @Arg('domain', () => MtssDomain, { nullable: true }) domain?: MtssDomain,
  ): Promise<TierPlacementType[]> {
    const history = await ctx.loaders.tiers.placementHistoryByStudentId.load(student.dbId);
    return history.filter((p) => !domain || p.domain === domain).map(TierPlacementType.from);
  }

  @FieldResolver(() => [ScreeningResultType], { description: 'Screening results, newest first' })
  async screeningResults(
    @Root() student: StudentType,
    @Ctx() ctx: ViewerContext,
    @Arg('domain', () => MtssDomain, { nullable: true }) domain?: MtssDomain,
  ): Promise<ScreeningResultType[]> {
    const results = await ctx.loaders.tiers.screeningResultsByStudentId.load(student.dbId);
    return results.filter((r) => !domain || r.domain === domain).map(ScreeningResultType.from);
  }

  @FieldResolver(() => [TierSuggestionType], {
    description: "Decision rules that fire on the student's latest screening and on active plans' progress; they never change a tier",
  })
  async tierSuggestions(@Root() student: StudentType, @Ctx() ctx: ViewerContext): Promise<TierSuggestionType[]> {
    const [flags, history, plans, progressRule] = await Promise.all([
      ctx.loaders.tiers.screeningFlagsByStudentId.load(student.dbId),
      ctx.loaders.tiers.placementHistoryByStudentId.load(student.dbId),
      ctx.loaders.interventions.plansByStudentId.load(student.dbId),
      ctx.loaders.tiers.progressRule(),
    ]);
    const current = tiersOn(history, ctx.today);
    const tierIn = (domain: MtssDomain) => current.find((t) => t.domain === domain)!.tier;
    const screening = flags.map((flag) => Object.assign(new TierSuggestionType(), {
      studentDbId: flag.studentId,
      ruleDbId: flag.ruleId,
      screeningDbId: flag.screeningId,
      planDbId: null,
      domain: flag.domain,
      suggestedTier: flag.suggestedTier,
      currentTier: tierIn(flag.domain),
      explanation: explainFlag(flag),
    }));
    const run = progressRule?.consecutivePoints ?? null;
    if (!progressRule || run === null) return screening;
    const active = plans.filter((p) => p.status === InterventionPlanStatus.ACTIVE);
    const points = await Promise.all(active.map((p) => ctx.loaders.interventions.progressPointsByPlanId.load(p.id)));
    const notResponding = active.flatMap((plan, i) => {
      const scored = points[i].map((p) => ({ date: p.measuredOn, score: p.score }));
      if (progressStatus(aimOf(plan), scored, run) !== ProgressStatus.NOT_RESPONDING) return [];
      return [Object.assign(new TierSuggestionType(), {
        studentDbId: plan.studentId,
        ruleDbId: progressRule.id,
        screeningDbId: null,
        planDbId: plan.id,
        domain: plan.domain,
        suggestedTier: null,
        currentTier: tierIn(plan.domain),
        explanation: `Not responding by rule "${progressRule.key}": the last ${run} progress points of the ${plan.domain.toLowerCase().replace('_', '-')} plan are below the aim line`,
      })];
    });
    return [...screening, ...notResponding];
  }
}

@Authorized()
@Resolver(() => TierPlacementType)
export class TierPlacementResolver {
  @FieldResolver(() => StaffUserType, { description: 'Who recorded the decision' })
  async decidedBy(@Root() placement: TierPlacementType, @Ctx() ctx: ViewerContext): Promise<StaffUserType> {
    return StaffUserType.from((await ctx.loaders.staff.staffUserById.load(placement.decidedByDbId))!);
  }

  @FieldResolver(() => StudentType, { nullable: true })
  async student(@Root() placement: TierPlacementType, @Ctx() ctx: ViewerContext): Promise<StudentType | null> {
    const student = await ctx.loaders.students.visibleStudentById.load(placement.studentDbId);
    return student ? StudentType.from(student) : null;
  }

  @Authorized(TIER_DECIDERS)
  @Mutation(() => TierPlacePayload, { description: 'Places a student in a tier for a domain from a date (a team decision); the history is kept' })
  tierPlace(@Ctx() ctx: ViewerContext, @Arg('input', () => TierPlaceInput) input: TierPlaceInput) {
    return payloadOf('tierPlacement', TierPlacementType.from, () => placementService.place(ctx, input));
  }
}

@Authorized()
@Resolver(() => ScreeningResultType)
export class ScreeningResultResolver {
  @FieldResolver(() => StaffUserType)
  async recordedBy(@Root() result: ScreeningResultType, @Ctx() ctx: ViewerContext): Promise<StaffUserType> {
    return StaffUserType.from((await ctx.loaders.staff.staffUserById.load(result.recordedByDbId))!);
  }

  @FieldResolver(() => StudentType, { nullable: true })
  async student(@Root() result: ScreeningResultType, @Ctx() ctx: ViewerContext): Promise<StudentType | null> {
    const student = await ctx.loaders.students.visibleStudentById.load(result.studentDbId);
    return student ? StudentType.from(student) : null;
  }

  @Authorized(SCREENING_WRITERS)
  @Mutation(() => ScreeningResultsRecordPayload, { description: "Records a screening window's scores for one or many students, all or nothing" })
  screeningResultsRecord(@Ctx() ctx: ViewerContext, @Arg('input', () => ScreeningResultsRecordInput) input: ScreeningResultsRecordInput) {
    return payloadOf('screeningResults', (rows: Parameters<typeof ScreeningResultType.from>[0][]) => rows.map(ScreeningResultType.from), () =>
      screeningService.record(ctx, input),
    );
  }
}

@Authorized()
@Resolver(() => TierDecisionRuleType)
export class TierDecisionRuleResolver {
  @Query(() => [TierDecisionRuleType], { description: "The district's tier decision rules" })
  async tierDecisionRules(@Ctx() ctx: ViewerContext): Promise<TierDecisionRuleType[]> {
    return (await decisionRuleService.list(ctx)).map(TierDecisionRuleType.from);
  }

  @Authorized([StaffRole.DISTRICT_ADMIN])
  @Mutation(() => TierDecisionRulePayload, { description: 'Adds a district decision rule (e.g. a domain-specific percentile cut)' })
  tierDecisionRuleCreate(@Ctx() ctx: ViewerContext, @Arg('input', () => TierDecisionRuleCreateInput) input: TierDecisionRuleCreateInput) {
    return payloadOf('tierDecisionRule', TierDecisionRuleType.from, () => decisionRuleService.create(ctx, input));
  }

  @Authorized([StaffRole.DISTRICT_ADMIN])
  @Mutation(() => TierDecisionRulePayload, { description: 'Tunes a rule (threshold, tier, on/off); CONFLICT if it changed since read' })
  tierDecisionRuleUpdate(@Ctx() ctx: ViewerContext, @Arg('input', () => TierDecisionRuleUpdateInput) input: TierDecisionRuleUpdateInput) {
    return payloadOf('tierDecisionRule', TierDecisionRuleType.from, () => decisionRuleService.update(ctx, input));
  }
}

@Authorized()
@Resolver(() => TierSuggestionType)
export class TierSuggestionResolver {
  @FieldResolver(() => TierDecisionRuleType)
  async rule(@Root() suggestion: TierSuggestionType, @Ctx() ctx: ViewerContext): Promise<TierDecisionRuleType> {
    return TierDecisionRuleType.from((await ctx.loaders.tiers.decisionRuleById.load(suggestion.ruleDbId))!);
  }

  @FieldResolver(() => InterventionPlanType, { nullable: true, description: 'The plan whose progress the rule fired on' })
  async plan(@Root() suggestion: TierSuggestionType, @Ctx() ctx: ViewerContext): Promise<InterventionPlanType | null> {
    const plan = suggestion.planDbId ? await ctx.loaders.interventions.planById.load(suggestion.planDbId) : null;
    return plan ? InterventionPlanType.from(plan) : null;
  }

  @FieldResolver(() => ScreeningResultType, { nullable: true, description: 'The screening the rule fired on' })
  async screeningResult(@Root() suggestion: TierSuggestionType, @Ctx() ctx: ViewerContext): Promise<ScreeningResultType | null> {
    const results = await ctx.loaders.tiers.screeningResultsByStudentId.load(suggestion.studentDbId);
    const result = results.find((r) => r.id === suggestion.screeningDbId);
    return result ? ScreeningResultType.from(result) : null;
  }
}

export const tierResolvers = [StudentTierResolver, TierPlacementResolver, ScreeningResultResolver, TierDecisionRuleResolver, TierSuggestionResolver] as const;
