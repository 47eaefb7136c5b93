import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { fromGlobalId } from '../../common/graphql/global-id';
import { Node } from '../../common/graphql/node';
import type { ViewerContext } from '../../context';
import { SchoolYearEntity } from '../calendar/calendar.entity';
import { SchoolYearType } from '../calendar/calendar.type';
import { CaseloadAssignmentEntity } from '../caseloads/caseload.entity';
import { CaseloadAssignmentType } from '../caseloads/caseload.type';
import { SchoolType } from '../schools/school.type';
import { StaffUserType } from '../staff/staff.type';
import { EnrollmentEntity } from '../students/student.entity';
import { EnrollmentType, StudentType } from '../students/student.type';

type NodeFetcher = (ctx: ViewerContext, id: string) => Promise<Node | null>;

/** Student-owned rows are visible exactly when their student is. */
async function ifStudentVisible<T>(ctx: ViewerContext, row: (T & { studentId: string }) | null): Promise<T | null> {
  if (!row) return null;
  return (await ctx.loaders.students.visibleStudentById.load(row.studentId)) ? row : null;
}

const fetchers: Record<string, NodeFetcher> = {
  Student: async (ctx, id) => {
    const s = await ctx.loaders.students.visibleStudentById.load(id);
    return s && StudentType.from(s);
  },
  School: async (ctx, id) => {
    const s = await ctx.loaders.schools.schoolById.load(id);
    return s && SchoolType.from(s);
  },
  StaffUser: async (ctx, id) => {
    const u = await ctx.loaders.staff.visibleStaffUserById.load(id);
    return u && StaffUserType.from(u);
  },
  SchoolYear: async (ctx, id) => {
    const y = await ctx.db.manager.findOneBy(SchoolYearEntity, { id });
    return y && SchoolYearType.from(y);
  },
  Enrollment: async (ctx, id) => {
    const e = await ifStudentVisible(ctx, await ctx.db.manager.findOneBy(EnrollmentEntity, { id }));
    return e && EnrollmentType.from(e);
  },
  CaseloadAssignment: async (ctx, id) => {
    const c = await ifStudentVisible(ctx, await ctx.db.manager.findOneBy(CaseloadAssignmentEntity, { id }));
    return c && CaseloadAssignmentType.from(c);
  },
};

/** Registers how `node(id)` fetches a type; modules with their own node types call this. */
export function registerNodeFetcher(typeName: string, fetcher: NodeFetcher): void {
  fetchers[typeName] = fetcher;
}

@Authorized()
@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Refetches any object by its global id; null when missing or not visible to you' })
  async node(@Ctx() ctx: ViewerContext, @Arg('id', () => ID) id: string): Promise<Node | null> {
    const parsed = fromGlobalId(id);
    const fetch = parsed && fetchers[parsed.typeName];
    return fetch ? fetch(ctx, parsed.id) : null;
  }
}
