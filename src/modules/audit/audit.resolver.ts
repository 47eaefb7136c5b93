import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { StaffRole } from '../../common/auth/roles';
import { mapConnection } from '../../common/graphql/connection';
import { toGlobalId } from '../../common/graphql/global-id';
import type { ViewerContext } from '../../context';
import { StaffUserType } from '../staff/staff.type';
import { StudentType } from '../students/student.type';
import { auditLogService } from './audit-log.service';
import { AuditEntryConnection, AuditEntryType, AuditLogFilterInput } from './audit.types';

@Authorized()
@Resolver(() => AuditEntryType)
export class AuditLogResolver {
  @Authorized([StaffRole.DISTRICT_ADMIN])
  @Query(() => AuditEntryConnection, { description: 'Reads and writes of student-level data, newest first (FERPA 34 CFR 99.32)' })
  async auditLog(
    @Ctx() ctx: ViewerContext,
    @Arg('filter', () => AuditLogFilterInput, { nullable: true }) filter?: AuditLogFilterInput,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<AuditEntryConnection> {
    return mapConnection(await auditLogService.list(ctx, filter ?? {}, first, after), AuditEntryType.from) as unknown as AuditEntryConnection;
  }

  @FieldResolver(() => StaffUserType, { nullable: true })
  async actor(@Root() entry: AuditEntryType, @Ctx() ctx: ViewerContext): Promise<StaffUserType | null> {
    const user = entry.actorDbId ? await ctx.loaders.staff.staffUserById.load(entry.actorDbId) : null;
    return user ? StaffUserType.from(user) : null;
  }
}

@Authorized()
@Resolver(() => StudentType)
export class StudentAccessLogResolver {
  @Authorized([StaffRole.DISTRICT_ADMIN, StaffRole.SCHOOL_ADMIN])
  @FieldResolver(() => AuditEntryConnection, { description: "Who viewed or changed this student's records, newest first" })
  async accessLog(
    @Root() student: StudentType,
    @Ctx() ctx: ViewerContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<AuditEntryConnection> {
    const page = await auditLogService.list(ctx, { studentId: toGlobalId('Student', student.dbId) }, first, after);
    return mapConnection(page, AuditEntryType.from) as unknown as AuditEntryConnection;
  }
}

export const auditResolvers = [AuditLogResolver, StudentAccessLogResolver] as const;
