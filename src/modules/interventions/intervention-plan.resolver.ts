import { Arg, Authorized, Ctx, Field, FieldResolver, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { decodeCursor, mapConnection, pageSize } from '../../common/graphql/connection';
import { LocalDate } from '../../common/graphql/scalars';
import { MutationPayload, payloadOf } from '../../common/graphql/user-error';
import type { ViewerContext } from '../../context';
import { registerNodeFetcher } from '../node/node.resolver';
import { SchoolType } from '../schools/school.type';
import { StaffUserType } from '../staff/staff.type';
import { StudentType } from '../students/student.type';
import { PLAN_WRITER_ROLES } from './intervention-access';
import { InterventionPlanStatus } from './intervention-enums';
import {
  InterventionPlanCloseInput,
  InterventionPlanCreateInput,
  InterventionPlanFilter,
  InterventionPlanUpdateInput,
  ProgressPointRecordInput,
} from './intervention-plan.inputs';
import { interventionPlanService } from './intervention-plan.service';
import {
  InterventionDosageType,
  InterventionPlanConnection,
  InterventionPlanType,
  InterventionProgressType,
  ProgressPointType,
  aimOf,
} from './intervention-plan.type';
import { InterventionSessionConnection, InterventionSessionType } from './intervention-session.type';
import { InterventionType } from './intervention.type';
import { progressStatus } from './progress-rule';
import { type RecordedProgressPoint, progressService } from './progress.service';

@ObjectType()
class InterventionPlanPayload extends MutationPayload {
  @Field(() => InterventionPlanType, { nullable: true })
  interventionPlan: InterventionPlanType | null;
}

@ObjectType()
class ProgressPointPayload extends MutationPayload {
  @Field(() => ProgressPointType, { nullable: true })
  progressPoint: ProgressPointType | null;
}

/** A plan (and what hangs on it) is visible exactly when its student is. */
registerNodeFetcher('InterventionPlan', async (ctx, id) => {
  const plan = await ctx.loaders.interventions.planById.load(id);
  if (!plan || !(await ctx.loaders.students.visibleStudentById.load(plan.studentId))) return null;
  return InterventionPlanType.from(plan);
});

registerNodeFetcher('ProgressPoint', async (ctx, id) => {
  const point = await ctx.loaders.interventions.progressPointById.load(id);
  const plan = point && (await ctx.loaders.interventions.planById.load(point.planId));
  if (!point || !plan || !(await ctx.loaders.students.visibleStudentById.load(plan.studentId))) return null;
  return ProgressPointType.from(point, aimOf(plan));
});

@Authorized()
@Resolver(() => InterventionPlanType)
export class InterventionPlanResolver {
  @Query(() => InterventionPlanConnection, { description: "Plans of students in the viewer's scope, newest start first" })
  async interventionPlans(
    @Ctx() ctx: ViewerContext,
    @Arg('filter', () => InterventionPlanFilter, { nullable: true }) filter?: InterventionPlanFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<InterventionPlanConnection> {
    const page = await interventionPlanService.list(ctx, filter, first, after);
    return mapConnection(page, InterventionPlanType.from) as unknown as InterventionPlanConnection;
  }

  @FieldResolver(() => String, { description: "The catalog intervention's name, or the custom name" })
  name(@Root() plan: InterventionPlanType, @Ctx() ctx: ViewerContext): string | Promise<string> {
    if (!plan.interventionDbId) return plan.customName ?? '';
    return ctx.loaders.interventions.interventionById.resolve(plan.interventionDbId, (intervention) => intervention?.name ?? '');
  }

  @FieldResolver(() => InterventionType, { nullable: true, description: 'Null for a custom intervention' })
  intervention(@Root() plan: InterventionPlanType, @Ctx() ctx: ViewerContext): InterventionType | null | Promise<InterventionType | null> {
    if (!plan.interventionDbId) return null;
    return ctx.loaders.interventions.interventionById.resolve(plan.interventionDbId, (intervention) => intervention && InterventionType.from(intervention));
  }

  @FieldResolver(() => StudentType, { nullable: true })
  async student(@Root() plan: InterventionPlanType, @Ctx() ctx: ViewerContext): Promise<StudentType | null> {
    const student = await ctx.loaders.students.visibleStudentById.load(plan.studentDbId);
    return student && StudentType.from(student);
  }

  @FieldResolver(() => SchoolType, { description: 'The school the student attended when the plan started' })
  async school(@Root() plan: InterventionPlanType, @Ctx() ctx: ViewerContext): Promise<SchoolType> {
    return SchoolType.from((await ctx.loaders.schools.schoolById.load(plan.schoolDbId))!);
  }

  @FieldResolver(() => StaffUserType)
  interventionist(@Root() plan: InterventionPlanType, @Ctx() ctx: ViewerContext): StaffUserType | Promise<StaffUserType> {
    return ctx.loaders.staff.staffUserById.resolve(plan.interventionistDbId, (staff) => StaffUserType.from(staff!));
  }

  @FieldResolver(() => InterventionDosageType, { description: 'Dosage derived from the session logs; asOf defaults to today' })
  async dosage(
    @Root() plan: InterventionPlanType,
    @Ctx() ctx: ViewerContext,
    @Arg('asOf', () => LocalDate, { nullable: true }) asOf?: string,
  ): Promise<InterventionDosageType> {
    const date = asOf ?? ctx.today;
    return InterventionDosageType.from(date, (await ctx.loaders.interventions.dosageByPlanId(date).load(plan.dbId))!);
  }

  @FieldResolver(() => InterventionProgressType, { description: 'Progress-monitoring points against the aim line' })
  async progress(@Root() plan: InterventionPlanType, @Ctx() ctx: ViewerContext): Promise<InterventionProgressType> {
    const [points, run] = await Promise.all([
      ctx.loaders.interventions.progressPointsByPlanId.load(plan.dbId),
      ctx.loaders.tiers.notRespondingRun(),
    ]);
    return {
      aimLine: { startDate: plan.aim.startDate, startValue: plan.aim.baseline, endDate: plan.aim.targetDate, endValue: plan.aim.target },
      points: points.map((p) => ProgressPointType.from(p, plan.aim)),
      onTrack: progressStatus(plan.aim, points.map((p) => ({ date: p.measuredOn, score: p.score })), run),
    };
  }

  @FieldResolver(() => InterventionSessionConnection, { description: 'Sessions logged for the plan, newest first' })
  async sessions(
    @Root() plan: InterventionPlanType,
    @Ctx() ctx: ViewerContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<InterventionSessionConnection> {
    pageSize(first);
    decodeCursor(after, 2);
    const page = await ctx.loaders.interventions.sessionsByPlan.load({ planId: plan.dbId, first, after });
    return mapConnection(page, InterventionSessionType.from) as unknown as InterventionSessionConnection;
  }

  @Authorized(PLAN_WRITER_ROLES)
  @Mutation(() => InterventionPlanPayload, { description: 'Puts a student on an intervention' })
  interventionPlanCreate(@Ctx() ctx: ViewerContext, @Arg('input', () => InterventionPlanCreateInput) input: InterventionPlanCreateInput) {
    return payloadOf('interventionPlan', InterventionPlanType.from, () => interventionPlanService.create(ctx, input));
  }

  @Authorized(PLAN_WRITER_ROLES)
  @Mutation(() => InterventionPlanPayload, { description: 'Changes an active plan; CONFLICT if it changed since it was read' })
  interventionPlanUpdate(@Ctx() ctx: ViewerContext, @Arg('input', () => InterventionPlanUpdateInput) input: InterventionPlanUpdateInput) {
    return payloadOf('interventionPlan', InterventionPlanType.from, () => interventionPlanService.update(ctx, input));
  }

  @Authorized(PLAN_WRITER_ROLES)
  @Mutation(() => InterventionPlanPayload, { description: 'Closes an active plan as completed or discontinued, with its outcome' })
  interventionPlanClose(@Ctx() ctx: ViewerContext, @Arg('input', () => InterventionPlanCloseInput) input: InterventionPlanCloseInput) {
    return payloadOf('interventionPlan', InterventionPlanType.from, () => interventionPlanService.close(ctx, input));
  }

  @Authorized(PLAN_WRITER_ROLES)
  @Mutation(() => ProgressPointPayload, { description: "Records a progress-monitoring score on a plan's goal measure" })
  progressPointRecord(@Ctx() ctx: ViewerContext, @Arg('input', () => ProgressPointRecordInput) input: ProgressPointRecordInput) {
    return payloadOf(
      'progressPoint',
      ({ point, plan }: RecordedProgressPoint) => ProgressPointType.from(point, aimOf(plan)),
      async () => ({ progressPoint: await progressService.record(ctx, input) }),
    );
  }
}

@Authorized()
@Resolver(() => ProgressPointType)
export class ProgressPointResolver {
  @FieldResolver(() => InterventionPlanType)
  async plan(@Root() point: ProgressPointType, @Ctx() ctx: ViewerContext): Promise<InterventionPlanType> {
    return InterventionPlanType.from((await ctx.loaders.interventions.planById.load(point.planDbId))!);
  }
}

@Authorized()
@Resolver(() => StudentType)
export class StudentInterventionPlanResolver {
  @FieldResolver(() => [InterventionPlanType], { description: "The student's intervention plans, newest start first" })
  interventionPlans(
    @Root() student: StudentType,
    @Ctx() ctx: ViewerContext,
    @Arg('status', () => InterventionPlanStatus, { nullable: true }) status?: InterventionPlanStatus,
  ): InterventionPlanType[] | Promise<InterventionPlanType[]> {
    return ctx.loaders.interventions.plansByStudentId.resolve(student.dbId, (plans) =>
      plans.filter((p) => !status || p.status === status).map(InterventionPlanType.from),
    );
  }
}
