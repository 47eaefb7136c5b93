import { ArrayMaxSize, ArrayMinSize, IsDefined, IsIn, IsNumber, IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { LocalDate } from '../../common/graphql/scalars';
import { AttendanceActionType, AttendanceCaseOutcome, AttendanceCaseStatus, AttendanceCategory } from './attendance-enums';

/** A school day of a large high school fits in one call. */
export const MAX_ATTENDANCE_ROWS = 2000;

@InputType({ description: "One student's attendance on one instructional day; recording it again corrects it (the earlier value is kept)" })
export class AttendanceDayInput {
  @Field(() => ID)
  @IsDefined()
  studentId: string;

  @Field(() => LocalDate)
  @IsDefined()
  date: string;

  @Field(() => AttendanceCategory)
  @IsDefined()
  category: AttendanceCategory;
}

@InputType({ description: 'A class or a school day at once: all rows are recorded, or none' })
export class AttendanceDaysRecordInput {
  @Field(() => [AttendanceDayInput], { description: `1 to ${MAX_ATTENDANCE_ROWS} rows, each student and date at most once` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ATTENDANCE_ROWS)
  @ValidateNested({ each: true })
  records: AttendanceDayInput[];
}

@InputType({ description: 'Only the fields given change' })
export class AttendanceSettingsUpdateInput {
  @Field(() => Int, { description: 'The version read; a newer one on the server means CONFLICT' })
  expectedVersion: number;

  @Field(() => Float, { nullable: true, description: 'Chronically absent from this percent of days enrolled (default 10)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(100)
  chronicAbsencePercent?: number;

  @Field(() => Float, { nullable: true, description: 'Severely chronically absent from this percent (default 20)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(100)
  severeAbsencePercent?: number;

  @Field(() => Float, { nullable: true, description: 'At risk (Tier 2) from this percent (default 5)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(100)
  atRiskAbsencePercent?: number;

  @Field(() => Int, { nullable: true, description: 'Students enrolled fewer days are left out of rates (default 10)' })
  @IsOptional()
  @Min(1)
  @Max(60)
  minimumDaysEnrolled?: number;

  @Field(() => Int, { nullable: true, description: 'Early trigger: absences in the first month of the school year (default 2)' })
  @IsOptional()
  @Min(1)
  @Max(30)
  monthOneAbsences?: number;

  @Field(() => Int, { nullable: true, description: 'Early trigger: absences in the first two months (default 4)' })
  @IsOptional()
  @Min(1)
  @Max(60)
  monthTwoAbsences?: number;

  @Field(() => Int, { nullable: true, description: 'An open case with no action for more days than this is stale (default 14)' })
  @IsOptional()
  @Min(1)
  @Max(180)
  staleCaseDays?: number;

  @Field(() => Int, { nullable: true, description: "Days compared before and after a case's first action (default 30)" })
  @IsOptional()
  @Min(7)
  @Max(120)
  improvementWindowDays?: number;
}

@InputType()
export class AttendanceCaseOpenInput {
  @Field(() => ID)
  studentId: string;

  @Field(() => Int, { description: '2 (early intervention) or 3 (intensive)' })
  @Min(2)
  @Max(3)
  tier: number;

  @Field({ description: 'Why the team opened the case, e.g. the trigger and the data reviewed' })
  @Length(1, 1000)
  reason: string;

  @Field(() => ID, { nullable: true, description: 'The staff user leading the case; defaults to you' })
  @IsOptional()
  ownerId?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Defaults to today' })
  @IsOptional()
  openedOn?: string;
}

@InputType({ description: 'Only the fields given change; closing has its own mutation' })
export class AttendanceCaseUpdateInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  expectedVersion: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(2)
  @Max(3)
  tier?: number;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 1000)
  reason?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  ownerId?: string;

  @Field(() => AttendanceCaseStatus, { nullable: true, description: 'OPEN or MONITORING' })
  @IsOptional()
  @IsIn([AttendanceCaseStatus.OPEN, AttendanceCaseStatus.MONITORING], { message: 'status must be OPEN or MONITORING; close a case with attendanceCaseClose' })
  status?: AttendanceCaseStatus;
}

@InputType()
export class AttendanceCaseCloseInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  expectedVersion: number;

  @Field(() => AttendanceCaseOutcome)
  outcome: AttendanceCaseOutcome;

  @Field(() => LocalDate, { nullable: true, description: 'Defaults to today' })
  @IsOptional()
  closedOn?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 2000)
  note?: string;
}

@InputType()
export class AttendanceActionLogInput {
  @Field(() => ID)
  caseId: string;

  @Field(() => AttendanceActionType)
  type: AttendanceActionType;

  @Field(() => LocalDate)
  actionDate: string;

  @Field(() => ID, { nullable: true, description: 'Who did it; defaults to you' })
  @IsOptional()
  staffId?: string;

  @Field({ nullable: true, description: 'What came of it' })
  @IsOptional()
  @Length(1, 1000)
  outcome?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 1000)
  nextStep?: string;

  @Field(() => LocalDate, { nullable: true, description: 'When the next step is due; requires nextStep' })
  @IsOptional()
  nextStepDueDate?: string;
}
