import { IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { LocalDate } from '../../common/graphql/scalars';
import { CaseloadKind } from './caseload-kind';

@InputType()
export class CaseloadAssignInput {
  @Field(() => ID)
  staffUserId: string;

  @Field(() => ID)
  studentId: string;

  @Field(() => CaseloadKind)
  kind: CaseloadKind;

  @Field(() => LocalDate, { nullable: true, description: 'Defaults to today' })
  @IsOptional()
  startDate?: string;
}

@InputType()
export class CaseloadEndInput {
  @Field(() => ID)
  id: string;

  @Field(() => LocalDate, { nullable: true, description: 'Last day of the assignment; defaults to today' })
  @IsOptional()
  endDate?: string;
}
