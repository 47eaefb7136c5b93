import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StaffRole } from '../../src/common/auth/roles';
import type { ViewerContext } from '../../src/context';
import { AttendanceCategory } from '../../src/modules/attendance/attendance-enums';
import { beginAttendanceImport } from '../../src/modules/attendance/attendance-import';
import { SUMMARY_FROM_DAYS_SQL } from '../../src/modules/attendance/attendance-summary';
import { ImportKind } from '../../src/modules/import/import-kind';
import { importRunService } from '../../src/modules/import/import-run.service';
import { makeSchoolYear } from '../attendance/attendance-fixtures';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { adminContext, count } from './support';

const onPglite = process.env.TIERED_TEST_DB_KIND === 'pglite';

/** A group's students are `<group>-<n>`; every snapshot names them `G-<n>`, so two groups compare equal. */
const local = (column: string) => `regexp_replace(${column}, '^[A-Z]+-', 'G-')`;
const inGroup = (column: string) => `${column} LIKE $1 || '-%'`;

const DAYS = `SELECT ${local('s.local_id')} AS student, a.calendar_date::text AS date, a.category, sc.name AS school
  FROM attendance_day a JOIN student s ON s.id = a.student_id JOIN school sc ON sc.id = a.school_id
 WHERE ${inGroup('s.local_id')} ORDER BY 1, 2`;
const SUMMARIES = `SELECT ${local('s.local_id')} AS student, sc.name AS school, m.month::text, m.in_attendance, m.excused_absence,
       m.unexcused_absence, m.tardy, m.early_departure, m.partial_day
  FROM attendance_month_summary m JOIN student s ON s.id = m.student_id JOIN school sc ON sc.id = m.school_id
 WHERE ${inGroup('s.local_id')} AND m.in_attendance + m.excused_absence + m.unexcused_absence + m.tardy + m.early_departure + m.partial_day > 0
 ORDER BY 1, 2, 3`;
const SUMMARIES_FROM_DAYS = `SELECT ${local('s.local_id')} AS student, sc.name AS school, m.month::text, m.in_attendance, m.excused_absence,
       m.unexcused_absence, m.tardy, m.early_departure, m.partial_day
  FROM (${SUMMARY_FROM_DAYS_SQL}) m JOIN student s ON s.id = m.student_id JOIN school sc ON sc.id = m.school_id
 WHERE ${inGroup('s.local_id')} ORDER BY 1, 2, 3`;
/** An event's days (AttendanceDaysSnapshot) in its order, each school by name. */
const daysSql = (side: string) => `CASE WHEN e.${side} IS NOT NULL THEN (
  SELECT jsonb_agg(jsonb_build_object('calendarDate', d->>'calendarDate', 'category', d->>'category',
                                      'school', (SELECT name FROM school WHERE id = (d->>'schoolId')::uuid)) ORDER BY n)
    FROM jsonb_array_elements(e.${side}->'days') WITH ORDINALITY AS t(d, n)) END`;
const AUDITS = `SELECT ${local('s.local_id')} AS student, e.action, e.actor_id, e.actor_role, ${daysSql('before')} AS before, ${daysSql('after')} AS after
  FROM audit_event e JOIN student s ON s.id = e.student_id
 WHERE e.entity_type = 'AttendanceDay' AND ${inGroup('s.local_id')} ORDER BY 1, e.action, e.after->'days'->0->>'calendarDate', e.id`;
const HISTORY = `SELECT ${local('s.local_id')} AS student, h.calendar_date::text AS date, sc.name AS school, h.previous_category, h.category, h.changed_by
  FROM attendance_day_history h JOIN student s ON s.id = h.student_id JOIN school sc ON sc.id = h.school_id
 WHERE ${inGroup('s.local_id')} ORDER BY 1, 2`;
/** Transactions that wrote a group's audit events (each writer's share of a batch is one). */
const TRANSACTIONS = `SELECT count(DISTINCT e.xmin::text) AS count FROM audit_event e JOIN student s ON s.id = e.student_id
 WHERE e.entity_type = 'AttendanceDay' AND ${inGroup('s.local_id')}`;

/**
 * On PostgreSQL a batch is split by student over two writers (two transactions committed
 * together); on PGlite there is one. Two groups of students alike in every way are imported from
 * the same rows, one with one writer and one with two: days, summaries, corrections history, the
 * audit trail, the outcome and the rejections must be the same. A batch that fails in one writer's
 * share leaves nothing of the other's.
 */
describe('daily attendance import over two writers', () => {
  let app: TestApp;
  let ctx: ViewerContext;
  let dir: string;
  const STUDENTS = ['1', '2', '3', '4', '5', '6', 'MOVER'];

  const file = (name: string, rows: string[]) => {
    const target = path.join(dir, name);
    writeFileSync(target, ['student_id,date,category', ...rows].join('\n') + '\n');
    return target;
  };
  const state = async (group: string) => ({
    days: await app.ds.query(DAYS, [group]),
    summaries: await app.ds.query(SUMMARIES, [group]),
    audits: await app.ds.query(AUDITS, [group]),
    history: await app.ds.query(HISTORY, [group]),
  });
  const run = async (group: string, writers: number, name: string, rows: (g: string) => string[], batchSize: number) => {
    const result = await importRunService.run(ctx, ImportKind.ATTENDANCE, file(`${group}-${name}.csv`, rows(group)), { batchSize, attendanceWriters: writers });
    expect(result.status).toBe('SUCCEEDED');
    return { summary: result.summary, rejects: result.rejects.kept.map((r) => [r.row, r.column, r.reason.replace(`${group}-`, 'G-')]) };
  };

  beforeAll(async () => {
    app = await startTestApp();
    dir = mkdtempSync(path.join(os.tmpdir(), 'tiered-attendance-writers-'));
    const f = factories(app.ds);
    await makeSchoolYear(app.ds);
    const first = await f.school();
    const second = await f.school();
    for (const group of ['ONE', 'TWO']) {
      for (const n of STUDENTS.slice(0, -1)) await f.student(first, { localId: `${group}-${n}` });
      // Moves to the second school on October 1st.
      const mover = await f.student(first, { localId: `${group}-MOVER` }, { exitDate: '2026-09-30' });
      await app.ds.query(`INSERT INTO enrollment (student_id, school_id, grade_level, entry_date) VALUES ($1, $2, 4, '2026-10-01')`, [mover.id, second.id]);
    }
    ctx = await adminContext(app.ds, (await f.staff(StaffRole.DISTRICT_ADMIN)).id);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await app.close();
  });

  it('writes with two writers what one writer writes', async () => {
    const CODES = ['P', 'A', 'E', 'T', 'D', 'P', 'P'];
    const [d0, d1, d2, d3, d4] = ['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-01', '2026-10-02'];
    // Day by day as an SIS exports them, with a duplicate, a weekend day and an unknown student among them.
    const days = (g: string) => [
      ...[d0, d1, d2, d3, d4].flatMap((date, d) =>
        STUDENTS.map((n, s) => `${g}-${n},${date},${CODES[(d + s) % CODES.length]}`),
      ),
      `${g}-2,2026-09-29,P`,
      `${g}-3,2026-10-03,P`,
      `${g}-X,2026-10-01,P`,
    ];
    const one = await run('ONE', 1, 'days', days, 11);
    const two = await run('TWO', 2, 'days', days, 11);
    expect(two).toEqual(one);
    expect(one.summary).toMatchObject({ rows: 38, created: 35, rejected: 3 });
    expect(await state('TWO')).toEqual(await state('ONE'));
    // One audit event per student and batch (a writer's statement holds all of a student's days in its batch):
    // batches of 11 rows, day by day, hold each student's days of one or two dates.
    const eventDays = async (group: string, action: string) =>
      (await app.ds.query(AUDITS, [group])).filter((e: any) => e.action === action).map((e: any) => [e.student, e.after.map((d: any) => d.calendarDate)]);
    expect(await eventDays('TWO', 'attendance_day.record')).toEqual([
      ...['G-1'].flatMap((g) => [[g, [d0, d1]], [g, [d2, d3]], [g, [d4]]]),
      ...['G-2', 'G-3', 'G-4'].flatMap((g) => [[g, [d0, d1]], [g, [d2]], [g, [d3, d4]]]),
      ...['G-5'].flatMap((g) => [[g, [d0]], [g, [d1, d2]], [g, [d3, d4]]]),
      ...['G-6', 'G-MOVER'].flatMap((g) => [[g, [d0]], [g, [d1, d2]], [g, [d3]], [g, [d4]]]),
    ]);
    expect(await app.ds.query(SUMMARIES, ['TWO'])).toEqual(await app.ds.query(SUMMARIES_FROM_DAYS, ['TWO']));
    // Four batches of writes: one transaction each with one writer, two each (one per writer) with two on PostgreSQL.
    expect(await count(app.ds, TRANSACTIONS, ['ONE'])).toBe(4);
    expect(await count(app.ds, TRANSACTIONS, ['TWO'])).toBe(onPglite ? 4 : 8);

    // Again with corrections and unchanged rows: only the corrections are written.
    const corrections = (g: string) => [...days(g).slice(0, 10), `${g}-1,2026-09-30,P`, `${g}-MOVER,2026-10-02,A`, `${g}-4,2026-10-01,U`];
    const oneAgain = await run('ONE', 1, 'corrections', corrections, 4);
    const twoAgain = await run('TWO', 2, 'corrections', corrections, 4);
    expect(twoAgain).toEqual(oneAgain);
    expect(oneAgain.summary).toMatchObject({ created: 0, updated: 3, unchanged: 10 });
    expect(await state('TWO')).toEqual(await state('ONE'));
    expect((await state('TWO')).history).toHaveLength(3);
    expect(await eventDays('TWO', 'attendance_day.correct')).toEqual([['G-1', [d2]], ['G-4', [d3]], ['G-MOVER', [d4]]]);
    expect(await app.ds.query(SUMMARIES, ['TWO'])).toEqual(await app.ds.query(SUMMARIES_FROM_DAYS, ['TWO']));
  });

  it("writes a writer's share in several statements of one transaction", async () => {
    const session = await beginAttendanceImport(ctx, { writers: 2, statementRows: 3 });
    const dates = ['2026-10-05', '2026-10-06'];
    const { accepted, refused } = session.check({
      lines: dates.flatMap((_, d) => STUDENTS.map((__, s) => 2 + d * STUDENTS.length + s)),
      localIds: dates.flatMap(() => STUDENTS.map((n) => `ONE-${n}`)),
      dates: dates.flatMap((date) => STUDENTS.map(() => date)),
      categories: dates.flatMap(() => STUDENTS.map(() => AttendanceCategory.TARDY)),
    });
    expect(refused).toEqual([]);
    const transactions = await count(app.ds, TRANSACTIONS, ['ONE']);
    expect(await session.write(accepted)).toEqual({ created: 2 * STUDENTS.length, updated: 0, unchanged: 0, refused: [] });
    expect(await count(app.ds, TRANSACTIONS, ['ONE'])).toBe(transactions + (onPglite ? 1 : 2));
    const written = await app.ds.query(
      `SELECT count(*)::int AS days FROM attendance_day a JOIN student s ON s.id = a.student_id WHERE s.local_id LIKE 'ONE-%' AND a.category = 'TARDY' AND a.calendar_date >= '2026-10-05'`,
    );
    expect(written).toEqual([{ days: 2 * STUDENTS.length }]);
    expect(await app.ds.query(SUMMARIES, ['ONE'])).toEqual(await app.ds.query(SUMMARIES_FROM_DAYS, ['ONE']));
  });

  it("rolls back every writer's share of a batch one of them fails", async () => {
    const [victim] = await app.ds.query(`SELECT id FROM student WHERE local_id = 'TWO-6'`);
    // A fault injected in the database: TWO-6's October 9th fails, so one writer's share of the second batch fails.
    await app.ds.query(`CREATE FUNCTION refuse_two_six() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.calendar_date = '2026-10-09' AND NEW.student_id = '${victim.id}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`);
    await app.ds.query(`CREATE TRIGGER refuse_two_six BEFORE INSERT ON attendance_day FOR EACH ROW EXECUTE FUNCTION refuse_two_six()`);
    const audits = await count(app.ds, 'SELECT count(*) FROM audit_event');
    try {
      const rows = ['2026-10-08', '2026-10-09', '2026-10-12'].flatMap((date) => STUDENTS.map((n) => `TWO-${n},${date},P`));
      const result = await importRunService.run(ctx, ImportKind.ATTENDANCE, file('failing.csv', rows), { batchSize: STUDENTS.length, attendanceWriters: 2 });
      expect(result).toMatchObject({ status: 'FAILED', message: expect.stringContaining('the batches before it were committed') });
      expect(result.summary).toMatchObject({ created: STUDENTS.length });
    } finally {
      await app.ds.query('DROP TRIGGER refuse_two_six ON attendance_day');
      await app.ds.query('DROP FUNCTION refuse_two_six()');
    }
    const written = await app.ds.query(
      `SELECT calendar_date::text AS date, count(*)::int AS days FROM attendance_day a JOIN student s ON s.id = a.student_id
        WHERE s.local_id LIKE 'TWO-%' AND calendar_date >= '2026-10-08' GROUP BY 1 ORDER BY 1`,
    );
    expect(written).toEqual([{ date: '2026-10-08', days: STUDENTS.length }]);
    expect(await count(app.ds, 'SELECT count(*) FROM audit_event')).toBe(audits + STUDENTS.length);
    expect(await app.ds.query(SUMMARIES, ['TWO'])).toEqual(await app.ds.query(SUMMARIES_FROM_DAYS, ['TWO']));
  });
});
