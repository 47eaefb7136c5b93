import { registerEnumType } from 'type-graphql';

/** Universal screening windows of a school year. */
export enum ScreeningWindow {
  FALL = 'FALL',
  WINTER = 'WINTER',
  SPRING = 'SPRING',
}

/** A screener's own risk band, where it reports one. */
export enum RiskLevel {
  LOW_RISK = 'LOW_RISK',
  SOME_RISK = 'SOME_RISK',
  HIGH_RISK = 'HIGH_RISK',
}

/** What a decision rule looks at. */
export enum DecisionRuleKind {
  /** The latest screening percentile in the domain is below `threshold`. */
  SCREENING_PERCENTILE_BELOW = 'SCREENING_PERCENTILE_BELOW',
  /** The latest screening's risk level is `riskLevel`. */
  SCREENING_RISK_LEVEL = 'SCREENING_RISK_LEVEL',
  /** `consecutivePoints` progress points in a row below the aim line of an active plan. */
  PROGRESS_BELOW_AIM_LINE = 'PROGRESS_BELOW_AIM_LINE',
}

registerEnumType(ScreeningWindow, { name: 'ScreeningWindow' });
registerEnumType(RiskLevel, { name: 'RiskLevel' });
registerEnumType(DecisionRuleKind, { name: 'DecisionRuleKind' });
