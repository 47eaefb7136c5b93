import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { StaffRole } from '../../common/auth/roles';
import { mapConnection } from '../../common/graphql/connection';
import type { ViewerContext } from '../../context';
import { TeamMeetingType } from '../meetings/meeting.types';
import { SchoolType } from '../schools/school.type';
import { StudentType } from '../students/student.type';
import { myWorkService } from './my-work.service';
import { MeetingAgendaType, MyWorkConnection, MyWorkFilter, MyWorkItemType } from './my-work.types';

/** Who reads a school's meeting agenda: its MTSS team (admin, counselors) and district roles. */
export const AGENDA_ROLES = [StaffRole.COUNSELOR, StaffRole.SCHOOL_ADMIN, StaffRole.DISTRICT_LEAD, StaffRole.DISTRICT_ADMIN];

@Authorized()
@Resolver(() => MyWorkItemType)
export class MyWorkResolver {
  @Query(() => MyWorkConnection, { description: "Your to-do list for today, from your role's rules: by due date, then priority" })
  async myWork(
    @Ctx() ctx: ViewerContext,
    @Arg('filter', () => MyWorkFilter, { nullable: true }) filter?: MyWorkFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<MyWorkConnection> {
    const page = await myWorkService.myWork(ctx, filter?.kinds, first, after);
    return mapConnection(page, MyWorkItemType.from) as unknown as MyWorkConnection;
  }

  @Authorized(AGENDA_ROLES)
  @Query(() => MeetingAgendaType, { description: "The next MTSS team meeting's agenda at a school (school staff: their own schools)" })
  async meetingAgenda(@Ctx() ctx: ViewerContext, @Arg('schoolId', () => ID) schoolId: string): Promise<MeetingAgendaType> {
    const agenda = await myWorkService.meetingAgenda(ctx, schoolId);
    return Object.assign(new MeetingAgendaType(), {
      schoolDbId: agenda.schoolId,
      lastMeetingDbId: agenda.lastMeetingId,
      lastMeetingOn: agenda.lastMeetingOn,
      nextMeetingBy: agenda.nextMeetingBy,
      flaggedSinceLastMeeting: agenda.flaggedSinceLastMeeting.map(MyWorkItemType.from),
      plansDueForReview: agenda.plansDueForReview.map(MyWorkItemType.from),
      casesToReview: agenda.casesToReview.map(MyWorkItemType.from),
    });
  }

  @FieldResolver(() => StudentType, { nullable: true, description: 'Null for school-level items' })
  async student(@Root() item: MyWorkItemType, @Ctx() ctx: ViewerContext): Promise<StudentType | null> {
    if (!item.studentDbId) return null;
    const student = await ctx.loaders.students.visibleStudentById.load(item.studentDbId);
    return student ? StudentType.from(student) : null;
  }

  @FieldResolver(() => SchoolType, { nullable: true })
  async school(@Root() item: MyWorkItemType, @Ctx() ctx: ViewerContext): Promise<SchoolType | null> {
    const school = item.schoolDbId ? await ctx.loaders.schools.schoolById.load(item.schoolDbId) : null;
    return school ? SchoolType.from(school) : null;
  }
}

@Authorized()
@Resolver(() => MeetingAgendaType)
export class MeetingAgendaResolver {
  @FieldResolver(() => SchoolType)
  async school(@Root() agenda: MeetingAgendaType, @Ctx() ctx: ViewerContext): Promise<SchoolType> {
    return SchoolType.from((await ctx.loaders.schools.schoolById.load(agenda.schoolDbId))!);
  }

  @FieldResolver(() => TeamMeetingType, { nullable: true, description: 'The last MTSS meeting, when there was one you may open' })
  async lastMeeting(@Root() agenda: MeetingAgendaType, @Ctx() ctx: ViewerContext): Promise<TeamMeetingType | null> {
    if (!agenda.lastMeetingDbId) return null;
    const meeting = await ctx.loaders.meetings.visibleMeetingById.load(agenda.lastMeetingDbId);
    return meeting ? TeamMeetingType.from(meeting) : null;
  }
}

export const myWorkResolvers = [MyWorkResolver, MeetingAgendaResolver] as const;
