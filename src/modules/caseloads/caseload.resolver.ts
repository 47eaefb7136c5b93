import { Arg, Authorized, Ctx, Field, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { ADMIN_ROLES } from '../../common/auth/roles';
import { MutationPayload, payloadOf } from '../../common/graphql/user-error';
import type { ViewerContext } from '../../context';
import { StaffUserType } from '../staff/staff.type';
import { StudentType } from '../students/student.type';
import type { CaseloadAssignmentEntity } from './caseload.entity';
import { CaseloadAssignInput, CaseloadEndInput } from './caseload.inputs';
import { caseloadService } from './caseload.service';
import { CaseloadAssignmentType } from './caseload.type';

@ObjectType()
class CaseloadAssignmentPayload extends MutationPayload {
  @Field(() => CaseloadAssignmentType, { nullable: true })
  caseloadAssignment: CaseloadAssignmentType | null;
}


@Authorized()
@Resolver(() => CaseloadAssignmentType)
export class CaseloadResolver {
  @FieldResolver(() => StaffUserType)
  async staffUser(@Root() assignment: CaseloadAssignmentType, @Ctx() ctx: ViewerContext): Promise<StaffUserType> {
    return StaffUserType.from((await ctx.loaders.staff.staffUserById.load(assignment.staffUserDbId))!);
  }

  @FieldResolver(() => StudentType, { nullable: true })
  async student(@Root() assignment: CaseloadAssignmentType, @Ctx() ctx: ViewerContext): Promise<StudentType | null> {
    const student = await ctx.loaders.students.visibleStudentById.load(assignment.studentDbId);
    return student ? StudentType.from(student) : null;
  }

  @Authorized(ADMIN_ROLES)
  @Mutation(() => CaseloadAssignmentPayload, { description: "Puts a student on a staff user's caseload" })
  caseloadAssign(@Ctx() ctx: ViewerContext, @Arg('input', () => CaseloadAssignInput) input: CaseloadAssignInput) {
    return payloadOf('caseloadAssignment', CaseloadAssignmentType.from, () => caseloadService.assign(ctx, input));
  }

  @Authorized(ADMIN_ROLES)
  @Mutation(() => CaseloadAssignmentPayload, { description: 'Ends a caseload assignment; the history is kept' })
  caseloadEnd(@Ctx() ctx: ViewerContext, @Arg('input', () => CaseloadEndInput) input: CaseloadEndInput) {
    return payloadOf('caseloadAssignment', CaseloadAssignmentType.from, () => caseloadService.end(ctx, input));
  }
}

@Authorized()
@Resolver(() => StudentType)
export class StudentCaseloadResolver {
  @FieldResolver(() => [CaseloadAssignmentType], { description: 'Staff responsible for the student today' })
  async caseloadAssignments(@Root() student: StudentType, @Ctx() ctx: ViewerContext): Promise<CaseloadAssignmentType[]> {
    return (await ctx.loaders.caseloads.activeCaseloadByStudentId.load(student.dbId)).map(CaseloadAssignmentType.from);
  }
}
