import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsDefined, IsOptional, Length, Matches, Max, Min, ValidateNested, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { LocalDate } from '../../common/graphql/scalars';
import { MtssDomain } from '../../common/mtss';
import { DayOfWeek, TutoringCancelReason, TutoringProvider, TutoringSetting } from './tutoring-enums';
import { MAX_SESSION_MINUTES } from './tutoring-standards';

export const MAX_GROUP_CAPACITY = 30;

@InputType({ description: 'Omitted fields take the NSSA defaults (create) or stay as they are (update)' })
export class TutoringTargetDosageInput {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(10)
  sessionsPerWeek?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(MAX_SESSION_MINUTES)
  minutesPerSession?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(MAX_SESSION_MINUTES)
  minutesPerSessionK3?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(MAX_GROUP_CAPACITY)
  maxStudentsPerTutor?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(52)
  minWeeks?: number;
}

@InputType()
export class TutoringProgramCreateInput {
  @Field()
  @Length(1, 200)
  name: string;

  @Field(() => ID)
  schoolYearId: string;

  @Field(() => [MtssDomain], { description: 'READING and/or MATH' })
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  subjects: MtssDomain[];

  @Field(() => TutoringProvider)
  provider: TutoringProvider;

  @Field(() => String, { nullable: true, description: 'Required for PARTNER programs, refused for IN_HOUSE ones' })
  @IsOptional()
  @Length(1, 200)
  partnerOrganization?: string;

  @Field(() => TutoringSetting)
  setting: TutoringSetting;

  @Field(() => [ID])
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  schoolIds: string[];

  @Field(() => LocalDate)
  startDate: string;

  @Field(() => LocalDate)
  endDate: string;

  @Field(() => TutoringTargetDosageInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  targetDosage?: TutoringTargetDosageInput;
}

@InputType({ description: 'Only the fields given change; the provider is fixed' })
export class TutoringProgramUpdateInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  expectedVersion: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string;

  @Field(() => [MtssDomain], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  subjects?: MtssDomain[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  partnerOrganization?: string;

  @Field(() => TutoringSetting, { nullable: true })
  @IsOptional()
  setting?: TutoringSetting;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  schoolIds?: string[];

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  startDate?: string;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  endDate?: string;

  @Field(() => TutoringTargetDosageInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  targetDosage?: TutoringTargetDosageInput;
}

@InputType()
export class TutoringProgramFilter {
  @Field(() => ID, { nullable: true, description: 'Programs serving this school' })
  @IsOptional()
  schoolId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  schoolYearId?: string;

  @Field(() => TutoringProvider, { nullable: true })
  @IsOptional()
  provider?: TutoringProvider;
}

@InputType()
export class TutoringPartnerTutorCreateInput {
  @Field(() => ID)
  programId: string;

  @Field()
  @Length(1, 100)
  givenName: string;

  @Field()
  @Length(1, 100)
  familyName: string;

  @Field(() => String, { nullable: true, description: "Defaults to the program's partner organisation" })
  @IsOptional()
  @Length(1, 200)
  organization?: string;
}

@InputType({ description: 'Only the fields given change' })
export class TutoringPartnerTutorUpdateInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  expectedVersion: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  givenName?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  familyName?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  organization?: string;

  @Field(() => Boolean, { nullable: true, description: 'An inactive tutor can no longer tutor or substitute' })
  @IsOptional()
  active?: boolean;
}

@InputType()
export class TutoringScheduleInput {
  @Field(() => [DayOfWeek])
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  daysOfWeek: DayOfWeek[];

  @Field({ description: "Local time 'HH:mm' or 'HH:mm:ss', in the district's time zone" })
  @MaxLength(8)
  @Matches(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, { message: 'startTime must be a time of day, HH:mm or HH:mm:ss' })
  startTime: string;

  @Field(() => Int)
  @Min(1)
  @Max(MAX_SESSION_MINUTES)
  minutes: number;
}

@InputType()
export class TutoringGroupCreateInput {
  @Field(() => ID)
  programId: string;

  @Field(() => ID, { description: "Where the group meets: one of the program's schools" })
  schoolId: string;

  @Field()
  @Length(1, 100)
  name: string;

  @Field(() => MtssDomain, { description: "One of the program's subjects" })
  subject: MtssDomain;

  @Field(() => ID, { description: 'A StaffUser with the TUTOR role (in-house programs) or a TutoringPartnerTutor of the program (partner programs)' })
  tutorId: string;

  @Field(() => TutoringScheduleInput)
  @ValidateNested()
  schedule: TutoringScheduleInput;

  @Field(() => Int, { nullable: true, description: "Defaults to the program's students-per-tutor ratio" })
  @IsOptional()
  @Min(1)
  @Max(MAX_GROUP_CAPACITY)
  capacity?: number;
}

@InputType({ description: 'Only the fields given change' })
export class TutoringGroupUpdateInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  expectedVersion: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  name?: string;

  @Field(() => ID, { nullable: true, description: 'A new assigned tutor; sessions already logged keep who led them' })
  @IsOptional()
  tutorId?: string;

  @Field(() => TutoringScheduleInput, { nullable: true, description: 'The days cannot change once sessions are logged (start a new group)' })
  @IsOptional()
  @ValidateNested()
  schedule?: TutoringScheduleInput;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(MAX_GROUP_CAPACITY)
  capacity?: number;
}

@InputType()
export class TutoringAssignmentStudentInput {
  @Field(() => ID)
  studentId: string;

  @Field({ description: 'Why the student is tutored' })
  @Length(1, 1000)
  reason: string;

  @Field(() => ID, { nullable: true, description: "The student's Tier 2/3 placement in the group's subject that this answers" })
  @IsOptional()
  tierPlacementId?: string;

  @Field(() => ID, { nullable: true, description: "The student's intervention plan this tutoring delivers" })
  @IsOptional()
  interventionPlanId?: string;
}

@InputType({ description: 'Students joining one group on the same dates, all or nothing' })
export class TutoringAssignmentsCreateInput {
  @Field(() => ID)
  groupId: string;

  @Field(() => LocalDate)
  startDate: string;

  @Field(() => LocalDate, { nullable: true, description: 'Last day; omit to run to the end of the program' })
  @IsOptional()
  endDate?: string;

  @Field(() => [TutoringAssignmentStudentInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_GROUP_CAPACITY)
  @ValidateNested({ each: true })
  students: TutoringAssignmentStudentInput[];
}

@InputType()
export class TutoringAssignmentEndInput {
  @Field(() => ID)
  id: string;

  @Field(() => LocalDate, { description: 'Last day in the group' })
  endDate: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  endReason?: string;
}

@InputType()
export class TutoringAttendanceInput {
  @Field(() => ID)
  @IsDefined()
  studentId: string;

  @Field()
  @IsBoolean()
  present: boolean;
}

@InputType({ description: 'One held session for the whole group, with attendance for every student assigned that day' })
export class TutoringSessionLogInput {
  @Field(() => ID)
  groupId: string;

  @Field(() => LocalDate)
  date: string;

  @Field(() => Int)
  @Min(1)
  @Max(MAX_SESSION_MINUTES)
  minutes: number;

  @Field(() => ID, { nullable: true, description: "Who led it: omit for the group's tutor; a StaffUser or TutoringPartnerTutor id for a substitute" })
  @IsOptional()
  leaderId?: string;

  @Field(() => [TutoringAttendanceInput])
  @ArrayMaxSize(MAX_GROUP_CAPACITY)
  @ValidateNested({ each: true })
  attendance: TutoringAttendanceInput[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 1000)
  note?: string;
}

@InputType()
export class TutoringSessionCancelInput {
  @Field(() => ID)
  groupId: string;

  @Field(() => LocalDate)
  date: string;

  @Field(() => TutoringCancelReason)
  reason: TutoringCancelReason;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 1000)
  note?: string;
}
