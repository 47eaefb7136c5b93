import { ArrayMaxSize, ArrayMinSize, IsDefined, IsNumber, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { LocalDate } from '../../common/graphql/scalars';
import { MtssDomain } from '../../common/mtss';
import { DecisionRuleKind, RiskLevel, ScreeningWindow } from './tier-enums';

export const MAX_BULK_SCREENING_ROWS = 500;

@InputType()
export class ScreeningScoreInput {
  @Field(() => ID)
  @IsDefined()
  studentId: string;

  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-100000)
  @Max(100000)
  score: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(100)
  percentile?: number;

  @Field(() => RiskLevel, { nullable: true })
  @IsOptional()
  riskLevel?: RiskLevel;
}

@InputType({ description: 'One screener, one window, one date: the scores of a class or a school' })
export class ScreeningResultsRecordInput {
  @Field(() => MtssDomain)
  domain: MtssDomain;

  @Field(() => ScreeningWindow)
  window: ScreeningWindow;

  @Field({ description: 'The screener, e.g. "DIBELS 8", "i-Ready Math", "SAEBRS"' })
  @Length(1, 100)
  assessment: string;

  @Field(() => LocalDate)
  administeredOn: string;

  @Field(() => [ScreeningScoreInput], { description: `Up to ${MAX_BULK_SCREENING_ROWS} students; a student's earlier result for the same screener and window is replaced` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_SCREENING_ROWS)
  @ValidateNested({ each: true })
  results: ScreeningScoreInput[];
}

@InputType()
export class TierPlaceInput {
  @Field(() => ID)
  studentId: string;

  @Field(() => MtssDomain)
  domain: MtssDomain;

  @Field(() => Int)
  @Min(1)
  @Max(3)
  tier: number;

  @Field(() => LocalDate, { description: 'First day of the new tier; the current placement ends the day before' })
  effectiveDate: string;

  @Field({ description: 'The team\'s reason, e.g. the data reviewed' })
  @Length(1, 1000)
  reason: string;
}

@InputType({ description: 'Only the fields given change' })
export class TierDecisionRuleUpdateInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  expectedVersion: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100000)
  threshold?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(20)
  consecutivePoints?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(3)
  suggestedTier?: number;

  @Field({ nullable: true })
  @IsOptional()
  active?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 300)
  description?: string;
}

@InputType()
export class TierDecisionRuleCreateInput {
  @Field({ description: 'A stable, readable key, e.g. "math-below-40th"' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'key must be lower-case words joined by hyphens' })
  @Length(3, 60)
  key: string;

  @Field()
  @Length(1, 300)
  description: string;

  @Field(() => MtssDomain, { nullable: true, description: 'Omit for every domain' })
  @IsOptional()
  domain?: MtssDomain;

  @Field(() => DecisionRuleKind)
  kind: DecisionRuleKind;

  @Field(() => Float, { nullable: true, description: 'Percentile rules: fires below this percentile' })
  @IsOptional()
  @Min(1)
  @Max(100)
  threshold?: number;

  @Field(() => RiskLevel, { nullable: true, description: 'Risk-level rules: fires on this risk band' })
  @IsOptional()
  riskLevel?: RiskLevel;

  @Field(() => Int, { nullable: true, description: 'Progress rules: points in a row below the aim line' })
  @IsOptional()
  @Min(1)
  @Max(20)
  consecutivePoints?: number;

  @Field(() => Int, { nullable: true, description: 'Screening rules: the tier it suggests' })
  @IsOptional()
  @Min(1)
  @Max(3)
  suggestedTier?: number;
}
