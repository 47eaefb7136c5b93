import { ArrayMaxSize, IsEmail, IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { StaffRole } from '../../common/auth/roles';

@InputType()
export class StaffUserFilter {
  @Field(() => ID, { nullable: true, description: 'Members of this school today' })
  @IsOptional()
  schoolId?: string;

  @Field(() => StaffRole, { nullable: true })
  @IsOptional()
  role?: StaffRole;

  @Field({ nullable: true })
  @IsOptional()
  active?: boolean;

  @Field({ nullable: true, description: 'Start of a given or family name, or of the email' })
  @IsOptional()
  @Length(1, 100)
  search?: string;
}

@InputType()
export class StaffUserCreateInput {
  @Field()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @Field()
  @Length(1, 100)
  givenName: string;

  @Field()
  @Length(1, 100)
  familyName: string;

  @Field(() => StaffRole)
  role: StaffRole;

  @Field(() => [ID], { description: 'Schools the user works in (none for district roles)' })
  @ArrayMaxSize(100)
  schoolIds: string[];
}

@InputType({ description: 'Only the fields given change; schoolIds replaces the set of schools' })
export class StaffUserUpdateInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  expectedVersion: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 100)
  givenName?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 100)
  familyName?: string;

  @Field(() => StaffRole, { nullable: true })
  @IsOptional()
  role?: StaffRole;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  schoolIds?: string[];
}
