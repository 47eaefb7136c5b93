import { Arg, Authorized, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ADMIN_ROLES, DISTRICT_ROLES, StaffRole } from '../../common/auth/roles';
import { mapConnection } from '../../common/graphql/connection';
import { expectGlobalId } from '../../common/graphql/global-id';
import { MutationPayload, payloadOf } from '../../common/graphql/user-error';
import type { ViewerContext } from '../../context';
import { SchoolType } from '../schools/school.type';
import type { StaffUserEntity } from './staff.entity';
import { StaffUserCreateInput, StaffUserFilter, StaffUserUpdateInput } from './staff.inputs';
import { staffService } from './staff.service';
import { StaffUserConnection, StaffUserType } from './staff.type';

@ObjectType()
class StaffUserPayload extends MutationPayload {
  @Field(() => StaffUserType, { nullable: true })
  staffUser: StaffUserType | null;
}


const STAFF_DIRECTORY_ROLES = [StaffRole.SCHOOL_ADMIN, StaffRole.COUNSELOR, ...DISTRICT_ROLES];

@Authorized()
@Resolver(() => StaffUserType)
export class StaffResolver {
  @Query(() => StaffUserType, { description: 'The signed-in staff user' })
  async viewer(@Ctx() ctx: ViewerContext): Promise<StaffUserType> {
    const user = await ctx.loaders.staff.staffUserById.load(ctx.viewer.userId);
    return StaffUserType.from(user!);
  }

  @Authorized(STAFF_DIRECTORY_ROLES)
  @Query(() => StaffUserConnection, { description: 'Staff of your schools (district roles: everyone)' })
  async staffUsers(
    @Ctx() ctx: ViewerContext,
    @Arg('filter', () => StaffUserFilter, { nullable: true }) filter?: StaffUserFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<StaffUserConnection> {
    return mapConnection(await staffService.list(ctx, filter, first, after), StaffUserType.from) as unknown as StaffUserConnection;
  }

  @Query(() => StaffUserType, { nullable: true, description: 'Null when missing or not yours to look up' })
  async staffUser(@Ctx() ctx: ViewerContext, @Arg('id', () => ID) id: string): Promise<StaffUserType | null> {
    const user = await ctx.loaders.staff.visibleStaffUserById.load(expectGlobalId(id, 'StaffUser', 'id'));
    return user ? StaffUserType.from(user) : null;
  }

  @FieldResolver(() => [SchoolType], { description: 'Schools where the user works today' })
  async schools(@Root() user: StaffUserType, @Ctx() ctx: ViewerContext): Promise<SchoolType[]> {
    const memberships = await ctx.loaders.staff.activeMembershipsByStaffUserId.load(user.dbId);
    const schools = await Promise.all(memberships.map((m) => ctx.loaders.schools.schoolById.load(m.schoolId)));
    return schools.flatMap((school) => (school ? [SchoolType.from(school)] : []));
  }

  @Authorized(ADMIN_ROLES)
  @Mutation(() => StaffUserPayload, { description: 'District admins add anyone; school admins add non-admin staff to their schools' })
  staffUserCreate(@Ctx() ctx: ViewerContext, @Arg('input', () => StaffUserCreateInput) input: StaffUserCreateInput) {
    return payloadOf('staffUser', StaffUserType.from, () => staffService.create(ctx, input));
  }

  @Authorized(ADMIN_ROLES)
  @Mutation(() => StaffUserPayload, { description: 'CONFLICT if the record changed since it was read' })
  staffUserUpdate(@Ctx() ctx: ViewerContext, @Arg('input', () => StaffUserUpdateInput) input: StaffUserUpdateInput) {
    return payloadOf('staffUser', StaffUserType.from, () => staffService.update(ctx, input));
  }

  @Authorized(ADMIN_ROLES)
  @Mutation(() => StaffUserPayload, { description: 'Refuses the user on their next request, whatever tokens they hold' })
  staffUserDeactivate(@Ctx() ctx: ViewerContext, @Arg('id', () => ID) id: string) {
    return payloadOf('staffUser', StaffUserType.from, () => staffService.setActive(ctx, id, false));
  }

  @Authorized(ADMIN_ROLES)
  @Mutation(() => StaffUserPayload)
  staffUserReactivate(@Ctx() ctx: ViewerContext, @Arg('id', () => ID) id: string) {
    return payloadOf('staffUser', StaffUserType.from, () => staffService.setActive(ctx, id, true));
  }
}
