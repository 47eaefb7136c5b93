import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { GradeLevel, gradeFromNumber } from '../../common/grade-level';
import { toGlobalId } from '../../common/graphql/global-id';
import { LocalDate } from '../../common/graphql/scalars';
import { MutationPayload } from '../../common/graphql/user-error';
import { SchoolType } from '../schools/school.type';
import type { AnnualMeasureFigureEntity } from './annual-measure.entity';
import { FAMILIES } from './families';
import type { IndicatorCell } from './indicator-cells';
import {
  CountedUnit,
  IndicatorBreakdown,
  IndicatorDirection,
  IndicatorKey,
  IndicatorKind,
  SuppressionReason,
} from './indicator-enums';
import { type IndicatorDefinition, type IndicatorSql, isPublished } from './registry';
import { StudentGroup } from './student-groups';

@ObjectType('Indicator', { description: 'An indicator of the strategic operating plan: what it counts, in words, and its target' })
export class IndicatorType {
  @Field(() => IndicatorKey)
  key: IndicatorKey;

  @Field()
  title: string;

  @Field(() => Int, { description: 'The plan priority: 1 (teaching and learning) or 2 (culture and climate)' })
  priority: number;

  @Field({ description: 'The core strategy it gives evidence for' })
  strategy: string;

  @Field(() => IndicatorKind)
  kind: IndicatorKind;

  @Field({ description: 'What the numerator counts' })
  numerator: string;

  @Field({ description: 'What the denominator counts' })
  denominator: string;

  @Field({ description: 'What "as of a date" means for this indicator' })
  asOfRule: string;

  @Field(() => IndicatorDirection)
  direction: IndicatorDirection;

  @Field(() => Float, { nullable: true, description: 'The plan target, a percentage; null where the plan sets none' })
  target: number | null;

  @Field(() => CountedUnit)
  countedUnit: CountedUnit;

  @Field({ description: 'Small cells are suppressed (figures about students)' })
  suppressible: boolean;

  @Field(() => [IndicatorBreakdown], { description: 'The breakdowns it can be cut by' })
  breakdowns: IndicatorBreakdown[];

  static from(definition: IndicatorDefinition): IndicatorType {
    const studentUnits = !isPublished(definition) && FAMILIES[(definition.source as IndicatorSql).family].studentUnits;
    return Object.assign(new IndicatorType(), {
      key: definition.key,
      title: definition.title,
      priority: definition.priority,
      strategy: definition.strategy,
      kind: definition.kind,
      numerator: definition.numerator,
      denominator: definition.denominator,
      asOfRule: definition.asOfRule,
      direction: definition.direction,
      target: definition.target,
      countedUnit: definition.countedUnit,
      suppressible: definition.suppressible,
      breakdowns: studentUnits ? Object.values(IndicatorBreakdown) : [IndicatorBreakdown.SCHOOL],
    });
  }
}

@ObjectType('IndicatorCell', { description: 'One figure. A suppressed or unavailable cell has no figures (null), never zeros' })
export class IndicatorCellType implements IndicatorCell {
  @Field({ description: 'False when the indicator is not defined for this scope (or no figure is published)' })
  available: boolean;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => Float, { nullable: true })
  numerator: number | null;

  @Field(() => Float, { nullable: true })
  denominator: number | null;

  @Field(() => Float, { nullable: true, description: 'Numerator / denominator as a percentage (1 decimal); null when suppressed or nothing to count' })
  value: number | null;

  @Field(() => Float, { nullable: true })
  target: number | null;

  @Field(() => Float, { nullable: true, description: 'Percentage points short of the target in the indicator direction; zero or less: met' })
  gapToTarget: number | null;

  @Field(() => Boolean, { nullable: true })
  meetsTarget: boolean | null;

  @Field()
  suppressed: boolean;

  @Field(() => SuppressionReason, { nullable: true })
  suppression: SuppressionReason | null;

  static from(cell: IndicatorCell): IndicatorCellType {
    return Object.assign(new IndicatorCellType(), cell);
  }
}

@ObjectType('IndicatorBreakdownCell', { description: 'One cell of a breakdown: a school, a grade or a student group' })
export class IndicatorBreakdownCellType {
  schoolDbId: string | null;

  @Field(() => IndicatorBreakdown)
  dimension: IndicatorBreakdown;

  @Field(() => GradeLevel, { nullable: true })
  gradeLevel: GradeLevel | null;

  @Field(() => StudentGroup, { nullable: true })
  group: StudentGroup | null;

  @Field(() => IndicatorCellType)
  cell: IndicatorCellType;
}

@ObjectType('IndicatorResult', { description: 'An indicator for a scope on a date, with its breakdown when asked' })
export class IndicatorResultType {
  @Field(() => IndicatorType)
  indicator: IndicatorType;

  @Field(() => LocalDate)
  asOf: string;

  @Field(() => LocalDate, { nullable: true, description: 'First day of the period the indicator looked at, where it has one' })
  periodStart: string | null;

  @Field(() => IndicatorCellType)
  total: IndicatorCellType;

  @Field(() => [IndicatorBreakdownCellType], { nullable: true, description: 'Null without a breakdown; empty when the indicator cannot be cut that way' })
  breakdown: IndicatorBreakdownCellType[] | null;
}

@ObjectType('IndicatorTrendPoint')
export class IndicatorTrendPointType {
  @Field(() => LocalDate)
  asOf: string;

  @Field(() => IndicatorCellType)
  cell: IndicatorCellType;
}

@ObjectType('IndicatorTrend', { description: 'One indicator over a school year, a point a week or a month' })
export class IndicatorTrendType {
  @Field(() => IndicatorType)
  indicator: IndicatorType;

  @Field(() => LocalDate)
  from: string;

  @Field(() => LocalDate)
  to: string;

  @Field(() => [IndicatorTrendPointType])
  points: IndicatorTrendPointType[];
}

@ObjectType('AnnualMeasureFigure', { description: 'A published figure of an annual measure for a school (or the district) and a school year' })
export class AnnualMeasureFigureType {
  schoolDbId: string | null;

  @Field(() => ID)
  id: string;

  @Field(() => IndicatorKey)
  measure: IndicatorKey;

  @Field(() => ID, { description: 'The SchoolYear id' })
  schoolYearId: string;

  @Field(() => Float)
  value: number;

  @Field(() => Int, { nullable: true })
  numerator: number | null;

  @Field(() => Int, { nullable: true })
  denominator: number | null;

  @Field(() => String, { nullable: true })
  source: string | null;

  @Field(() => Int)
  version: number;

  static from(entity: AnnualMeasureFigureEntity): AnnualMeasureFigureType {
    return Object.assign(new AnnualMeasureFigureType(), {
      id: toGlobalId('AnnualMeasureFigure', entity.id),
      schoolDbId: entity.schoolId,
      measure: entity.measure as IndicatorKey,
      schoolYearId: toGlobalId('SchoolYear', entity.schoolYearId),
      value: entity.value,
      numerator: entity.numerator,
      denominator: entity.denominator,
      source: entity.source,
      version: entity.version,
    });
  }
}

@ObjectType()
export class AnnualMeasureRecordPayload extends MutationPayload {
  @Field(() => AnnualMeasureFigureType, { nullable: true })
  annualMeasureFigure: AnnualMeasureFigureType | null;
}

export const gradeOrNull = (grade: number | null) => (grade === null ? null : gradeFromNumber(grade));
export type { SchoolType };
