import { IsDefined, IsOptional, Length, MaxLength, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { LocalDate } from '../../common/graphql/scalars';
import { MtssDomain } from '../../common/mtss';
import { InterventionDiscontinueReason, InterventionPlanClosure, InterventionPlanOutcome, InterventionPlanStatus } from './intervention-enums';

@InputType()
export class InterventionGoalInput {
  @Field({ description: 'What is measured, e.g. "Words correct per minute (grade 3 ORF)"' })
  @Length(1, 300)
  measure: string;

  @Field(() => Float)
  @IsDefined()
  baseline: number;

  @Field(() => Float, { description: 'Must differ from the baseline; below it means lower is better' })
  @IsDefined()
  target: number;

  @Field(() => LocalDate, { nullable: true, description: 'Defaults to the planned end date' })
  @IsOptional()
  targetDate?: string;
}

@InputType()
export class InterventionPlanCreateInput {
  @Field(() => ID)
  @IsDefined()
  studentId: string;

  @Field(() => ID, { nullable: true, description: 'A catalog intervention; omit it and give customName for one not in the catalog' })
  @IsOptional()
  interventionId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 200)
  customName?: string;

  @Field(() => MtssDomain, { nullable: true, description: "Defaults to the catalog intervention's domain" })
  @IsOptional()
  domain?: MtssDomain;

  @Field(() => Int)
  tier: number;

  @Field(() => InterventionGoalInput)
  @ValidateNested()
  goal: InterventionGoalInput;

  @Field(() => ID, { nullable: true, description: 'Defaults to you' })
  @IsOptional()
  interventionistId?: string;

  @Field(() => Int, { nullable: true, description: "Defaults to the catalog's recommendation" })
  @IsOptional()
  sessionsPerWeek?: number;

  @Field(() => Int, { nullable: true, description: "Defaults to the catalog's recommendation" })
  @IsOptional()
  minutesPerSession?: number;

  @Field(() => LocalDate)
  startDate: string;

  @Field(() => LocalDate, { nullable: true, description: "Defaults to the catalog's recommended weeks after the start" })
  @IsOptional()
  plannedEndDate?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Defaults to six weeks after the start' })
  @IsOptional()
  reviewDate?: string;
}

@InputType({ description: 'Only the fields given change' })
export class InterventionGoalUpdateInput {
  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 300)
  measure?: string;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  baseline?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  target?: number;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  targetDate?: string;
}

@InputType({ description: 'Only the fields given change' })
export class InterventionPlanUpdateInput {
  @Field(() => ID)
  @IsDefined()
  id: string;

  @Field(() => Int, { description: 'The version read; a newer one on the server means CONFLICT' })
  expectedVersion: number;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 200)
  customName?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  tier?: number;

  @Field(() => InterventionGoalUpdateInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  goal?: InterventionGoalUpdateInput;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  interventionistId?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  sessionsPerWeek?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  minutesPerSession?: number;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  plannedEndDate?: string;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  reviewDate?: string;
}

@InputType()
export class InterventionPlanCloseInput {
  @Field(() => ID)
  @IsDefined()
  id: string;

  @Field(() => Int)
  expectedVersion: number;

  @Field(() => InterventionPlanClosure)
  status: InterventionPlanClosure;

  @Field(() => InterventionPlanOutcome)
  outcome: InterventionPlanOutcome;

  @Field(() => InterventionDiscontinueReason, { nullable: true, description: 'Required when DISCONTINUED' })
  @IsOptional()
  discontinuedReason?: InterventionDiscontinueReason;

  @Field(() => LocalDate, { nullable: true, description: 'Defaults to today' })
  @IsOptional()
  closedDate?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(2000)
  note?: string;
}

@InputType()
export class InterventionPlanFilter {
  @Field(() => InterventionPlanStatus, { nullable: true })
  @IsOptional()
  status?: InterventionPlanStatus;

  @Field(() => MtssDomain, { nullable: true })
  @IsOptional()
  domain?: MtssDomain;

  @Field(() => ID, { nullable: true, description: 'Plans at this school (the school at plan start)' })
  @IsOptional()
  schoolId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  interventionistId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  interventionId?: string;
}

@InputType()
export class ProgressPointRecordInput {
  @Field(() => ID)
  @IsDefined()
  planId: string;

  @Field(() => LocalDate)
  date: string;

  @Field(() => Float)
  score: number;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(1000)
  note?: string;
}
