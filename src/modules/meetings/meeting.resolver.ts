import { Arg, Authorized, Ctx, Field, FieldResolver, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { mapConnection } from '../../common/graphql/connection';
import { MutationPayload, payloadOf } from '../../common/graphql/user-error';
import type { ViewerContext } from '../../context';
import { InterventionPlanType } from '../interventions/intervention-plan.type';
import { SchoolType } from '../schools/school.type';
import { StaffUserType } from '../staff/staff.type';
import { StudentType } from '../students/student.type';
import { TierPlacementType } from '../tiers/tier.types';
import { MEETING_WRITERS, readsRestricted } from './meeting-access';
import type { FollowUpTaskEntity } from './meeting.entities';
import {
  FollowUpTaskCompleteInput,
  FollowUpTaskCreateInput,
  FollowUpTaskFilter,
  TeamDecisionRecordInput,
  TeamMeetingCreateInput,
  TeamMeetingFilter,
  TeamMeetingNoteAddInput,
} from './meeting.inputs';
import './meeting.nodes';
import { meetingService } from './meeting.service';
import {
  FollowUpTaskConnection,
  FollowUpTaskType,
  TeamDecisionType,
  TeamMeetingAttendeeType,
  TeamMeetingConnection,
  TeamMeetingNoteType,
  TeamMeetingType,
} from './meeting.types';

@ObjectType()
class TeamMeetingPayload extends MutationPayload {
  @Field(() => TeamMeetingType, { nullable: true })
  teamMeeting: TeamMeetingType | null;
}

@ObjectType()
class TeamMeetingNotePayload extends MutationPayload {
  @Field(() => TeamMeetingNoteType, { nullable: true })
  teamMeetingNote: TeamMeetingNoteType | null;
}

@ObjectType()
class TeamDecisionPayload extends MutationPayload {
  @Field(() => TeamDecisionType, { nullable: true })
  teamDecision: TeamDecisionType | null;
}

@ObjectType()
class FollowUpTaskPayload extends MutationPayload {
  @Field(() => FollowUpTaskType, { nullable: true })
  followUpTask: FollowUpTaskType | null;
}

/** Keeps the student-owned rows of a meeting whose student the viewer may see. */
async function visibleForStudent<T extends { studentId: string | null }>(ctx: ViewerContext, rows: T[]): Promise<T[]> {
  const seen = await Promise.all(rows.map((r) => (r.studentId ? ctx.loaders.students.visibleStudentById.load(r.studentId) : true)));
  return rows.filter((_, i) => !!seen[i]);
}

@Authorized()
@Resolver(() => TeamMeetingType)
export class TeamMeetingResolver {
  @Query(() => TeamMeetingConnection, { description: 'Team meetings of your schools (district roles: all), newest first' })
  async teamMeetings(
    @Ctx() ctx: ViewerContext,
    @Arg('filter', () => TeamMeetingFilter, { nullable: true }) filter?: TeamMeetingFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<TeamMeetingConnection> {
    return mapConnection(await meetingService.list(ctx, filter, first, after), TeamMeetingType.from) as unknown as TeamMeetingConnection;
  }

  @FieldResolver(() => SchoolType)
  async school(@Root() meeting: TeamMeetingType, @Ctx() ctx: ViewerContext): Promise<SchoolType> {
    return SchoolType.from((await ctx.loaders.schools.schoolById.load(meeting.schoolDbId))!);
  }

  @FieldResolver(() => StaffUserType)
  async createdBy(@Root() meeting: TeamMeetingType, @Ctx() ctx: ViewerContext): Promise<StaffUserType> {
    return StaffUserType.from((await ctx.loaders.staff.staffUserById.load(meeting.createdByDbId))!);
  }

  @FieldResolver(() => [TeamMeetingAttendeeType])
  async attendees(@Root() meeting: TeamMeetingType, @Ctx() ctx: ViewerContext): Promise<TeamMeetingAttendeeType[]> {
    return (await ctx.loaders.meetings.attendeesByMeetingId.load(meeting.dbId)).map(TeamMeetingAttendeeType.from);
  }

  @FieldResolver(() => [StudentType], { description: 'Students discussed that you may see' })
  async students(@Root() meeting: TeamMeetingType, @Ctx() ctx: ViewerContext): Promise<StudentType[]> {
    const discussed = await ctx.loaders.meetings.discussedByMeetingId.load(meeting.dbId);
    const students = await Promise.all(discussed.map((d) => ctx.loaders.students.visibleStudentById.load(d.studentId)));
    return students.flatMap((s) => (s ? [StudentType.from(s)] : []));
  }

  @FieldResolver(() => [TeamMeetingNoteType], { description: 'Restricted notes only for counselors and school admins; notes on students you may see' })
  async notes(@Root() meeting: TeamMeetingType, @Ctx() ctx: ViewerContext): Promise<TeamMeetingNoteType[]> {
    const notes = (await ctx.loaders.meetings.notesByMeetingId.load(meeting.dbId)).filter((n) => !n.restricted || readsRestricted(ctx.viewer));
    return (await visibleForStudent(ctx, notes)).map(TeamMeetingNoteType.from);
  }

  @FieldResolver(() => [TeamDecisionType])
  async decisions(@Root() meeting: TeamMeetingType, @Ctx() ctx: ViewerContext): Promise<TeamDecisionType[]> {
    return (await visibleForStudent(ctx, await ctx.loaders.meetings.decisionsByMeetingId.load(meeting.dbId))).map(TeamDecisionType.from);
  }

  @FieldResolver(() => [FollowUpTaskType])
  async followUpTasks(@Root() meeting: TeamMeetingType, @Ctx() ctx: ViewerContext): Promise<FollowUpTaskType[]> {
    const tasks = (await ctx.loaders.meetings.followUpsByMeetingId.load(meeting.dbId)).filter(
      (t) => !t.restricted || readsRestricted(ctx.viewer) || t.ownerId === ctx.viewer.userId,
    );
    return (await visibleForStudent(ctx, tasks)).map((t) => FollowUpTaskType.from(t, ctx.today));
  }

  @Authorized(MEETING_WRITERS)
  @Mutation(() => TeamMeetingPayload, { description: 'Records a team meeting: attendees, students discussed and notes' })
  teamMeetingCreate(@Ctx() ctx: ViewerContext, @Arg('input', () => TeamMeetingCreateInput) input: TeamMeetingCreateInput) {
    return payloadOf('teamMeeting', TeamMeetingType.from, () => meetingService.create(ctx, input));
  }

  @Authorized(MEETING_WRITERS)
  @Mutation(() => TeamMeetingNotePayload)
  teamMeetingNoteAdd(@Ctx() ctx: ViewerContext, @Arg('input', () => TeamMeetingNoteAddInput) input: TeamMeetingNoteAddInput) {
    return payloadOf('teamMeetingNote', TeamMeetingNoteType.from, () => meetingService.addNote(ctx, input));
  }

  @Authorized(MEETING_WRITERS)
  @Mutation(() => TeamDecisionPayload, { description: 'Records a decision about a student, linked to the placement or plan it made' })
  teamDecisionRecord(@Ctx() ctx: ViewerContext, @Arg('input', () => TeamDecisionRecordInput) input: TeamDecisionRecordInput) {
    return payloadOf('teamDecision', TeamDecisionType.from, () => meetingService.recordDecision(ctx, input));
  }

  @Authorized(MEETING_WRITERS)
  @Mutation(() => FollowUpTaskPayload, { description: 'Assigns a follow-up with an owner and a due date' })
  followUpTaskCreate(@Ctx() ctx: ViewerContext, @Arg('input', () => FollowUpTaskCreateInput) input: FollowUpTaskCreateInput) {
    return payloadOf('followUpTask', (t: FollowUpTaskEntity) => FollowUpTaskType.from(t, ctx.today), () => meetingService.createFollowUp(ctx, input));
  }
}

@Authorized()
@Resolver(() => FollowUpTaskType)
export class FollowUpTaskResolver {
  @Query(() => FollowUpTaskConnection, { description: 'Follow-ups from team meetings, soonest due first' })
  async followUpTasks(
    @Ctx() ctx: ViewerContext,
    @Arg('filter', () => FollowUpTaskFilter, { nullable: true }) filter?: FollowUpTaskFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<FollowUpTaskConnection> {
    const page = await meetingService.listFollowUps(ctx, filter, first, after);
    return mapConnection(page, (t) => FollowUpTaskType.from(t, ctx.today)) as unknown as FollowUpTaskConnection;
  }

  @FieldResolver(() => StaffUserType)
  async owner(@Root() task: FollowUpTaskType, @Ctx() ctx: ViewerContext): Promise<StaffUserType> {
    return StaffUserType.from((await ctx.loaders.staff.staffUserById.load(task.ownerDbId))!);
  }

  @FieldResolver(() => StudentType, { nullable: true })
  async student(@Root() task: FollowUpTaskType, @Ctx() ctx: ViewerContext): Promise<StudentType | null> {
    const student = task.studentDbId ? await ctx.loaders.students.visibleStudentById.load(task.studentDbId) : null;
    return student ? StudentType.from(student) : null;
  }

  @FieldResolver(() => TeamMeetingType, { nullable: true })
  async meeting(@Root() task: FollowUpTaskType, @Ctx() ctx: ViewerContext): Promise<TeamMeetingType | null> {
    const meeting = await ctx.loaders.meetings.visibleMeetingById.load(task.meetingDbId);
    return meeting ? TeamMeetingType.from(meeting) : null;
  }

  /** Any signed-in owner may complete their own task; the service checks the rest. */
  @Mutation(() => FollowUpTaskPayload, { description: "Marks a follow-up done (its owner or the school team); CONFLICT if it changed since read" })
  followUpTaskComplete(@Ctx() ctx: ViewerContext, @Arg('input', () => FollowUpTaskCompleteInput) input: FollowUpTaskCompleteInput) {
    return payloadOf('followUpTask', (t: FollowUpTaskEntity) => FollowUpTaskType.from(t, ctx.today), () => meetingService.completeFollowUp(ctx, input));
  }
}

@Authorized()
@Resolver(() => TeamDecisionType)
export class TeamDecisionResolver {
  @FieldResolver(() => StudentType, { nullable: true })
  async student(@Root() decision: TeamDecisionType, @Ctx() ctx: ViewerContext): Promise<StudentType | null> {
    const student = await ctx.loaders.students.visibleStudentById.load(decision.studentDbId);
    return student ? StudentType.from(student) : null;
  }

  @FieldResolver(() => TierPlacementType, { nullable: true, description: 'The placement this decision made' })
  async tierPlacement(@Root() decision: TeamDecisionType, @Ctx() ctx: ViewerContext): Promise<TierPlacementType | null> {
    if (!decision.tierPlacementDbId) return null;
    const history = await ctx.loaders.tiers.placementHistoryByStudentId.load(decision.studentDbId);
    const placement = history.find((p) => p.id === decision.tierPlacementDbId);
    return placement ? TierPlacementType.from(placement) : null;
  }

  @FieldResolver(() => InterventionPlanType, { nullable: true, description: 'The plan this decision opened or closed' })
  async interventionPlan(@Root() decision: TeamDecisionType, @Ctx() ctx: ViewerContext): Promise<InterventionPlanType | null> {
    if (!decision.interventionPlanDbId) return null;
    const plan = await ctx.loaders.interventions.planById.load(decision.interventionPlanDbId);
    return plan ? InterventionPlanType.from(plan) : null;
  }
}

@Authorized()
@Resolver(() => StudentType)
export class StudentMeetingResolver {
  @FieldResolver(() => [TeamMeetingType], { description: 'Team meetings that discussed the student, newest first' })
  async teamMeetings(@Root() student: StudentType, @Ctx() ctx: ViewerContext): Promise<TeamMeetingType[]> {
    return (await ctx.loaders.meetings.meetingsByStudentId.load(student.dbId)).map(TeamMeetingType.from);
  }
}

export const meetingResolvers = [TeamMeetingResolver, FollowUpTaskResolver, TeamDecisionResolver, StudentMeetingResolver] as const;
