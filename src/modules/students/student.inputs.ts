import { IsDefined, IsOptional, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { GradeLevel } from '../../common/grade-level';
import { LocalDate } from '../../common/graphql/scalars';
import { Gender, RaceEthnicity } from './student-demographics';

const LOCAL_ID = /^[A-Za-z0-9_-]+$/;

@InputType()
export class StudentFilter {
  @Field(() => ID, { nullable: true, description: 'Students enrolled today at this school' })
  @IsOptional()
  schoolId?: string;

  @Field(() => GradeLevel, { nullable: true })
  @IsOptional()
  gradeLevel?: GradeLevel;

  @Field({ nullable: true, description: 'Start of a given or family name, or an exact local id' })
  @IsOptional()
  @Length(1, 100)
  search?: string;

  @Field({ nullable: true })
  @IsOptional()
  englishLearner?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  studentWithDisability?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  freeReducedMeals?: boolean;

  @Field(() => RaceEthnicity, { nullable: true })
  @IsOptional()
  raceEthnicity?: RaceEthnicity;

  @Field(() => Gender, { nullable: true })
  @IsOptional()
  gender?: Gender;
}

// Validated as a nested object of StudentCreateInput: with forbidUnknownValues, class-validator
// refuses an object whose class declares no constraints at all, so each field declares one.
@InputType()
export class InitialEnrollmentInput {
  @Field(() => ID)
  @IsDefined()
  schoolId: string;

  @Field(() => LocalDate)
  @IsDefined()
  entryDate: string;
}

@InputType()
export class StudentCreateInput {
  @Field()
  @Length(1, 40)
  @Matches(LOCAL_ID, { message: 'localId may contain only letters, digits, - and _' })
  localId: string;

  @Field()
  @Length(1, 100)
  givenName: string;

  @Field()
  @Length(1, 100)
  familyName: string;

  @Field(() => LocalDate)
  birthDate: string;

  @Field(() => GradeLevel)
  gradeLevel: GradeLevel;

  @Field(() => Gender, { nullable: true })
  @IsOptional()
  gender?: Gender;

  @Field(() => RaceEthnicity, { nullable: true })
  @IsOptional()
  raceEthnicity?: RaceEthnicity;

  @Field({ nullable: true })
  @IsOptional()
  englishLearner?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  studentWithDisability?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  freeReducedMeals?: boolean;

  @Field(() => InitialEnrollmentInput, { description: 'Every student starts enrolled at a school' })
  @ValidateNested()
  enrollment: InitialEnrollmentInput;
}

@InputType({ description: 'Only the fields given change' })
export class StudentUpdateInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: 'The version read; a newer one on the server means CONFLICT' })
  expectedVersion: number;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 40)
  @Matches(LOCAL_ID, { message: 'localId may contain only letters, digits, - and _' })
  localId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 100)
  givenName?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 100)
  familyName?: string;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  birthDate?: string;

  @Field(() => GradeLevel, { nullable: true })
  @IsOptional()
  gradeLevel?: GradeLevel;

  @Field(() => Gender, { nullable: true })
  @IsOptional()
  gender?: Gender;

  @Field(() => RaceEthnicity, { nullable: true })
  @IsOptional()
  raceEthnicity?: RaceEthnicity;

  @Field({ nullable: true })
  @IsOptional()
  englishLearner?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  studentWithDisability?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  freeReducedMeals?: boolean;
}

@InputType()
export class EnrollmentCreateInput {
  @Field(() => ID)
  studentId: string;

  @Field(() => ID)
  schoolId: string;

  @Field(() => GradeLevel)
  gradeLevel: GradeLevel;

  @Field(() => LocalDate)
  entryDate: string;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  exitDate?: string;
}

@InputType()
export class EnrollmentEndInput {
  @Field(() => ID)
  id: string;

  @Field(() => LocalDate, { description: 'Last day enrolled' })
  exitDate: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(200)
  exitReason?: string;
}

@InputType({ description: 'Ends the current enrollment the day before and enrols at the new school, in one step' })
export class StudentTransferInput {
  @Field(() => ID)
  studentId: string;

  @Field(() => ID)
  toSchoolId: string;

  @Field(() => LocalDate, { description: 'First day at the new school' })
  effectiveDate: string;

  @Field(() => GradeLevel, { nullable: true, description: "Defaults to the student's current grade" })
  @IsOptional()
  gradeLevel?: GradeLevel;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(200)
  exitReason?: string;
}
