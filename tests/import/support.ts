import path from 'node:path';
import type { DataSource } from 'typeorm';
import { StaffRole } from '../../src/common/auth/roles';
import { buildContext, type ViewerContext } from '../../src/context';
import { createLogger } from '../../src/logger';
import { SchoolYearEntity } from '../../src/modules/calendar/calendar.entity';
import { staffService } from '../../src/modules/staff/staff.service';
import { TEST_TODAY } from '../support/test-app';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'import');
export const fixture = (...parts: string[]) => path.join(FIXTURES, ...parts);

/** The context an import runs with: a district admin, on the test date. */
export async function adminContext(ds: DataSource, userId: string): Promise<ViewerContext> {
  const viewer = await staffService.loadViewer({ db: ds, today: TEST_TODAY }, userId);
  if (!viewer || viewer.role !== StaffRole.DISTRICT_ADMIN) throw new Error('not a district admin');
  return buildContext({ db: ds, viewer, today: TEST_TODAY, log: createLogger('silent') }) as ViewerContext;
}

export async function schoolYear2026(ds: DataSource): Promise<SchoolYearEntity> {
  return ds.manager.save(SchoolYearEntity, ds.manager.create(SchoolYearEntity, { name: '2026-2027', startDate: '2026-08-24', endDate: '2027-06-11' }));
}

export const count = async (ds: DataSource, sql: string, params: unknown[] = []): Promise<number> =>
  Number((await ds.query(sql, params))[0].count);

/**
 * The attendance-day audit events of the students whose local ids start with `prefix`, by local id,
 * action and id: an import writes one per student and kind (record, correct) per statement, listing
 * the days in `before` / `after` (AttendanceDaysSnapshot).
 */
export const attendanceDayEvents = (ds: DataSource, prefix: string, sinceId = '0') =>
  ds.query(
    `SELECT s.local_id AS student, e.action, e.actor_id AS "actorId", e.actor_role AS "actorRole", e.before, e.after
       FROM audit_event e JOIN student s ON s.id = e.student_id
      WHERE e.entity_type = 'AttendanceDay' AND s.local_id LIKE $1 || '%' AND e.id > $2
      ORDER BY s.local_id, e.action, e.id`,
    [prefix, sinceId],
  );

/** The id of the newest audit event ('0': none), to list only what comes after it. */
export const lastAuditId = async (ds: DataSource): Promise<string> => String((await ds.query('SELECT coalesce(max(id), 0) AS id FROM audit_event'))[0].id);
