import { seedAttendance } from '../../seeds/attendance';
import { seedDistrict } from '../../seeds/generate';
import { overdueActionsSql, staleCasesSql, triggeredWithoutCaseSql } from '../../src/modules/attendance/attendance-queues';
import { runSql } from '../../src/modules/attendance/attendance-sql';
import { attendanceStatsService } from '../../src/modules/attendance/attendance-stats.service';
import { SUMMARY_FROM_DAYS_SQL } from '../../src/modules/attendance/attendance-summary';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

const AS_OF = '2026-10-15';

const fingerprint = async (db: TestDatabase) => {
  const [row] = await db.ds.query(`
    SELECT (SELECT md5(string_agg(student_id::text || calendar_date || school_id || category, ',' ORDER BY student_id, calendar_date)) FROM attendance_day) AS days,
           (SELECT md5(string_agg(id::text || student_id || status || opened_on || tier, ',' ORDER BY id)) FROM attendance_case) AS cases,
           (SELECT md5(string_agg(id::text || case_id || type || action_date, ',' ORDER BY id)) FROM attendance_action) AS actions`);
  return row;
};

describe('the attendance seed', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  // PGlite shares one session between connections: point it at each schema in turn.
  const seedInto = async (db: TestDatabase, seed: string) => {
    if (db.onPglite) await db.ds.query(`SET search_path TO ${db.schema}`);
    const summary = await db.ds.transaction(async (em) => {
      await seedDistrict(em, { students: 300, seed, schoolYearStartYear: 2026 });
      return seedAttendance(em, { seed, asOf: AS_OF });
    });
    return { summary, print: await fingerprint(db) };
  };

  it('gives the same attendance, cases and actions for the same seed, and a realistic year', async () => {
    const [a, b, c] = [await createTestDatabase(), await createTestDatabase(), await createTestDatabase()];
    dbs.push(a, b, c);
    const first = await seedInto(a, 'fixed');
    const again = await seedInto(b, 'fixed');
    const other = await seedInto(c, 'another');
    expect(again).toEqual(first);
    expect(other.print.days).not.toEqual(first.print.days);
    expect(first.summary.attendanceDays).toBeGreaterThan(500);
    expect(first.summary.cases).toBeGreaterThan(10);
    expect(first.summary.actions).toBeGreaterThan(10);

    if (a.onPglite) await a.ds.query(`SET search_path TO ${a.schema}`);
    // Hartford's chronic absence was far above the district's 13% goal.
    const period = await attendanceStatsService.period(a.ds.manager, AS_OF);
    const district = await attendanceStatsService.districtCounts(a.ds.manager, period);
    const rate = (100 * district.chronicallyAbsent) / district.studentsCounted;
    expect(district.studentsCounted).toBeGreaterThan(280);
    expect(rate).toBeGreaterThan(20);
    expect(rate).toBeLessThan(40);

    // Attendance only on instructional days within enrollments, before the as-of date; summaries rebuilt.
    const [{ stray }] = await a.ds.query(`
      SELECT count(*)::int AS stray FROM attendance_day a
       WHERE a.calendar_date > $1 OR NOT EXISTS (SELECT 1 FROM instructional_day d WHERE d.calendar_date = a.calendar_date)
          OR NOT EXISTS (SELECT 1 FROM enrollment e WHERE e.student_id = a.student_id AND e.school_id = a.school_id
                            AND a.calendar_date BETWEEN e.entry_date AND coalesce(e.exit_date, a.calendar_date))`, [AS_OF]);
    expect(stray).toBe(0);
    const scratch = await a.ds.query(`SELECT * FROM (${SUMMARY_FROM_DAYS_SQL}) s ORDER BY 1, 2, 3`);
    const kept = await a.ds.query(`SELECT student_id, school_id, month, in_attendance, excused_absence, unexcused_absence, tardy, early_departure, partial_day
                                     FROM attendance_month_summary ORDER BY 1, 2, 3`);
    expect(kept).toEqual(scratch);

    // Gaps on purpose: flagged students with no case, cases gone stale, next steps past due.
    const params = { fromDate: period.from, toDate: AS_OF, staleDays: 14 };
    const count = async (sql: string) => (await runSql<{ n: number }>(a.ds.manager, `SELECT count(*)::int AS n FROM (${sql}) q`, params))[0].n;
    expect(await count(triggeredWithoutCaseSql({ bySchool: false }))).toBeGreaterThan(10);
    expect(await count(staleCasesSql({ bySchool: false }))).toBeGreaterThan(0);
    expect(await count(overdueActionsSql({ bySchool: false }))).toBeGreaterThan(0);
    const [{ invalid }] = await a.ds.query(`
      SELECT count(*)::int AS invalid FROM attendance_action x JOIN attendance_case c ON c.id = x.case_id
       WHERE x.action_date < c.opened_on OR x.action_date > $1 OR (c.closed_on IS NOT NULL AND x.action_date > c.closed_on)`, [AS_OF]);
    expect(invalid).toBe(0);
  }, 120_000);
});
