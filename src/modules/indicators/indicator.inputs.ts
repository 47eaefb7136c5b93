import { IsInt, IsNumber, IsOptional, Length, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { GradeLevel } from '../../common/grade-level';
import { IndicatorKey } from './indicator-enums';
import { StudentGroup } from './student-groups';

@InputType('IndicatorScopeInput', { description: 'The district (nothing given), a school, a grade, a student group, or any combination' })
export class IndicatorScopeInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  schoolId?: string;

  @Field(() => GradeLevel, { nullable: true })
  @IsOptional()
  gradeLevel?: GradeLevel;

  @Field(() => StudentGroup, { nullable: true })
  @IsOptional()
  group?: StudentGroup;
}

@InputType({ description: 'A published figure of an annual measure: for a school, or the district when schoolId is not given' })
export class AnnualMeasureRecordInput {
  @Field(() => IndicatorKey, { description: 'One of the annual measures fed by published figures' })
  measure: IndicatorKey;

  @Field(() => ID)
  schoolYearId: string;

  @Field(() => ID, { nullable: true, description: 'Omit for the district-wide figure' })
  @IsOptional()
  schoolId?: string;

  @Field(() => Float, { description: 'The published percentage, 0-100' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  value: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  numerator?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  denominator?: number;

  @Field({ nullable: true, description: 'Where the figure comes from, e.g. "CSDE EdSight 2024-25"' })
  @IsOptional()
  @Length(1, 300)
  source?: string;
}
