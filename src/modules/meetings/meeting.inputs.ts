import { ArrayMaxSize, IsOptional, Length, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { LocalDate } from '../../common/graphql/scalars';
import { TeamDecisionKind, TeamMeetingKind } from './meeting-enums';

@InputType({ description: 'A staff attendee (staffUserId) or someone without an account (name)' })
export class TeamMeetingAttendeeInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  staffUserId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string;

  @Field()
  @Length(1, 100)
  roleLabel: string;
}

@InputType()
export class TeamMeetingNoteInput {
  @Field(() => ID, { nullable: true, description: 'The student the note is about; none for a note on the meeting' })
  @IsOptional()
  studentId?: string;

  @Field()
  @Length(1, 5000)
  body: string;

  @Field({ nullable: true, description: 'Shown to counselors and school admins only' })
  @IsOptional()
  restricted?: boolean;
}

@InputType()
export class TeamMeetingCreateInput {
  @Field(() => ID)
  schoolId: string;

  @Field(() => TeamMeetingKind)
  kind: TeamMeetingKind;

  @Field(() => LocalDate)
  heldOn: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 200)
  title?: string;

  @Field(() => [TeamMeetingAttendeeInput])
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  attendees: TeamMeetingAttendeeInput[];

  @Field(() => [ID], { description: 'Students discussed' })
  @ArrayMaxSize(200)
  studentIds: string[];

  @Field(() => [TeamMeetingNoteInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  notes?: TeamMeetingNoteInput[];
}

@InputType()
export class TeamMeetingNoteAddInput extends TeamMeetingNoteInput {
  @Field(() => ID)
  meetingId: string;
}

@InputType()
export class TeamDecisionRecordInput {
  @Field(() => ID)
  meetingId: string;

  @Field(() => ID)
  studentId: string;

  @Field(() => TeamDecisionKind)
  kind: TeamDecisionKind;

  @Field()
  @Length(1, 1000)
  description: string;

  @Field(() => ID, { nullable: true, description: 'The tier placement the decision made' })
  @IsOptional()
  tierPlacementId?: string;

  @Field(() => ID, { nullable: true, description: 'The intervention plan the decision opened or closed' })
  @IsOptional()
  interventionPlanId?: string;
}

@InputType()
export class FollowUpTaskCreateInput {
  @Field(() => ID)
  meetingId: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  studentId?: string;

  @Field(() => ID)
  ownerId: string;

  @Field()
  @Length(1, 1000)
  description: string;

  @Field(() => LocalDate)
  dueDate: string;

  @Field({ nullable: true })
  @IsOptional()
  restricted?: boolean;
}

@InputType()
export class FollowUpTaskCompleteInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  expectedVersion: number;

  @Field(() => LocalDate, { nullable: true, description: 'Defaults to today' })
  @IsOptional()
  completedOn?: string;
}

@InputType()
export class TeamMeetingFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  schoolId?: string;

  @Field(() => TeamMeetingKind, { nullable: true })
  @IsOptional()
  kind?: TeamMeetingKind;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  from?: string;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  to?: string;
}

@InputType()
export class FollowUpTaskFilter {
  @Field({ nullable: true, description: "Only the viewer's own tasks" })
  @IsOptional()
  mine?: boolean;

  @Field({ nullable: true, description: 'Only tasks not yet completed' })
  @IsOptional()
  openOnly?: boolean;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  schoolId?: string;
}
