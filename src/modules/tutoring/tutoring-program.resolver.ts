import { Arg, Authorized, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { StaffRole } from '../../common/auth/roles';
import { mapConnection } from '../../common/graphql/connection';
import { expectGlobalId } from '../../common/graphql/global-id';
import { LocalDate } from '../../common/graphql/scalars';
import { MutationPayload, payloadOf } from '../../common/graphql/user-error';
import type { ViewerContext } from '../../context';
import { SchoolYearType } from '../calendar/calendar.type';
import { SchoolType } from '../schools/school.type';
import { StaffUserType } from '../staff/staff.type';
import { TUTORING_MANAGER_ROLES } from './tutoring-access';
import { TutoringProgramChecksType } from './tutoring-dosage.type';
import { tutoringGroupService } from './tutoring-group.service';
import { tutoringProgramService } from './tutoring-program.service';
import {
  TutoringGroupType,
  TutoringPartnerTutorType,
  TutoringProgramConnection,
  TutoringProgramType,
  TutoringTutor,
} from './tutoring-program.type';
import { TutoringAssignmentType, TutoringSessionType } from './tutoring-session.type';
import {
  TutoringGroupCreateInput,
  TutoringGroupUpdateInput,
  TutoringPartnerTutorCreateInput,
  TutoringPartnerTutorUpdateInput,
  TutoringProgramCreateInput,
  TutoringProgramFilter,
  TutoringProgramUpdateInput,
} from './tutoring.inputs';

@ObjectType()
class TutoringProgramPayload extends MutationPayload {
  @Field(() => TutoringProgramType, { nullable: true })
  tutoringProgram: TutoringProgramType | null;
}

@ObjectType()
class TutoringPartnerTutorPayload extends MutationPayload {
  @Field(() => TutoringPartnerTutorType, { nullable: true })
  tutoringPartnerTutor: TutoringPartnerTutorType | null;
}

@ObjectType()
class TutoringGroupPayload extends MutationPayload {
  @Field(() => TutoringGroupType, { nullable: true })
  tutoringGroup: TutoringGroupType | null;
}

@Authorized()
@Resolver(() => TutoringProgramType)
export class TutoringProgramResolver {
  @Query(() => TutoringProgramConnection, { description: 'Tutoring programs you can see (district roles: all; others: your schools\' and your groups\'), by name' })
  async tutoringPrograms(
    @Ctx() ctx: ViewerContext,
    @Arg('filter', () => TutoringProgramFilter, { nullable: true }) filter?: TutoringProgramFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<TutoringProgramConnection> {
    return mapConnection(await tutoringProgramService.list(ctx, filter, first, after), TutoringProgramType.from) as unknown as TutoringProgramConnection;
  }

  @Query(() => TutoringProgramType, { nullable: true, description: 'Null when missing or not visible to you' })
  async tutoringProgram(@Ctx() ctx: ViewerContext, @Arg('id', () => ID) id: string): Promise<TutoringProgramType | null> {
    const program = await ctx.loaders.tutoring.visibleProgramById.load(expectGlobalId(id, 'TutoringProgram', 'id'));
    return program ? TutoringProgramType.from(program) : null;
  }

  @FieldResolver(() => SchoolYearType)
  async schoolYear(@Root() program: TutoringProgramType, @Ctx() ctx: ViewerContext): Promise<SchoolYearType> {
    return SchoolYearType.from((await ctx.loaders.tutoring.schoolYearById.load(program.schoolYearDbId))!);
  }

  @FieldResolver(() => [SchoolType])
  async schools(@Root() program: TutoringProgramType, @Ctx() ctx: ViewerContext): Promise<SchoolType[]> {
    const links = await ctx.loaders.tutoring.schoolsByProgramId.load(program.dbId);
    const schools = await Promise.all(links.map((l) => ctx.loaders.schools.schoolById.load(l.schoolId)));
    return schools.flatMap((s) => (s ? [SchoolType.from(s)] : [])).sort((a, b) => a.name.localeCompare(b.name));
  }

  @FieldResolver(() => [TutoringGroupType], { description: 'By name' })
  async groups(@Root() program: TutoringProgramType, @Ctx() ctx: ViewerContext): Promise<TutoringGroupType[]> {
    return (await ctx.loaders.tutoring.groupsByProgramId.load(program.dbId)).map(TutoringGroupType.from);
  }

  @FieldResolver(() => [TutoringPartnerTutorType])
  async partnerTutors(@Root() program: TutoringProgramType, @Ctx() ctx: ViewerContext): Promise<TutoringPartnerTutorType[]> {
    return (await ctx.loaders.tutoring.partnerTutorsByProgramId.load(program.dbId)).map(TutoringPartnerTutorType.from);
  }

  @FieldResolver(() => TutoringProgramChecksType, { description: 'The program against its target dosage (the NSSA standards by default), as of today' })
  async checks(@Root() program: TutoringProgramType, @Ctx() ctx: ViewerContext): Promise<TutoringProgramChecksType> {
    return TutoringProgramChecksType.from(await ctx.loaders.tutoring.checksByProgramId.load(program.dbId));
  }

  @Authorized(TUTORING_MANAGER_ROLES)
  @Mutation(() => TutoringProgramPayload, { description: "School admins set up their schools' in-house programs; district admins any program, partner programs included" })
  tutoringProgramCreate(@Ctx() ctx: ViewerContext, @Arg('input', () => TutoringProgramCreateInput) input: TutoringProgramCreateInput) {
    return payloadOf('tutoringProgram', TutoringProgramType.from, () => tutoringProgramService.create(ctx, input));
  }

  @Authorized(TUTORING_MANAGER_ROLES)
  @Mutation(() => TutoringProgramPayload, { description: 'Changes the fields given; CONFLICT if the program changed since it was read' })
  tutoringProgramUpdate(@Ctx() ctx: ViewerContext, @Arg('input', () => TutoringProgramUpdateInput) input: TutoringProgramUpdateInput) {
    return payloadOf('tutoringProgram', TutoringProgramType.from, () => tutoringProgramService.update(ctx, input));
  }
}

@Authorized()
@Resolver(() => TutoringPartnerTutorType)
export class TutoringPartnerTutorResolver {
  @FieldResolver(() => TutoringProgramType)
  async program(@Root() tutor: TutoringPartnerTutorType, @Ctx() ctx: ViewerContext): Promise<TutoringProgramType> {
    return TutoringProgramType.from((await ctx.loaders.tutoring.programById.load(tutor.programDbId))!);
  }

  @Authorized([StaffRole.DISTRICT_ADMIN])
  @Mutation(() => TutoringPartnerTutorPayload, { description: "Records a partner organisation's tutor under a partner program" })
  tutoringPartnerTutorCreate(@Ctx() ctx: ViewerContext, @Arg('input', () => TutoringPartnerTutorCreateInput) input: TutoringPartnerTutorCreateInput) {
    return payloadOf('tutoringPartnerTutor', TutoringPartnerTutorType.from, () => tutoringGroupService.createPartnerTutor(ctx, input));
  }

  @Authorized([StaffRole.DISTRICT_ADMIN])
  @Mutation(() => TutoringPartnerTutorPayload, { description: 'Changes the fields given (active: false retires the tutor); CONFLICT if changed since read' })
  tutoringPartnerTutorUpdate(@Ctx() ctx: ViewerContext, @Arg('input', () => TutoringPartnerTutorUpdateInput) input: TutoringPartnerTutorUpdateInput) {
    return payloadOf('tutoringPartnerTutor', TutoringPartnerTutorType.from, () => tutoringGroupService.updatePartnerTutor(ctx, input));
  }
}

@Authorized()
@Resolver(() => TutoringGroupType)
export class TutoringGroupResolver {
  @FieldResolver(() => TutoringProgramType)
  async program(@Root() group: TutoringGroupType, @Ctx() ctx: ViewerContext): Promise<TutoringProgramType> {
    return TutoringProgramType.from((await ctx.loaders.tutoring.programById.load(group.programDbId))!);
  }

  @FieldResolver(() => SchoolType, { description: 'Where the group meets' })
  async school(@Root() group: TutoringGroupType, @Ctx() ctx: ViewerContext): Promise<SchoolType> {
    return SchoolType.from((await ctx.loaders.schools.schoolById.load(group.schoolDbId))!);
  }

  @FieldResolver(() => TutoringTutor, { description: 'The assigned tutor' })
  async tutor(@Root() group: TutoringGroupType, @Ctx() ctx: ViewerContext): Promise<typeof TutoringTutor> {
    if (group.tutorStaffDbId) return StaffUserType.from((await ctx.loaders.staff.staffUserById.load(group.tutorStaffDbId))!);
    return TutoringPartnerTutorType.from((await ctx.loaders.tutoring.partnerTutorById.load(group.partnerTutorDbId!))!);
  }

  @FieldResolver(() => [TutoringAssignmentType], { description: 'Assignments of students you can see; only those in force on activeOn when given' })
  async assignments(
    @Root() group: TutoringGroupType,
    @Ctx() ctx: ViewerContext,
    @Arg('activeOn', () => LocalDate, { nullable: true }) activeOn?: string,
  ): Promise<TutoringAssignmentType[]> {
    return (await ctx.loaders.tutoring.visibleAssignmentsByGroupId(activeOn ?? null).load(group.dbId)).map(TutoringAssignmentType.from);
  }

  @FieldResolver(() => [TutoringSessionType], { description: 'Held and cancelled sessions, oldest first' })
  async sessions(
    @Root() group: TutoringGroupType,
    @Ctx() ctx: ViewerContext,
    @Arg('from', () => LocalDate, { nullable: true }) from?: string,
    @Arg('to', () => LocalDate, { nullable: true }) to?: string,
  ): Promise<TutoringSessionType[]> {
    return (await ctx.loaders.tutoring.sessionsByGroupId(from ?? null, to ?? null).load(group.dbId)).map(TutoringSessionType.from);
  }

  @Authorized(TUTORING_MANAGER_ROLES)
  @Mutation(() => TutoringGroupPayload, { description: "Creates a group at one of the program's schools; capacity defaults to the program's ratio" })
  tutoringGroupCreate(@Ctx() ctx: ViewerContext, @Arg('input', () => TutoringGroupCreateInput) input: TutoringGroupCreateInput) {
    return payloadOf('tutoringGroup', TutoringGroupType.from, () => tutoringGroupService.createGroup(ctx, input));
  }

  @Authorized(TUTORING_MANAGER_ROLES)
  @Mutation(() => TutoringGroupPayload, { description: 'Changes the fields given; CONFLICT if the group changed since it was read' })
  tutoringGroupUpdate(@Ctx() ctx: ViewerContext, @Arg('input', () => TutoringGroupUpdateInput) input: TutoringGroupUpdateInput) {
    return payloadOf('tutoringGroup', TutoringGroupType.from, () => tutoringGroupService.updateGroup(ctx, input));
  }
}
