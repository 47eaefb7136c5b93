import { ArrayMaxSize, ArrayMinSize, IsDefined, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { LocalDate } from '../../common/graphql/scalars';
import { SessionAbsenceReason } from './intervention-enums';

@InputType()
export class SessionAttendanceInput {
  @Field(() => ID)
  @IsDefined()
  planId: string;

  @Field()
  present: boolean;

  @Field(() => SessionAbsenceReason, { nullable: true, description: 'Required when absent' })
  @IsOptional()
  absenceReason?: SessionAbsenceReason;
}

@InputType({ description: 'One session for a group: each student present or absent, through their plan' })
export class InterventionSessionLogInput {
  @Field(() => LocalDate)
  date: string;

  @Field(() => Int, { description: '1-240' })
  minutes: number;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(2000)
  note?: string;

  @Field(() => [SessionAttendanceInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  attendance: SessionAttendanceInput[];
}
