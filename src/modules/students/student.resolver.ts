import { Arg, Authorized, Ctx, Field, FieldResolver, ID, Info, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ADMIN_ROLES, StaffRole } from '../../common/auth/roles';
import type { GraphQLResolveInfo } from 'graphql';
import { mapConnection } from '../../common/graphql/connection';
import { connectionNodeFields } from '../../common/graphql/selection';
import { expectGlobalId } from '../../common/graphql/global-id';
import { MutationPayload, payloadOf } from '../../common/graphql/user-error';
import type { ViewerContext } from '../../context';
import { SchoolType } from '../schools/school.type';
import { enrollmentService } from './enrollment.service';
import {
  EnrollmentCreateInput,
  EnrollmentEndInput,
  StudentCreateInput,
  StudentFilter,
  StudentTransferInput,
  StudentUpdateInput,
} from './student.inputs';
import { studentService } from './student.service';
import { EnrollmentType, StudentConnection, StudentType } from './student.type';

@ObjectType()
class StudentPayload extends MutationPayload {
  @Field(() => StudentType, { nullable: true })
  student: StudentType | null;
}

@ObjectType()
class StudentDeletePayload extends MutationPayload {
  @Field(() => ID, { nullable: true })
  deletedStudentId: string | null;
}

@ObjectType()
class EnrollmentPayload extends MutationPayload {
  @Field(() => EnrollmentType, { nullable: true })
  enrollment: EnrollmentType | null;
}



@Authorized()
@Resolver(() => StudentType)
export class StudentResolver {
  @Query(() => StudentConnection, { description: "Students in the viewer's scope, by family and given name" })
  async students(
    @Ctx() ctx: ViewerContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => StudentFilter, { nullable: true }) filter?: StudentFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<StudentConnection> {
    const page = await studentService.list(ctx, filter, first, after, connectionNodeFields(info));
    return mapConnection(page, StudentType.from) as unknown as StudentConnection;
  }

  @Query(() => StudentType, { nullable: true, description: 'Null when missing or outside your scope' })
  async student(@Ctx() ctx: ViewerContext, @Arg('id', () => ID) id: string): Promise<StudentType | null> {
    const student = await ctx.loaders.students.visibleStudentById.load(expectGlobalId(id, 'Student', 'id'));
    return student ? StudentType.from(student) : null;
  }

  @FieldResolver(() => [EnrollmentType], { description: 'Every enrollment, oldest first' })
  async enrollments(@Root() student: StudentType, @Ctx() ctx: ViewerContext): Promise<EnrollmentType[]> {
    return (await ctx.loaders.students.enrollmentsByStudentId.load(student.dbId)).map(EnrollmentType.from);
  }

  @FieldResolver(() => EnrollmentType, { nullable: true, description: 'The enrollment that includes today' })
  async currentEnrollment(@Root() student: StudentType, @Ctx() ctx: ViewerContext): Promise<EnrollmentType | null> {
    const enrollments = await ctx.loaders.students.enrollmentsByStudentId.load(student.dbId);
    const current = enrollments.find((e) => e.entryDate <= ctx.today && (!e.exitDate || e.exitDate >= ctx.today));
    return current ? EnrollmentType.from(current) : null;
  }

  @Authorized(ADMIN_ROLES)
  @Mutation(() => StudentPayload, { description: 'Adds a student, enrolled at a school from a date' })
  studentCreate(@Ctx() ctx: ViewerContext, @Arg('input', () => StudentCreateInput) input: StudentCreateInput) {
    return payloadOf('student', StudentType.from, () => studentService.create(ctx, input));
  }

  @Authorized(ADMIN_ROLES)
  @Mutation(() => StudentPayload, { description: 'Changes the fields given; CONFLICT if the record changed since it was read' })
  studentUpdate(@Ctx() ctx: ViewerContext, @Arg('input', () => StudentUpdateInput) input: StudentUpdateInput) {
    return payloadOf('student', StudentType.from, () => studentService.update(ctx, input));
  }

  @Authorized(ADMIN_ROLES)
  @Mutation(() => StudentDeletePayload, { description: 'Soft delete: hidden from every read, restorable by a district admin' })
  async studentDelete(@Ctx() ctx: ViewerContext, @Arg('id', () => ID) id: string) {
    return payloadOf('deletedStudentId', (id: string) => id, () => studentService.softDelete(ctx, id));
  }

  @Authorized([StaffRole.DISTRICT_ADMIN])
  @Mutation(() => StudentPayload, { description: 'Undoes a soft delete' })
  studentRestore(@Ctx() ctx: ViewerContext, @Arg('id', () => ID) id: string) {
    return payloadOf('student', StudentType.from, () => studentService.restore(ctx, id));
  }

  @Authorized(ADMIN_ROLES)
  @Mutation(() => EnrollmentPayload)
  enrollmentCreate(@Ctx() ctx: ViewerContext, @Arg('input', () => EnrollmentCreateInput) input: EnrollmentCreateInput) {
    return payloadOf('enrollment', EnrollmentType.from, () => enrollmentService.create(ctx, input));
  }

  @Authorized(ADMIN_ROLES)
  @Mutation(() => EnrollmentPayload, { description: 'Ends an enrollment on its last day; the history is kept' })
  enrollmentEnd(@Ctx() ctx: ViewerContext, @Arg('input', () => EnrollmentEndInput) input: EnrollmentEndInput) {
    return payloadOf('enrollment', EnrollmentType.from, () => enrollmentService.end(ctx, input));
  }

  @Authorized(ADMIN_ROLES)
  @Mutation(() => EnrollmentPayload, { description: 'Moves a student to another school from a date; returns the new enrollment' })
  studentTransfer(@Ctx() ctx: ViewerContext, @Arg('input', () => StudentTransferInput) input: StudentTransferInput) {
    return payloadOf('enrollment', EnrollmentType.from, () => enrollmentService.transfer(ctx, input));
  }
}

@Authorized()
@Resolver(() => EnrollmentType)
export class EnrollmentResolver {
  @FieldResolver(() => SchoolType)
  async school(@Root() enrollment: EnrollmentType, @Ctx() ctx: ViewerContext): Promise<SchoolType> {
    return SchoolType.from((await ctx.loaders.schools.schoolById.load(enrollment.schoolDbId))!);
  }

  @FieldResolver(() => StudentType, { nullable: true })
  async student(@Root() enrollment: EnrollmentType, @Ctx() ctx: ViewerContext): Promise<StudentType | null> {
    const student = await ctx.loaders.students.visibleStudentById.load(enrollment.studentDbId);
    return student ? StudentType.from(student) : null;
  }
}
