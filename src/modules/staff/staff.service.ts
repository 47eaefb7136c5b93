import { type EntityManager, IsNull } from 'typeorm';
import { CASELOAD_ROLES, StaffRole, isDistrictRole } from '../../common/auth/roles';
import type { Viewer } from '../../common/auth/viewer';
import { isUniqueViolation } from '../../common/db-errors';
import { addDays } from '../../common/dates';
import { UserErrorCode, UserInputError } from '../../common/errors';
import { escapeLike } from '../../common/sql-text';
import { decodeCursor, pageSize, toConnection, type ConnectionShape } from '../../common/graphql/connection';
import { expectGlobalId } from '../../common/graphql/global-id';
import type { RequestContext, ViewerContext } from '../../context';
import { preparedQuery } from '../../db/prepared';
import { recordAudit } from '../audit/audit.service';
import { SchoolEntity } from '../schools/school.entity';
import { SchoolMembershipEntity, StaffUserEntity } from './staff.entity';
import type { StaffUserCreateInput, StaffUserFilter, StaffUserUpdateInput } from './staff.inputs';

/** Roles a school admin may give: the school's own staff, never admins or district roles. */
const SCHOOL_MANAGED_ROLES = [...CASELOAD_ROLES, StaffRole.COUNSELOR];

const activeMembershipSql = `m.start_date <= :today AND (m.end_date IS NULL OR m.end_date >= :today)`;

export class StaffService {
  /**
   * Loads the viewer for a verified token: null when the user is unknown or deactivated, so a
   * valid token of a deactivated user is refused.
   */
  async loadViewer(ctx: Pick<RequestContext, 'db' | 'today'>, userId: string): Promise<Viewer | null> {
    // One prepared statement (user and active memberships together): it runs before every request (issue 9).
    const [user] = await preparedQuery<{ id: string; email: string; role: StaffRole; active: boolean; school_ids: string[] }>(
      ctx.db,
      `SELECT u.id, u.email, u.role, u.active,
              ARRAY(SELECT m.school_id FROM school_membership m WHERE m.staff_user_id = u.id AND ${activeMembershipSql.replace(/:today/g, '$2::date')}) AS school_ids
         FROM staff_user u WHERE u.id = $1`,
      [userId, ctx.today],
    );
    if (!user || !user.active) return null;
    return { userId: user.id, email: user.email, role: user.role, schoolIds: user.school_ids };
  }

  /**
   * Staff records a viewer may look up: district roles everyone; school admins and counselors the
   * staff of their schools; everyone their own record.
   */
  async findVisible(ctx: ViewerContext, ids: readonly string[]): Promise<StaffUserEntity[]> {
    if (ids.length === 0) return [];
    const qb = ctx.db.manager.createQueryBuilder(StaffUserEntity, 'u').where('u.id IN (:...ids)', { ids });
    return this.scope(qb, ctx).getMany();
  }

  async list(ctx: ViewerContext, filter: StaffUserFilter | undefined, first?: number, after?: string): Promise<ConnectionShape<StaffUserEntity>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 3);
    const base = () => {
      const qb = this.scope(ctx.db.manager.createQueryBuilder(StaffUserEntity, 'u'), ctx);
      if (filter?.schoolId) {
        const schoolId = expectGlobalId(filter.schoolId, 'School', 'filter.schoolId');
        qb.andWhere(`EXISTS (SELECT 1 FROM school_membership m WHERE m.staff_user_id = u.id AND m.school_id = :fSchool AND ${activeMembershipSql})`, {
          fSchool: schoolId,
          today: ctx.today,
        });
      }
      if (filter?.role) qb.andWhere('u.role = :role', { role: filter.role });
      if (filter?.active !== undefined && filter.active !== null) qb.andWhere('u.active = :active', { active: filter.active });
      if (filter?.search) {
        qb.andWhere('(u.family_name ILIKE :p OR u.given_name ILIKE :p OR u.email ILIKE :p)', { p: `${escapeLike(filter.search)}%` });
      }
      return qb;
    };
    const page = base();
    if (cursor) page.andWhere('(u.family_name, u.given_name, u.id) > (:cf, :cg, :ci)', { cf: cursor[0], cg: cursor[1], ci: cursor[2] });
    const rows = await page.orderBy('u.family_name').addOrderBy('u.given_name').addOrderBy('u.id').take(limit + 1).getMany();
    return toConnection(rows, limit, (u) => [u.familyName, u.givenName, u.id], (u) => u, () => base().getCount());
  }

  async create(ctx: ViewerContext, input: StaffUserCreateInput): Promise<{ staffUser: StaffUserEntity }> {
    this.assertRoleGrantable(ctx.viewer, input.role, ['input', 'role']);
    const schoolIds = this.parseSchoolIds(ctx.viewer, input.schoolIds, input.role);
    return ctx.db.transaction(async (em) => {
      await this.assertSchoolsExist(em, schoolIds);
      const user = em.create(StaffUserEntity, {
        email: input.email.toLowerCase(),
        givenName: input.givenName,
        familyName: input.familyName,
        role: input.role,
        active: true,
      });
      await this.saveUnique(em, user);
      for (const schoolId of schoolIds) {
        await em.insert(SchoolMembershipEntity, { staffUserId: user.id, schoolId, startDate: ctx.today, endDate: null });
      }
      await recordAudit(em, ctx, { action: 'staff_user.create', entityType: 'StaffUser', entityId: user.id, after: { ...user, schoolIds } });
      return { staffUser: user };
    });
  }

  async update(ctx: ViewerContext, input: StaffUserUpdateInput): Promise<{ staffUser: StaffUserEntity }> {
    const id = expectGlobalId(input.id, 'StaffUser', 'input.id');
    return ctx.db.transaction(async (em) => {
      const user = await this.lockManageable(ctx, em, id, ['input', 'id']);
      if (user.version !== input.expectedVersion) {
        throw UserInputError.of(UserErrorCode.CONFLICT, ['input', 'expectedVersion'], `The staff user was changed by someone else (version ${user.version}); reload and try again`);
      }
      const before = { ...user };
      if (input.role) {
        this.assertRoleGrantable(ctx.viewer, input.role, ['input', 'role']);
        user.role = input.role;
      }
      if (input.email) user.email = input.email.toLowerCase();
      if (input.givenName) user.givenName = input.givenName;
      if (input.familyName) user.familyName = input.familyName;
      if (input.schoolIds) {
        const schoolIds = this.parseSchoolIds(ctx.viewer, input.schoolIds, user.role);
        await this.assertSchoolsExist(em, schoolIds);
        await this.replaceMemberships(ctx, em, user.id, schoolIds);
      }
      // Bump the version even when only memberships changed, so concurrent editors see the change.
      user.updatedAt = new Date();
      await this.saveUnique(em, user);
      await recordAudit(em, ctx, { action: 'staff_user.update', entityType: 'StaffUser', entityId: id, before, after: { ...user, schoolIds: input.schoolIds } });
      return { staffUser: user };
    });
  }

  /** Deactivating takes effect on the user's next request, whatever tokens they hold. */
  async setActive(ctx: ViewerContext, globalId: string, active: boolean): Promise<{ staffUser: StaffUserEntity }> {
    const id = expectGlobalId(globalId, 'StaffUser', 'id');
    if (id === ctx.viewer.userId && !active) {
      throw UserInputError.of(UserErrorCode.INVALID, ['id'], 'You cannot deactivate yourself');
    }
    return ctx.db.transaction(async (em) => {
      const user = await this.lockManageable(ctx, em, id, ['id']);
      const before = { ...user };
      user.active = active;
      await em.save(StaffUserEntity, user);
      await recordAudit(em, ctx, { action: active ? 'staff_user.reactivate' : 'staff_user.deactivate', entityType: 'StaffUser', entityId: id, before, after: user });
      return { staffUser: user };
    });
  }

  /** Memberships active on `today`. */
  async activeMemberships(em: EntityManager, today: string, userIds: readonly string[]): Promise<SchoolMembershipEntity[]> {
    if (userIds.length === 0) return [];
    return em
      .createQueryBuilder(SchoolMembershipEntity, 'm')
      .where('m.staff_user_id IN (:...userIds)', { userIds })
      .andWhere(activeMembershipSql, { today })
      .getMany();
  }

  private scope<T extends object>(qb: import('typeorm').SelectQueryBuilder<T>, ctx: ViewerContext) {
    const viewer = ctx.viewer;
    if (isDistrictRole(viewer.role)) return qb;
    if (viewer.role === StaffRole.SCHOOL_ADMIN || viewer.role === StaffRole.COUNSELOR) {
      return qb.andWhere(
        `(u.id = :viewerId OR EXISTS (SELECT 1 FROM school_membership m WHERE m.staff_user_id = u.id
            AND m.school_id = ANY(:viewerSchools) AND ${activeMembershipSql}))`,
        { viewerId: viewer.userId, viewerSchools: viewer.schoolIds, today: ctx.today },
      );
    }
    return qb.andWhere('u.id = :viewerId', { viewerId: viewer.userId });
  }

  private assertRoleGrantable(viewer: Viewer, role: StaffRole, field: string[]) {
    if (viewer.role === StaffRole.SCHOOL_ADMIN && !SCHOOL_MANAGED_ROLES.includes(role)) {
      throw UserInputError.of(UserErrorCode.FORBIDDEN, field, `A school admin can give only the roles ${SCHOOL_MANAGED_ROLES.join(', ')}`);
    }
  }

  private parseSchoolIds(viewer: Viewer, globalIds: string[], role: StaffRole): string[] {
    const ids = [...new Set(globalIds.map((g, i) => expectGlobalId(g, 'School', `input.schoolIds[${i}]`)))];
    if (!isDistrictRole(role) && ids.length === 0) {
      throw UserInputError.of(UserErrorCode.INVALID, ['input', 'schoolIds'], 'A school-based role needs at least one school');
    }
    if (viewer.role === StaffRole.SCHOOL_ADMIN) {
      const foreign = ids.findIndex((id) => !viewer.schoolIds.includes(id));
      if (foreign >= 0) {
        throw UserInputError.of(UserErrorCode.FORBIDDEN, ['input', 'schoolIds'], 'A school admin can add staff only to their own schools');
      }
    }
    return ids;
  }

  private async assertSchoolsExist(em: EntityManager, ids: string[]) {
    if (ids.length === 0) return;
    const found = await em.countBy(SchoolEntity, ids.map((id) => ({ id })));
    if (found !== ids.length) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'schoolIds'], 'One or more schools do not exist');
  }

  /**
   * Ends memberships no longer listed (the day before today, kept as history) and opens the new
   * ones. A school admin changes only memberships at their own schools.
   */
  private async replaceMemberships(ctx: ViewerContext, em: EntityManager, userId: string, schoolIds: string[]) {
    const open = await em.findBy(SchoolMembershipEntity, { staffUserId: userId, endDate: IsNull() });
    const managed = (schoolId: string) => ctx.viewer.role === StaffRole.DISTRICT_ADMIN || ctx.viewer.schoolIds.includes(schoolId);
    for (const membership of open) {
      if (schoolIds.includes(membership.schoolId) || !managed(membership.schoolId)) continue;
      if (membership.startDate >= ctx.today) {
        await em.delete(SchoolMembershipEntity, { id: membership.id });
      } else {
        await em.update(SchoolMembershipEntity, { id: membership.id }, { endDate: addDays(ctx.today, -1) });
      }
    }
    for (const schoolId of schoolIds) {
      if (open.some((m) => m.schoolId === schoolId)) continue;
      await em.insert(SchoolMembershipEntity, { staffUserId: userId, schoolId, startDate: ctx.today, endDate: null });
    }
  }

  /**
   * A staff user the viewer may manage, locked: a district admin anyone; a school admin the
   * non-admin staff of their schools. Anyone else's record reads as missing.
   */
  private async lockManageable(ctx: ViewerContext, em: EntityManager, id: string, field: string[]): Promise<StaffUserEntity> {
    const user = await em.findOne(StaffUserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw UserInputError.of(UserErrorCode.NOT_FOUND, field, 'No such staff user');
    if (ctx.viewer.role === StaffRole.DISTRICT_ADMIN) return user;
    const memberships = await this.activeMemberships(em, ctx.today, [id]);
    const shared = memberships.some((m) => ctx.viewer.schoolIds.includes(m.schoolId));
    if (!shared) throw UserInputError.of(UserErrorCode.NOT_FOUND, field, 'No such staff user');
    if (!SCHOOL_MANAGED_ROLES.includes(user.role)) {
      throw UserInputError.of(UserErrorCode.FORBIDDEN, field, 'A school admin cannot manage admins or district staff');
    }
    return user;
  }

  private async saveUnique(em: EntityManager, user: StaffUserEntity) {
    try {
      await em.save(StaffUserEntity, user);
    } catch (error) {
      if (isUniqueViolation(error, 'staff_user_email_key')) {
        throw UserInputError.of(UserErrorCode.DUPLICATE, ['input', 'email'], `Another staff user has the email ${user.email}`);
      }
      throw error;
    }
  }
}

export const staffService = new StaffService();
