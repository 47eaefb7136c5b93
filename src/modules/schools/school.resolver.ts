import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Field, FieldResolver, ID, Info, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { StaffRole } from '../../common/auth/roles';
import { mapConnection } from '../../common/graphql/connection';
import { expectGlobalId } from '../../common/graphql/global-id';
import { connectionNodeFields } from '../../common/graphql/selection';
import { MutationPayload, payloadOf } from '../../common/graphql/user-error';
import type { ViewerContext } from '../../context';
import { StudentFilter } from '../students/student.inputs';
import { studentService } from '../students/student.service';
import { StudentConnection, StudentType } from '../students/student.type';
import { SchoolCreateInput, SchoolUpdateInput } from './school.inputs';
import { schoolService } from './school.service';
import { SchoolType } from './school.type';
import type { SchoolEntity } from './school.entity';

@ObjectType()
class SchoolPayload extends MutationPayload {
  @Field(() => SchoolType, { nullable: true })
  school: SchoolType | null;
}


@Authorized()
@Resolver(() => SchoolType)
export class SchoolResolver {
  @Query(() => [SchoolType], { description: 'Every school in the district, by name' })
  async schools(@Ctx() ctx: ViewerContext): Promise<SchoolType[]> {
    return (await schoolService.list(ctx)).map(SchoolType.from);
  }

  @Query(() => SchoolType, { nullable: true })
  async school(@Ctx() ctx: ViewerContext, @Arg('id', () => ID) id: string): Promise<SchoolType | null> {
    const school = await ctx.loaders.schools.schoolById.load(expectGlobalId(id, 'School', 'id'));
    return school ? SchoolType.from(school) : null;
  }

  @FieldResolver(() => StudentConnection, { description: "Students enrolled here today, within the viewer's scope" })
  async students(
    @Root() school: SchoolType,
    @Ctx() ctx: ViewerContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => StudentFilter, { nullable: true }) filter?: StudentFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<StudentConnection> {
    const page = await studentService.list(ctx, { ...filter, schoolId: school.id }, first, after, connectionNodeFields(info));
    return mapConnection(page, StudentType.from) as unknown as StudentConnection;
  }

  @Authorized([StaffRole.DISTRICT_ADMIN])
  @Mutation(() => SchoolPayload)
  schoolCreate(@Ctx() ctx: ViewerContext, @Arg('input', () => SchoolCreateInput) input: SchoolCreateInput) {
    return payloadOf('school', SchoolType.from, () => schoolService.create(ctx, input));
  }

  @Authorized([StaffRole.DISTRICT_ADMIN])
  @Mutation(() => SchoolPayload, { description: 'CONFLICT if the school changed since it was read' })
  schoolUpdate(@Ctx() ctx: ViewerContext, @Arg('input', () => SchoolUpdateInput) input: SchoolUpdateInput) {
    return payloadOf('school', SchoolType.from, () => schoolService.update(ctx, input));
  }
}
