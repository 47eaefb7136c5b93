import { ArrayMaxSize, IsOptional, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { LocalDate } from '../../common/graphql/scalars';

@InputType()
export class TermInput {
  @Field()
  @Length(1, 60)
  name: string;

  @Field(() => LocalDate)
  startDate: string;

  @Field(() => LocalDate)
  endDate: string;
}

@InputType({ description: 'Instructional days are the weekdays from start to end, less the non-instructional dates' })
export class SchoolYearCreateInput {
  @Field({ description: 'e.g. "2026-2027"' })
  @MaxLength(9)
  @Matches(/^\d{4}-\d{4}$/, { message: 'name must look like 2026-2027' })
  name: string;

  @Field(() => LocalDate)
  startDate: string;

  @Field(() => LocalDate)
  endDate: string;

  @Field(() => [TermInput])
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  terms: TermInput[];

  @Field(() => [LocalDate], { nullable: true, description: 'Holidays, breaks and PD days on weekdays' })
  @IsOptional()
  @ArrayMaxSize(200)
  nonInstructionalDates?: string[];
}

@InputType()
export class SchoolYearCalendarUpdateInput {
  @Field(() => ID)
  id: string;

  @Field(() => [LocalDate], { nullable: true, description: 'Make-up days and other added days' })
  @IsOptional()
  @ArrayMaxSize(200)
  addDates?: string[];

  @Field(() => [LocalDate], { nullable: true, description: 'Closures (snow days) and other removed days' })
  @IsOptional()
  @ArrayMaxSize(200)
  removeDates?: string[];
}
