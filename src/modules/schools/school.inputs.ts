import { IsOptional, Length, Matches } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { GradeLevel } from '../../common/grade-level';
import { SchoolLevel } from './school-level';

const CODE = /^[A-Za-z0-9_-]+$/;

@InputType()
export class SchoolCreateInput {
  @Field()
  @Length(1, 20)
  @Matches(CODE, { message: 'code may contain only letters, digits, - and _' })
  code: string;

  @Field()
  @Length(1, 200)
  name: string;

  @Field(() => SchoolLevel)
  level: SchoolLevel;

  @Field(() => GradeLevel)
  lowestGrade: GradeLevel;

  @Field(() => GradeLevel)
  highestGrade: GradeLevel;
}

@InputType({ description: 'Only the fields given change' })
export class SchoolUpdateInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  expectedVersion: number;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string;

  @Field(() => SchoolLevel, { nullable: true })
  @IsOptional()
  level?: SchoolLevel;

  @Field(() => GradeLevel, { nullable: true })
  @IsOptional()
  lowestGrade?: GradeLevel;

  @Field(() => GradeLevel, { nullable: true })
  @IsOptional()
  highestGrade?: GradeLevel;
}
