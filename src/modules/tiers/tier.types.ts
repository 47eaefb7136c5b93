import { Field, Float, Int, ObjectType } from 'type-graphql';
import { toGlobalId } from '../../common/graphql/global-id';
import { Node } from '../../common/graphql/node';
import { LocalDate } from '../../common/graphql/scalars';
import { MtssDomain } from '../../common/mtss';
import { DecisionRuleKind, RiskLevel, ScreeningWindow } from './tier-enums';
import type { ScreeningResultEntity, TierDecisionRuleEntity, TierPlacementEntity } from './tier.entities';

@ObjectType('ScreeningResult', { implements: Node, description: 'A universal screening result in one domain and window' })
export class ScreeningResultType extends Node {
  dbId: string;
  studentDbId: string;
  recordedByDbId: string;

  @Field(() => MtssDomain)
  domain: MtssDomain;

  @Field(() => ScreeningWindow)
  window: ScreeningWindow;

  @Field()
  assessment: string;

  @Field(() => LocalDate)
  administeredOn: string;

  @Field(() => Float)
  score: number;

  @Field(() => Int, { nullable: true })
  percentile: number | null;

  @Field(() => RiskLevel, { nullable: true })
  riskLevel: RiskLevel | null;

  static from(e: ScreeningResultEntity): ScreeningResultType {
    return Object.assign(new ScreeningResultType(), {
      id: toGlobalId('ScreeningResult', e.id),
      dbId: e.id,
      studentDbId: e.studentId,
      recordedByDbId: e.recordedBy,
      domain: e.domain,
      window: e.window,
      assessment: e.assessment,
      administeredOn: e.administeredOn,
      score: e.score,
      percentile: e.percentile,
      riskLevel: e.riskLevel,
    });
  }
}

@ObjectType('TierPlacement', { implements: Node, description: "A student's tier in a domain over a span of dates" })
export class TierPlacementType extends Node {
  dbId: string;
  studentDbId: string;
  decidedByDbId: string;

  @Field(() => MtssDomain)
  domain: MtssDomain;

  @Field(() => Int)
  tier: number;

  @Field(() => LocalDate)
  startDate: string;

  @Field(() => LocalDate, { nullable: true, description: 'Last day; null while current' })
  endDate: string | null;

  @Field()
  reason: string;

  // Built for every row of a page of students: by assignment, which costs a fifth of
  // Object.assign over a literal (issue 9).
  static from(e: TierPlacementEntity): TierPlacementType {
    const tierPlacement = new TierPlacementType();
    tierPlacement.id = toGlobalId('TierPlacement', e.id);
    tierPlacement.dbId = e.id;
    tierPlacement.studentDbId = e.studentId;
    tierPlacement.decidedByDbId = e.decidedBy;
    tierPlacement.domain = e.domain;
    tierPlacement.tier = e.tier;
    tierPlacement.startDate = e.startDate;
    tierPlacement.endDate = e.endDate;
    tierPlacement.reason = e.reason;
    return tierPlacement;
  }
}

@ObjectType('StudentTier', { description: "A student's tier in one domain on a date" })
export class StudentTierType {
  @Field(() => MtssDomain)
  domain: MtssDomain;

  @Field(() => Int, { description: 'Tier 1 when no placement says otherwise' })
  tier: number;

  @Field(() => LocalDate, { nullable: true, description: 'When the placement in force began; null for the default Tier 1' })
  since: string | null;

  @Field(() => TierPlacementType, { nullable: true, description: 'The placement in force; null for the default Tier 1' })
  placement: TierPlacementType | null;
}

@ObjectType('TierDecisionRule', { implements: Node, description: 'A district rule that suggests a tier; it never sets one' })
export class TierDecisionRuleType extends Node {
  dbId: string;

  @Field()
  key: string;

  @Field()
  description: string;

  @Field(() => MtssDomain, { nullable: true, description: 'Null: every domain' })
  domain: MtssDomain | null;

  @Field(() => DecisionRuleKind)
  kind: DecisionRuleKind;

  @Field(() => Float, { nullable: true })
  threshold: number | null;

  @Field(() => RiskLevel, { nullable: true })
  riskLevel: RiskLevel | null;

  @Field(() => Int, { nullable: true })
  consecutivePoints: number | null;

  @Field(() => Int, { nullable: true, description: 'Null for rules that flag non-response rather than suggest a tier' })
  suggestedTier: number | null;

  @Field()
  active: boolean;

  @Field(() => Int)
  version: number;

  static from(e: TierDecisionRuleEntity): TierDecisionRuleType {
    return Object.assign(new TierDecisionRuleType(), {
      id: toGlobalId('TierDecisionRule', e.id),
      dbId: e.id,
      key: e.key,
      description: e.description,
      domain: e.domain,
      kind: e.kind,
      threshold: e.threshold,
      riskLevel: e.riskLevel,
      consecutivePoints: e.consecutivePoints,
      suggestedTier: e.suggestedTier,
      active: e.active,
      version: e.version,
    });
  }
}

@ObjectType('TierSuggestion', { description: 'A decision rule that fired on a student\'s data, and why' })
export class TierSuggestionType {
  studentDbId: string;
  ruleDbId: string;
  screeningDbId: string | null;
  planDbId: string | null;

  @Field(() => MtssDomain)
  domain: MtssDomain;

  @Field(() => Int, { nullable: true })
  suggestedTier: number | null;

  @Field(() => Int, { description: "The student's tier in the domain today" })
  currentTier: number;

  @Field({ description: 'Which rule fired on which data, in words' })
  explanation: string;
}
