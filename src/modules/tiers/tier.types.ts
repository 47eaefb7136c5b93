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
    const screeningResult = new ScreeningResultType();
    screeningResult.id = toGlobalId('ScreeningResult', e.id);
    screeningResult.dbId = e.id;
    screeningResult.studentDbId = e.studentId;
    screeningResult.recordedByDbId = e.recordedBy;
    screeningResult.domain = e.domain;
    screeningResult.window = e.window;
    screeningResult.assessment = e.assessment;
    screeningResult.administeredOn = e.administeredOn;
    screeningResult.score = e.score;
    screeningResult.percentile = e.percentile;
    screeningResult.riskLevel = e.riskLevel;
    return screeningResult;
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
    const tierDecisionRule = new TierDecisionRuleType();
    tierDecisionRule.id = toGlobalId('TierDecisionRule', e.id);
    tierDecisionRule.dbId = e.id;
    tierDecisionRule.key = e.key;
    tierDecisionRule.description = e.description;
    tierDecisionRule.domain = e.domain;
    tierDecisionRule.kind = e.kind;
    tierDecisionRule.threshold = e.threshold;
    tierDecisionRule.riskLevel = e.riskLevel;
    tierDecisionRule.consecutivePoints = e.consecutivePoints;
    tierDecisionRule.suggestedTier = e.suggestedTier;
    tierDecisionRule.active = e.active;
    tierDecisionRule.version = e.version;
    return tierDecisionRule;
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
