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
