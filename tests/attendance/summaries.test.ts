import { Random } from '../../seeds/random';
import { StaffRole } from '../../src/common/auth/roles';
import { AttendanceCategory } from '../../src/modules/attendance/attendance-enums';
import { attendanceStatsService } from '../../src/modules/attendance/attendance-stats.service';
import { runSql } from '../../src/modules/attendance/attendance-sql';
import { SUMMARY_FROM_DAYS_SQL, rebuildSummaries } from '../../src/modules/attendance/attendance-summary';
import { attendanceTotalsCtes } from '../../src/modules/attendance/attendance-totals';
import { EnrollmentEntity } from '../../src/modules/students/student.entity';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { RECORD_DAY, RECORD_DAYS, makeSchoolYear, weekdays } from './attendance-fixtures';

const CATEGORIES = Object.values(AttendanceCategory);
const NONZERO_SUMMARIES = `SELECT student_id, school_id, month, in_attendance, excused_absence, unexcused_absence, tardy, early_departure, partial_day
  FROM attendance_month_summary
 WHERE in_attendance + excused_absence + unexcused_absence + tardy + early_departure + partial_day > 0
 ORDER BY 1, 2, 3`;

/** Days enrolled and per-category days straight from the rows, per student and school: no summaries, no tricks. */
const NAIVE = `
  SELECT e.student_id, e.school_id, count(*)::int AS days_enrolled,
         (count(a.category) FILTER (WHERE a.category IN ('EXCUSED_ABSENCE', 'UNEXCUSED_ABSENCE')))::int AS absences,
         (count(a.category) FILTER (WHERE a.category = 'TARDY'))::int AS tardy
    FROM enrollment e
    JOIN instructional_day d ON d.calendar_date >= e.entry_date AND d.calendar_date <= coalesce(e.exit_date, $2::date)
     AND d.calendar_date BETWEEN $1::date AND $2::date
    LEFT JOIN attendance_day a ON a.student_id = e.student_id AND a.calendar_date = d.calendar_date
   GROUP BY 1, 2 ORDER BY 1, 2`;

/**
 * Property-style: after a random series of bulk writes, single writes and corrections (including a
 * student moving school), the maintained month summaries equal a from-scratch recomputation, and
 * the totals read through summaries + partial months equal a naive count for many periods.
 */
describe('attendance: summaries stay equal to the days they summarise', () => {
  let app: TestApp;
  let token: string;
  let secondSchoolId: string;
  const students: { id: string; gid: string; entry: string; exit: string | null }[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    await makeSchoolYear(app.ds);
    const s1 = await f.school();
    const s2 = await f.school();
    for (let i = 0; i < 10; i++) {
      const entry = i === 9 ? '2026-09-16' : '2026-08-24';
      const exit = i < 3 ? '2026-09-30' : null;
      const student = await f.student(s1, {}, { entryDate: entry, exitDate: exit });
      if (exit) await app.ds.manager.insert(EnrollmentEntity, { studentId: student.id, schoolId: s2.id, gradeLevel: 4, entryDate: '2026-10-01', exitDate: null });
      students.push({ id: student.id, gid: gid('Student', student.id), entry, exit: null });
    }
    token = app.token((await f.staff(StaffRole.DISTRICT_ADMIN)).id);
    secondSchoolId = s2.id;
  });
  afterAll(() => app.close());

  it('after a random series of writes and corrections', async () => {
    const rng = new Random('attendance-summaries');
    const instructional = weekdays('2026-08-24', '2026-10-15');
    let writes = 0;
    for (let round = 0; round < 25; round++) {
      const rows = new Map<string, { studentId: string; date: string; category: string }>();
      const size = rng.int(1, 40);
      for (let n = 0; n < size; n++) {
        const student = rng.pick(students);
        const date = rng.pick(instructional.filter((d) => d >= student.entry));
        rows.set(`${student.gid}|${date}`, { studentId: student.gid, date, category: rng.pick(CATEGORIES) });
      }
      const records = [...rows.values()];
      const response = records.length === 1 || rng.chance(0.2)
        ? await app.gql(RECORD_DAY, { input: records[0] }, token)
        : await app.gql(RECORD_DAYS, { input: { records } }, token);
      const payload = response.data.attendanceDayRecord ?? response.data.attendanceDaysRecord;
      expect(payload.userErrors).toEqual([]);
      writes += 1;
    }
    expect(writes).toBe(25);

    // A move recorded late: the student was at the second school from 16 September, so their days
    // from then are recorded again and move school (both schools' months are recomputed).
    const mover = students[3];
    await app.ds.query(`UPDATE enrollment SET exit_date = '2026-09-15' WHERE student_id = $1`, [mover.id]);
    await app.ds.manager.insert(EnrollmentEntity, { studentId: mover.id, schoolId: secondSchoolId, gradeLevel: 4, entryDate: '2026-09-16', exitDate: null });
    const moved = await app.ds.query(`SELECT calendar_date AS date, category FROM attendance_day WHERE student_id = $1 AND calendar_date >= '2026-09-16'`, [mover.id]);
    expect(moved.length).toBeGreaterThan(0);
    const again = await app.gql(RECORD_DAYS, { input: { records: moved.map((m: any) => ({ studentId: mover.gid, ...m })) } }, token);
    expect(again.data.attendanceDaysRecord.userErrors).toEqual([]);
    const [{ atSecond }] = await app.ds.query(`SELECT count(*)::int AS "atSecond" FROM attendance_day WHERE student_id = $1 AND school_id = $2`, [mover.id, secondSchoolId]);
    expect(atSecond).toBe(moved.length);
    const [{ corrections }] = await app.ds.query('SELECT count(*)::int AS corrections FROM attendance_day_history');
    expect(corrections).toBeGreaterThan(10);

    const maintained = await app.ds.query(NONZERO_SUMMARIES);
    const scratch = await app.ds.query(`SELECT * FROM (${SUMMARY_FROM_DAYS_SQL}) s ORDER BY 1, 2, 3`);
    expect(maintained).toEqual(scratch);
    expect(maintained.length).toBeGreaterThan(20);

    // The rebuild used by the seed gives the same table.
    await app.ds.transaction((em) => rebuildSummaries(em));
    expect(await app.ds.query(NONZERO_SUMMARIES)).toEqual(scratch);
  }, 120_000);

  it('reads the same totals through summaries as straight from the days, for any period', async () => {
    const periods: [string, string][] = [
      ['2026-08-24', '2026-10-15'], ['2026-08-24', '2026-09-30'], ['2026-08-24', '2026-09-29'], ['2026-08-24', '2026-08-31'],
      ['2026-09-01', '2026-10-15'], ['2026-09-02', '2026-10-01'], ['2026-09-10', '2026-09-20'], ['2026-09-08', '2026-09-30'],
      ['2026-10-01', '2026-10-01'], ['2026-08-31', '2026-10-02'],
    ];
    for (const [fromDate, toDate] of periods) {
      const naive = await app.ds.query(NAIVE, [fromDate, toDate]);
      const viaSummaries = await runSql(app.ds.manager, `
        WITH ${attendanceTotalsCtes({ grain: 'student_school', filter: () => 'true', measures: 'all' })}
        SELECT student_id, school_id, days_enrolled, absences, tardy FROM att_totals ORDER BY 1, 2`, { fromDate, toDate });
      expect({ fromDate, toDate, rows: viaSummaries }).toEqual({ fromDate, toDate, rows: naive });

      const perStudent = await attendanceStatsService.forStudents(app.ds.manager, students.map((s) => s.id), { from: fromDate, to: toDate });
      const naiveStudent = new Map<string, [number, number]>();
      for (const r of naive) {
        const [days, absences] = naiveStudent.get(r.student_id) ?? [0, 0];
        naiveStudent.set(r.student_id, [days + r.days_enrolled, absences + r.absences]);
      }
      expect(Object.fromEntries(perStudent.map((r) => [r.studentId, [r.daysEnrolled, r.absences]]))).toEqual(Object.fromEntries(naiveStudent));

      const months = await attendanceStatsService.monthsFor(app.ds.manager, students.map((s) => s.id), { from: fromDate, to: toDate });
      const monthTotals = new Map<string, [number, number]>();
      for (const m of months) {
        const [days, absences] = monthTotals.get(m.studentId) ?? [0, 0];
        monthTotals.set(m.studentId, [days + m.daysEnrolled, absences + m.absences]);
      }
      expect(Object.fromEntries(monthTotals)).toEqual(Object.fromEntries(naiveStudent));
    }
  }, 120_000);
});
