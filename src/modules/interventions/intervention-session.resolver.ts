import { Arg, Authorized, Ctx, Field, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { MutationPayload, payloadOf } from '../../common/graphql/user-error';
import type { ViewerContext } from '../../context';
import { registerNodeFetcher } from '../node/node.resolver';
import { SchoolType } from '../schools/school.type';
import { StaffUserType } from '../staff/staff.type';
import { StudentType } from '../students/student.type';
import { PLAN_WRITER_ROLES } from './intervention-access';
import { InterventionPlanType } from './intervention-plan.type';
import { InterventionSessionLogInput } from './intervention-session.inputs';
import { interventionSessionService } from './intervention-session.service';
import { InterventionAttendanceType, InterventionSessionType } from './intervention-session.type';

@ObjectType()
class InterventionSessionPayload extends MutationPayload {
  @Field(() => InterventionSessionType, { nullable: true })
  session: InterventionSessionType | null;
}

/** Attendance rows of a session whose students the viewer may see. */
async function visibleAttendance(ctx: ViewerContext, sessionId: string) {
  const rows = await ctx.loaders.interventions.attendanceBySessionId.load(sessionId);
  const students = await Promise.all(rows.map((r) => ctx.loaders.students.visibleStudentById.load(r.studentId)));
  return rows.filter((_, i) => students[i] !== null);
}

/** A session is visible when at least one of its students is; it then shows only those students. */
registerNodeFetcher('InterventionSession', async (ctx, id) => {
  const session = await ctx.loaders.interventions.sessionById.load(id);
  if (!session || (await visibleAttendance(ctx, id)).length === 0) return null;
  return InterventionSessionType.from(session);
});

@Authorized()
@Resolver(() => InterventionSessionType)
export class InterventionSessionResolver {
  @FieldResolver(() => SchoolType)
  async school(@Root() session: InterventionSessionType, @Ctx() ctx: ViewerContext): Promise<SchoolType> {
    return SchoolType.from((await ctx.loaders.schools.schoolById.load(session.schoolDbId))!);
  }

  @FieldResolver(() => StaffUserType)
  async interventionist(@Root() session: InterventionSessionType, @Ctx() ctx: ViewerContext): Promise<StaffUserType> {
    return StaffUserType.from((await ctx.loaders.staff.staffUserById.load(session.interventionistDbId))!);
  }

  @FieldResolver(() => StaffUserType, { description: 'Who entered the log' })
  async loggedBy(@Root() session: InterventionSessionType, @Ctx() ctx: ViewerContext): Promise<StaffUserType> {
    return StaffUserType.from((await ctx.loaders.staff.staffUserById.load(session.loggedByDbId))!);
  }

  @FieldResolver(() => [InterventionAttendanceType], { description: 'Attendance of the students you may see' })
  async attendance(@Root() session: InterventionSessionType, @Ctx() ctx: ViewerContext): Promise<InterventionAttendanceType[]> {
    return (await visibleAttendance(ctx, session.dbId)).map(InterventionAttendanceType.from);
  }

  @Authorized(PLAN_WRITER_ROLES)
  @Mutation(() => InterventionSessionPayload, { description: 'Logs one delivered session for a group, with each student present or absent' })
  interventionSessionLog(@Ctx() ctx: ViewerContext, @Arg('input', () => InterventionSessionLogInput) input: InterventionSessionLogInput) {
    return payloadOf('session', InterventionSessionType.from, () => interventionSessionService.log(ctx, input));
  }
}

@Authorized()
@Resolver(() => InterventionAttendanceType)
export class InterventionAttendanceResolver {
  @FieldResolver(() => InterventionPlanType)
  async plan(@Root() attendance: InterventionAttendanceType, @Ctx() ctx: ViewerContext): Promise<InterventionPlanType> {
    return InterventionPlanType.from((await ctx.loaders.interventions.planById.load(attendance.planDbId))!);
  }

  @FieldResolver(() => StudentType, { nullable: true })
  async student(@Root() attendance: InterventionAttendanceType, @Ctx() ctx: ViewerContext): Promise<StudentType | null> {
    const student = await ctx.loaders.students.visibleStudentById.load(attendance.studentDbId);
    return student && StudentType.from(student);
  }
}
