import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StaffRole } from '../../src/common/auth/roles';
import type { ViewerContext } from '../../src/context';
import { beginAttendanceImport } from '../../src/modules/attendance/attendance-import';
import { SUMMARY_FROM_DAYS_SQL } from '../../src/modules/attendance/attendance-summary';
import { AttendanceCategory } from '../../src/modules/attendance/attendance-enums';
import { ImportKind } from '../../src/modules/import/import-kind';
import { importRunService } from '../../src/modules/import/import-run.service';
import { makeSchoolYear } from '../attendance/attendance-fixtures';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { adminContext, count } from './support';

const NONZERO_SUMMARIES = `SELECT student_id, school_id, month::text, in_attendance, excused_absence, unexcused_absence, tardy, early_departure, partial_day
  FROM attendance_month_summary
 WHERE in_attendance + excused_absence + unexcused_absence + tardy + early_departure + partial_day > 0
 ORDER BY 1, 2, 3`;
const FROM_DAYS = `SELECT student_id, school_id, month::text, in_attendance, excused_absence, unexcused_absence, tardy, early_departure, partial_day
  FROM (${SUMMARY_FROM_DAYS_SQL}) s ORDER BY 1, 2, 3`;

/**
 * The import in batches of a few rows (so a file spans many transactions and each batch is checked
 * while the one before it is written): duplicates found across batches, summaries equal to the
 * days, history and audit per day, and a failing batch leaving nothing of itself.
 */
describe('daily attendance import, batch by batch', () => {
  let app: TestApp;
  let ctx: ViewerContext;
  let dir: string;
  const file = (name: string, rows: string[]) => {
    const target = path.join(dir, name);
    writeFileSync(target, ['student_id,date,category', ...rows].join('\n') + '\n');
    return target;
  };

  beforeAll(async () => {
    app = await startTestApp();
    dir = mkdtempSync(path.join(os.tmpdir(), 'tiered-attendance-batches-'));
    const f = factories(app.ds);
    await makeSchoolYear(app.ds);
    const first = await f.school();
    const second = await f.school();
    await f.student(first, { localId: 'B-1' });
    await f.student(first, { localId: 'B-2' });
    // Moves to the second school on October 1st: days on each side belong to a different school.
    await f.student(first, { localId: 'B-MOVER' }, { exitDate: '2026-09-30' });
    const mover = await app.ds.query(`SELECT id FROM student WHERE local_id = 'B-MOVER'`);
    await app.ds.query(`INSERT INTO enrollment (student_id, school_id, grade_level, entry_date) VALUES ($1, $2, 4, '2026-10-01')`, [mover[0].id, second.id]);
    ctx = await adminContext(app.ds, (await f.staff(StaffRole.DISTRICT_ADMIN)).id);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await app.close();
  });

  it('finds duplicates across batches and keeps summaries, history and audit with every batch', async () => {
    const days = file('days.csv', [
      'B-1,2026-09-29,P', // 2
      'B-1,2026-09-30,A', // 3
      'B-2,2026-09-29,E', // 4
      'B-MOVER,2026-09-30,P', // 5: first school
      'B-MOVER,2026-10-01,T', // 6: second school
      'B-1,2026-09-29,A', // 7: a duplicate of row 2, two batches later
      'B-2,2026-09-30,P', // 8
      'B-MOVER,2026-10-02,U', // 9
      'B-2,2026-09-29,P', // 10: a duplicate of row 4
    ]);
    const result = await importRunService.run(ctx, ImportKind.ATTENDANCE, days, { batchSize: 2 });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.summary).toMatchObject({ rows: 9, created: 7, updated: 0, unchanged: 0, rejected: 2 });
    expect(result.rejects.kept.map((r) => [r.row, r.column, r.reason])).toEqual([
      [7, 'student_id', 'Duplicate: the same student and date as row 2'],
      [10, 'student_id', 'Duplicate: the same student and date as row 4'],
    ]);
    const schools = await app.ds.query(
      `SELECT a.calendar_date::text AS date, e.entry_date::text AS entry FROM attendance_day a JOIN student s ON s.id = a.student_id
         JOIN enrollment e ON e.student_id = a.student_id AND e.school_id = a.school_id WHERE s.local_id = 'B-MOVER' ORDER BY 1`,
    );
    expect(schools).toEqual([
      { date: '2026-09-30', entry: '2026-08-26' },
      { date: '2026-10-01', entry: '2026-10-01' },
      { date: '2026-10-02', entry: '2026-10-01' },
    ]);
    expect(await app.ds.query(NONZERO_SUMMARIES)).toEqual(await app.ds.query(FROM_DAYS));
    const audits = await app.ds.query(
      `SELECT action, actor_id, actor_role, student_id, before, after FROM audit_event WHERE entity_type = 'AttendanceDay' ORDER BY id`,
    );
    expect(audits).toHaveLength(7);
    expect(audits[0]).toEqual({
      action: 'attendance_day.record',
      actor_id: ctx.viewer.userId,
      actor_role: 'DISTRICT_ADMIN',
      student_id: expect.any(String),
      before: null,
      after: { studentId: audits[0].student_id, calendarDate: '2026-09-29', schoolId: expect.any(String), category: 'IN_ATTENDANCE' },
    });

    const again = await importRunService.run(ctx, ImportKind.ATTENDANCE, days, { batchSize: 3 });
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 7, rejected: 2 });
    expect(await count(app.ds, `SELECT count(*) FROM audit_event WHERE entity_type = 'AttendanceDay'`)).toBe(7);

    const corrected = await importRunService.run(ctx, ImportKind.ATTENDANCE, file('corrected.csv', ['B-1,2026-09-30,E', 'B-MOVER,2026-10-01,T', 'B-MOVER,2026-10-02,P']), {
      batchSize: 1,
    });
    expect(corrected.summary).toMatchObject({ created: 0, updated: 2, unchanged: 1, rejected: 0 });
    expect(await app.ds.query(`SELECT calendar_date::text AS date, previous_category, category, changed_by FROM attendance_day_history ORDER BY calendar_date`)).toEqual([
      { date: '2026-09-30', previous_category: 'UNEXCUSED_ABSENCE', category: 'EXCUSED_ABSENCE', changed_by: ctx.viewer.userId },
      { date: '2026-10-02', previous_category: 'UNEXCUSED_ABSENCE', category: 'IN_ATTENDANCE', changed_by: ctx.viewer.userId },
    ]);
    const [correction] = await app.ds.query(`SELECT before, after FROM audit_event WHERE action = 'attendance_day.correct' ORDER BY id LIMIT 1`);
    expect(correction).toMatchObject({ before: { calendarDate: '2026-09-30', category: 'UNEXCUSED_ABSENCE' }, after: { calendarDate: '2026-09-30', category: 'EXCUSED_ABSENCE' } });
    expect(await app.ds.query(NONZERO_SUMMARIES)).toEqual(await app.ds.query(FROM_DAYS));
  });

  it('rolls back the whole batch that fails and stops, keeping the batches before it', async () => {
    // A fault injected in the database: any write of October 5th fails, mid-batch.
    await app.ds.query(`CREATE FUNCTION refuse_october_fifth() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.calendar_date = '2026-10-05' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`);
    await app.ds.query(`CREATE TRIGGER refuse_october_fifth BEFORE INSERT ON attendance_day FOR EACH ROW EXECUTE FUNCTION refuse_october_fifth()`);
    const audits = await count(app.ds, 'SELECT count(*) FROM audit_event');
    try {
      const result = await importRunService.run(
        ctx,
        ImportKind.ATTENDANCE,
        file('failing.csv', ['B-1,2026-10-01,P', 'B-2,2026-10-01,P', 'B-1,2026-10-02,A', 'B-1,2026-10-05,P', 'B-2,2026-10-06,P', 'B-2,2026-10-07,P']),
        { batchSize: 2 },
      );
      expect(result).toMatchObject({ status: 'FAILED', message: expect.stringContaining('the batches before it were committed') });
      expect(result.summary).toMatchObject({ created: 2 });
    } finally {
      await app.ds.query('DROP TRIGGER refuse_october_fifth ON attendance_day');
      await app.ds.query('DROP FUNCTION refuse_october_fifth()');
    }
    const written = await app.ds.query(`SELECT calendar_date::text AS date FROM attendance_day WHERE calendar_date >= '2026-10-01' AND calendar_date <= '2026-10-07' AND student_id IN (SELECT id FROM student WHERE local_id IN ('B-1', 'B-2')) ORDER BY 1`);
    // The first batch (both October 1st rows) committed; nothing of the second (October 2nd and 5th), nor after it.
    expect(written).toEqual([{ date: '2026-10-01' }, { date: '2026-10-01' }]);
    expect(await count(app.ds, 'SELECT count(*) FROM audit_event')).toBe(audits + 2);
    expect(await app.ds.query(NONZERO_SUMMARIES)).toEqual(await app.ds.query(FROM_DAYS));
  });

  it('refuses at write time a student deleted after the run read the roster', async () => {
    const session = await beginAttendanceImport(ctx);
    const { accepted, refused } = session.check({
      lines: [2, 3],
      localIds: ['B-1', 'B-2'],
      dates: ['2026-10-08', '2026-10-08'],
      categories: [AttendanceCategory.IN_ATTENDANCE, AttendanceCategory.TARDY],
    });
    expect(refused).toEqual([]);
    await app.ds.query(`UPDATE student SET deleted_at = now() WHERE local_id = 'B-2'`);
    try {
      expect(await session.write(accepted)).toEqual({
        created: 1,
        updated: 0,
        unchanged: 0,
        refused: [{ line: 3, column: 'student_id', reason: 'No student with local id B-2' }],
      });
    } finally {
      await app.ds.query(`UPDATE student SET deleted_at = NULL WHERE local_id = 'B-2'`);
    }
    expect(await count(app.ds, `SELECT count(*) FROM attendance_day WHERE calendar_date = '2026-10-08'`)).toBe(1);
  });

  it('refuses a run by someone other than district staff before reading the file', async () => {
    const principal = await adminContext(app.ds, ctx.viewer.userId);
    await expect(beginAttendanceImport({ ...principal, viewer: { ...principal.viewer, role: StaffRole.SCHOOL_ADMIN } })).rejects.toThrow(
      'Only district staff can import attendance',
    );
    // A district lead reads the district's attendance but does not record it, through the API or an import.
    await expect(beginAttendanceImport({ ...principal, viewer: { ...principal.viewer, role: StaffRole.DISTRICT_LEAD } })).rejects.toThrow(
      'Only district staff can import attendance, in a role that records it (DISTRICT_LEAD does not)',
    );
  });
});
