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
import type { SchoolEntity } from '../../src/modules/schools/school.entity';
import { makeSchoolYear } from '../attendance/attendance-fixtures';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { adminContext, attendanceDayEvents, count, lastAuditId } from './support';

const NONZERO_SUMMARIES = `SELECT student_id, school_id, month::text, in_attendance, excused_absence, unexcused_absence, tardy, early_departure, partial_day
  FROM attendance_month_summary
 WHERE in_attendance + excused_absence + unexcused_absence + tardy + early_departure + partial_day > 0
 ORDER BY 1, 2, 3`;
const FROM_DAYS = `SELECT student_id, school_id, month::text, in_attendance, excused_absence, unexcused_absence, tardy, early_departure, partial_day
  FROM (${SUMMARY_FROM_DAYS_SQL}) s ORDER BY 1, 2, 3`;

/**
 * The import in batches of a few rows (so a file spans many transactions and each batch is checked
 * while the one before it is written): duplicates found across batches, summaries equal to the
 * days, history per day and an audit event per student and kind in each batch, and a failing batch
 * leaving nothing of itself.
 */
describe('daily attendance import, batch by batch', () => {
  let app: TestApp;
  let ctx: ViewerContext;
  let dir: string;
  let f: ReturnType<typeof factories>;
  let firstSchool: SchoolEntity;
  const schoolIds = { first: '', second: '' };
  const file = (name: string, rows: string[]) => {
    const target = path.join(dir, name);
    writeFileSync(target, ['student_id,date,category', ...rows].join('\n') + '\n');
    return target;
  };

  beforeAll(async () => {
    app = await startTestApp();
    dir = mkdtempSync(path.join(os.tmpdir(), 'tiered-attendance-batches-'));
    f = factories(app.ds);
    await makeSchoolYear(app.ds);
    const first = await f.school();
    const second = await f.school();
    firstSchool = first;
    schoolIds.first = first.id;
    schoolIds.second = second.id;
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
    // One event per student and kind in each batch (batches of two rows), listing that student's days.
    const recorded = (student: string, listed: [string, string, string][]) => ({
      student,
      action: 'attendance_day.record',
      actorId: ctx.viewer.userId,
      actorRole: 'DISTRICT_ADMIN',
      before: null,
      after: { days: listed.map(([calendarDate, schoolId, category]) => ({ calendarDate, schoolId, category })) },
    });
    const { first, second } = schoolIds;
    expect(await attendanceDayEvents(app.ds, 'B-')).toEqual([
      recorded('B-1', [['2026-09-29', first, 'IN_ATTENDANCE'], ['2026-09-30', first, 'UNEXCUSED_ABSENCE']]),
      recorded('B-2', [['2026-09-29', first, 'EXCUSED_ABSENCE']]),
      recorded('B-2', [['2026-09-30', first, 'IN_ATTENDANCE']]),
      recorded('B-MOVER', [['2026-09-30', first, 'IN_ATTENDANCE']]),
      recorded('B-MOVER', [['2026-10-01', second, 'TARDY']]),
      recorded('B-MOVER', [['2026-10-02', second, 'UNEXCUSED_ABSENCE']]),
    ]);
    const since = await lastAuditId(app.ds);

    const again = await importRunService.run(ctx, ImportKind.ATTENDANCE, days, { batchSize: 3 });
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 7, rejected: 2 });
    // Nothing written, not even an audit event.
    expect(await lastAuditId(app.ds)).toBe(since);

    const corrected = await importRunService.run(ctx, ImportKind.ATTENDANCE, file('corrected.csv', ['B-1,2026-09-30,E', 'B-MOVER,2026-10-01,T', 'B-MOVER,2026-10-02,P']), {
      batchSize: 1,
    });
    expect(corrected.summary).toMatchObject({ created: 0, updated: 2, unchanged: 1, rejected: 0 });
    expect(await app.ds.query(`SELECT calendar_date::text AS date, previous_category, category, changed_by FROM attendance_day_history ORDER BY calendar_date`)).toEqual([
      { date: '2026-09-30', previous_category: 'UNEXCUSED_ABSENCE', category: 'EXCUSED_ABSENCE', changed_by: ctx.viewer.userId },
      { date: '2026-10-02', previous_category: 'UNEXCUSED_ABSENCE', category: 'IN_ATTENDANCE', changed_by: ctx.viewer.userId },
    ]);
    // The unchanged day is in no event; each corrected one is in its student's, with the stored value before.
    expect((await attendanceDayEvents(app.ds, 'B-', since)).map(({ student, action, before, after }: any) => ({ student, action, before, after }))).toEqual([
      {
        student: 'B-1',
        action: 'attendance_day.correct',
        before: { days: [{ calendarDate: '2026-09-30', schoolId: first, category: 'UNEXCUSED_ABSENCE' }] },
        after: { days: [{ calendarDate: '2026-09-30', schoolId: first, category: 'EXCUSED_ABSENCE' }] },
      },
      {
        student: 'B-MOVER',
        action: 'attendance_day.correct',
        before: { days: [{ calendarDate: '2026-10-02', schoolId: second, category: 'UNEXCUSED_ABSENCE' }] },
        after: { days: [{ calendarDate: '2026-10-02', schoolId: second, category: 'IN_ATTENDANCE' }] },
      },
    ]);
    expect(await app.ds.query(NONZERO_SUMMARIES)).toEqual(await app.ds.query(FROM_DAYS));
  });

  it("writes one record event and one correct event for a student's new and corrected days in one batch", async () => {
    await f.student(firstSchool, { localId: 'MIX-1' });
    await f.student(firstSchool, { localId: 'MIX-2' });
    const first = await importRunService.run(ctx, ImportKind.ATTENDANCE, file('mix-first.csv', ['MIX-1,2026-09-14,P', 'MIX-1,2026-09-15,P', 'MIX-1,2026-09-16,P']));
    expect(first.summary).toMatchObject({ created: 3, updated: 0 });
    const since = await lastAuditId(app.ds);

    // One batch, out of date order: two new days, two corrections, one unchanged day, and another student's new day.
    const mixed = await importRunService.run(
      ctx,
      ImportKind.ATTENDANCE,
      file('mix-second.csv', ['MIX-1,2026-09-18,E', 'MIX-1,2026-09-16,A', 'MIX-2,2026-09-16,P', 'MIX-1,2026-09-14,P', 'MIX-1,2026-09-17,T', 'MIX-1,2026-09-15,T']),
    );
    expect(mixed.summary).toMatchObject({ rows: 6, created: 3, updated: 2, unchanged: 1, rejected: 0 });
    const day = (calendarDate: string, category: string) => ({ calendarDate, schoolId: schoolIds.first, category });
    const actor = { actorId: ctx.viewer.userId, actorRole: 'DISTRICT_ADMIN' };
    expect(await attendanceDayEvents(app.ds, 'MIX-', since)).toEqual([
      {
        student: 'MIX-1',
        action: 'attendance_day.correct',
        ...actor,
        before: { days: [day('2026-09-15', 'IN_ATTENDANCE'), day('2026-09-16', 'IN_ATTENDANCE')] },
        after: { days: [day('2026-09-15', 'TARDY'), day('2026-09-16', 'UNEXCUSED_ABSENCE')] },
      },
      {
        student: 'MIX-1',
        action: 'attendance_day.record',
        ...actor,
        before: null,
        after: { days: [day('2026-09-17', 'TARDY'), day('2026-09-18', 'EXCUSED_ABSENCE')] },
      },
      { student: 'MIX-2', action: 'attendance_day.record', ...actor, before: null, after: { days: [day('2026-09-16', 'IN_ATTENDANCE')] } },
    ]);
    expect(
      await app.ds.query(
        `SELECT h.calendar_date::text AS date, h.previous_category, h.category FROM attendance_day_history h JOIN student s ON s.id = h.student_id
          WHERE s.local_id = 'MIX-1' ORDER BY 1`,
      ),
    ).toEqual([
      { date: '2026-09-15', previous_category: 'IN_ATTENDANCE', category: 'TARDY' },
      { date: '2026-09-16', previous_category: 'IN_ATTENDANCE', category: 'UNEXCUSED_ABSENCE' },
    ]);
    expect(await app.ds.query(NONZERO_SUMMARIES)).toEqual(await app.ds.query(FROM_DAYS));
  });

  it('rolls back the whole batch that fails and stops, keeping the batches before it', async () => {
    // A fault injected in the database: any write of October 5th fails, mid-batch.
    await app.ds.query(`CREATE FUNCTION refuse_october_fifth() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.calendar_date = '2026-10-05' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`);
    await app.ds.query(`CREATE TRIGGER refuse_october_fifth BEFORE INSERT ON attendance_day FOR EACH ROW EXECUTE FUNCTION refuse_october_fifth()`);
    const audits = await count(app.ds, 'SELECT count(*) FROM audit_event');
    const since = await lastAuditId(app.ds);
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
    expect((await attendanceDayEvents(app.ds, 'B-', since)).map(({ student, action, after }: any) => [student, action, after.days.map((d: any) => d.calendarDate)])).toEqual([
      ['B-1', 'attendance_day.record', ['2026-10-01']],
      ['B-2', 'attendance_day.record', ['2026-10-01']],
    ]);
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
