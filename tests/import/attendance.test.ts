import { StaffRole } from '../../src/common/auth/roles';
import type { ViewerContext } from '../../src/context';
import { ImportKind } from '../../src/modules/import/import-kind';
import { importRunService } from '../../src/modules/import/import-run.service';
import { makeSchoolYear } from '../attendance/attendance-fixtures';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { adminContext, attendanceDayEvents, count, fixture, lastAuditId } from './support';

describe('daily attendance import', () => {
  let app: TestApp;
  let ctx: ViewerContext;
  let schoolId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    await makeSchoolYear(app.ds);
    const school = await f.school();
    schoolId = school.id;
    for (const localId of ['ATT-1', 'ATT-2']) await f.student(school, { localId });
    ctx = await adminContext(app.ds, (await f.staff(StaffRole.DISTRICT_ADMIN)).id);
  });
  afterAll(() => app.close());

  const days = () => app.ds.query(
    `SELECT s.local_id, a.calendar_date, a.category FROM attendance_day a JOIN student s ON s.id = a.student_id ORDER BY s.local_id, a.calendar_date`,
  );

  it('refuses a file with the wrong header and writes nothing', async () => {
    const result = await importRunService.run(ctx, ImportKind.ATTENDANCE, fixture('attendance', 'wrong-header.csv'));
    expect(result).toMatchObject({ status: 'REFUSED', message: expect.stringContaining('missing columns "student_id", "date", "category"') });
    expect(await days()).toEqual([]);
  });

  it("records days through the attendance module's rules, rejecting what they refuse", async () => {
    const result = await importRunService.run(ctx, ImportKind.ATTENDANCE, fixture('attendance', 'days.csv'));
    expect(result.status).toBe('SUCCEEDED');
    expect(result.summary).toMatchObject({ rows: 11, created: 4, updated: 0, unchanged: 0, rejected: 7 });
    expect(result.rejects.kept.map((r) => [r.row, r.column, r.reason])).toEqual([
      [6, 'date', '2026-10-03 is not an instructional day'],
      [7, 'student_id', 'No student with local id ATT-9'],
      [8, 'student_id', 'Duplicate: the same student and date as row 2'],
      [9, 'date', '"2026-13-01" is not a date (YYYY-MM-DD)'],
      [10, 'category', '"Z" is not a known attendance category'],
      [11, 'date', expect.stringContaining('2026-08-25 is before the student\'s enrollment began')],
      [12, 'date', '2026-10-20 is in the future; attendance is recorded on or after the day'],
    ]);
    expect(await days()).toEqual([
      { local_id: 'ATT-1', calendar_date: '2026-10-01', category: 'IN_ATTENDANCE' },
      { local_id: 'ATT-1', calendar_date: '2026-10-02', category: 'UNEXCUSED_ABSENCE' },
      { local_id: 'ATT-2', calendar_date: '2026-10-01', category: 'EXCUSED_ABSENCE' },
      { local_id: 'ATT-2', calendar_date: '2026-10-02', category: 'TARDY' },
    ]);
    // The month summaries the rollups read were kept with the writes.
    const [october] = await app.ds.query(
      `SELECT m.unexcused_absence, m.in_attendance FROM attendance_month_summary m JOIN student s ON s.id = m.student_id WHERE s.local_id = 'ATT-1'`,
    );
    expect(october).toEqual({ unexcused_absence: 1, in_attendance: 1 });
    // One audit event per student for the batch, listing its days in date order.
    const day = (calendarDate: string, category: string) => ({ calendarDate, schoolId, category });
    const recorded = { action: 'attendance_day.record', actorId: ctx.viewer.userId, actorRole: 'DISTRICT_ADMIN', before: null };
    expect(await attendanceDayEvents(app.ds, 'ATT-')).toEqual([
      { student: 'ATT-1', ...recorded, after: { days: [day('2026-10-01', 'IN_ATTENDANCE'), day('2026-10-02', 'UNEXCUSED_ABSENCE')] } },
      { student: 'ATT-2', ...recorded, after: { days: [day('2026-10-01', 'EXCUSED_ABSENCE'), day('2026-10-02', 'TARDY')] } },
    ]);
  });

  it('changes nothing on a re-import, and keeps a correction in the history', async () => {
    const audits = await count(app.ds, 'SELECT count(*) FROM audit_event');
    const since = await lastAuditId(app.ds);
    const again = await importRunService.run(ctx, ImportKind.ATTENDANCE, fixture('attendance', 'days.csv'));
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 4, rejected: 7 });
    expect(await count(app.ds, 'SELECT count(*) FROM audit_event')).toBe(audits);

    const corrected = await importRunService.run(ctx, ImportKind.ATTENDANCE, fixture('attendance', 'days-corrected.csv'));
    expect(corrected.summary).toMatchObject({ created: 0, updated: 1, unchanged: 3, rejected: 0 });
    expect(await app.ds.query(`SELECT previous_category, category FROM attendance_day_history`)).toEqual([
      { previous_category: 'UNEXCUSED_ABSENCE', category: 'EXCUSED_ABSENCE' },
    ]);
    // The corrected day alone, in its student's one event, with the value it replaced.
    expect(await attendanceDayEvents(app.ds, 'ATT-', since)).toEqual([
      {
        student: 'ATT-1',
        action: 'attendance_day.correct',
        actorId: ctx.viewer.userId,
        actorRole: 'DISTRICT_ADMIN',
        before: { days: [{ calendarDate: '2026-10-02', schoolId, category: 'UNEXCUSED_ABSENCE' }] },
        after: { days: [{ calendarDate: '2026-10-02', schoolId, category: 'EXCUSED_ABSENCE' }] },
      },
    ]);
    const [october] = await app.ds.query(
      `SELECT m.unexcused_absence, m.excused_absence FROM attendance_month_summary m JOIN student s ON s.id = m.student_id WHERE s.local_id = 'ATT-1'`,
    );
    expect(october).toEqual({ unexcused_absence: 0, excused_absence: 1 });
  });

  it("maps the district's own category names to Ed-Fi's", async () => {
    const unmapped = await importRunService.run(ctx, ImportKind.ATTENDANCE, fixture('attendance', 'district-codes.csv'));
    expect(unmapped.summary).toMatchObject({ created: 0, rejected: 2 });
    const bad = await importRunService.run(ctx, ImportKind.ATTENDANCE, fixture('attendance', 'district-codes.csv'), { attendanceCategories: { AX: 'ABSENT_ISH' } });
    expect(bad).toMatchObject({ status: 'REFUSED', message: expect.stringContaining('"AX" maps to "ABSENT_ISH"') });
    const mapped = await importRunService.run(ctx, ImportKind.ATTENDANCE, fixture('attendance', 'district-codes.csv'), {
      attendanceCategories: { AX: 'Excused Absence', PR: 'IN_ATTENDANCE' },
    });
    expect(mapped.summary).toMatchObject({ created: 2, rejected: 0 });
    expect((await days()).filter((d: any) => d.calendar_date === '2026-10-05').map((d: any) => d.category)).toEqual(['EXCUSED_ABSENCE', 'IN_ATTENDANCE']);
  });
});
