import { ArrayMaxSize, IsDefined, IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MtssDomain } from '../../common/mtss';
import { InterventionClass, InterventionDelivery } from './intervention-enums';

@InputType()
export class InterventionCreateInput {
  @Field()
  @Length(1, 200)
  name: string;

  @Field(() => MtssDomain)
  domain: MtssDomain;

  @Field(() => [Int], { description: 'The tiers (1-3) it is meant for' })
  @ArrayMaxSize(3)
  tiers: number[];

  @Field(() => InterventionDelivery)
  delivery: InterventionDelivery;

  @Field(() => InterventionClass)
  interventionClass: InterventionClass;

  @Field(() => Int, { nullable: true, description: '1-10' })
  @IsOptional()
  recommendedSessionsPerWeek?: number;

  @Field(() => Int, { nullable: true, description: '1-240' })
  @IsOptional()
  recommendedMinutesPerSession?: number;

  @Field(() => Int, { nullable: true, description: '1-52' })
  @IsOptional()
  recommendedWeeks?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  minDosageMinutes?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  maxDosageMinutes?: number;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(2000)
  evidenceNote?: string;
}

@InputType({ description: 'Only the fields given change; null clears an optional field' })
export class InterventionUpdateInput {
  @Field(() => ID)
  @IsDefined()
  id: string;

  @Field(() => Int, { description: 'The version read; a newer one on the server means CONFLICT' })
  expectedVersion: number;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string;

  @Field(() => MtssDomain, { nullable: true })
  @IsOptional()
  domain?: MtssDomain;

  @Field(() => [Int], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(3)
  tiers?: number[];

  @Field(() => InterventionDelivery, { nullable: true })
  @IsOptional()
  delivery?: InterventionDelivery;

  @Field(() => InterventionClass, { nullable: true })
  @IsOptional()
  interventionClass?: InterventionClass;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  recommendedSessionsPerWeek?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  recommendedMinutesPerSession?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  recommendedWeeks?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  minDosageMinutes?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  maxDosageMinutes?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  evidenceNote?: string | null;
}

@InputType()
export class InterventionRetireInput {
  @Field(() => ID)
  @IsDefined()
  id: string;
}
