import { StaffRole } from '../../src/common/auth/roles';
import { buildContext, type ViewerContext } from '../../src/context';
import { createLogger } from '../../src/logger';
import { attendanceDayAudit } from '../../src/modules/attendance/attendance-day-audit';
import { AttendanceCategory } from '../../src/modules/attendance/attendance-enums';
import { beginAttendanceImport } from '../../src/modules/attendance/attendance-import';
import { SUMMARY_FROM_DAYS_SQL } from '../../src/modules/attendance/attendance-summary';
import { EnrollmentEntity } from '../../src/modules/students/student.entity';
import { factories, gid } from '../support/factories';
import { startTestApp, TEST_TODAY, type TestApp } from '../support/test-app';
import { LABOR_DAY, RECORD_DAY, RECORD_DAYS, makeSchoolYear } from './attendance-fixtures';

describe('attendance: recording daily attendance', () => {
  let app: TestApp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const localIds: Record<string, string> = {};
  let districtAdminId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    await makeSchoolYear(app.ds);
    const s1 = await f.school();
    const s2 = await f.school();
    const teacher = await f.staff(StaffRole.TEACHER, [s1]);
    const onCaseload = await f.student(s1, {}, { entryDate: '2026-08-24' });
    const lateStarter = await f.student(s1, {}, { entryDate: '2026-09-14' });
    const notOnCaseload = await f.student(s1, {}, { entryDate: '2026-08-24' });
    const elsewhere = await f.student(s2, {}, { entryDate: '2026-08-24' });
    const movedIn = await f.student(s1, {}, { entryDate: '2026-08-24', exitDate: '2026-09-30' });
    await app.ds.manager.insert(EnrollmentEntity, { studentId: movedIn.id, schoolId: s2.id, gradeLevel: 4, entryDate: '2026-10-01', exitDate: null });
    await f.caseload(teacher, onCaseload);
    await f.caseload(teacher, lateStarter);
    const joinedCaseload = await f.student(s1, {}, { entryDate: '2026-08-24' });
    await f.caseload(teacher, joinedCaseload, { startDate: '2026-10-01' });
    ids.joinedCaseload = gid('Student', joinedCaseload.id);
    Object.assign(ids, {
      onCaseload: gid('Student', onCaseload.id), lateStarter: gid('Student', lateStarter.id), notOnCaseload: gid('Student', notOnCaseload.id),
      elsewhere: gid('Student', elsewhere.id), movedIn: gid('Student', movedIn.id),
    });
    tokens.teacher = app.token(teacher.id);
    tokens.tutor = app.token((await f.staff(StaffRole.TUTOR, [s1])).id);
    tokens.lead = app.token((await f.staff(StaffRole.DISTRICT_LEAD)).id);
    tokens.counselor2 = app.token((await f.staff(StaffRole.COUNSELOR, [s2])).id);
    tokens.admin1 = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [s1])).id);
    districtAdminId = (await f.staff(StaffRole.DISTRICT_ADMIN)).id;
    Object.assign(localIds, { onCaseload: onCaseload.localId, lateStarter: lateStarter.localId });
  });
  afterAll(() => app.close());

  const count = async () => (await app.ds.query('SELECT count(*)::int AS n FROM attendance_day'))[0].n;

  it('refuses a whole sheet naming every bad row and field, and writes nothing', async () => {
    const response = await app.gql(RECORD_DAYS, {
      input: {
        records: [
          { studentId: ids.onCaseload, date: '2026-10-14', category: 'UNEXCUSED_ABSENCE' },
          { studentId: ids.onCaseload, date: LABOR_DAY, category: 'UNEXCUSED_ABSENCE' },
          { studentId: ids.lateStarter, date: '2026-09-10', category: 'EXCUSED_ABSENCE' },
          { studentId: ids.onCaseload, date: '2026-10-16', category: 'TARDY' },
          { studentId: ids.notOnCaseload, date: '2026-10-14', category: 'TARDY' },
          { studentId: ids.onCaseload, date: '2026-10-17', category: 'TARDY' },
          { studentId: ids.onCaseload, date: '2026-10-14', category: 'TARDY' },
          { studentId: gid('School', '00000000-0000-4000-8000-000000000000'), date: '2026-10-14', category: 'TARDY' },
        ],
      },
    }, tokens.teacher);
    const { attendanceDays, userErrors } = response.data.attendanceDaysRecord;
    expect(attendanceDays).toBeNull();
    // Input-only problems come first (all of them), before the database is asked anything.
    expect(userErrors).toEqual([
      { code: 'INVALID', field: ['input', 'records', '7', 'studentId'], message: 'Not a Student id' },
      expect.objectContaining({ code: 'INVALID', field: ['input', 'records', '3', 'date'], message: expect.stringContaining('in the future') }),
      expect.objectContaining({ code: 'INVALID', field: ['input', 'records', '5', 'date'] }),
      expect.objectContaining({ code: 'DUPLICATE', field: ['input', 'records', '6', 'studentId'], message: expect.stringContaining('row 0') }),
    ]);

    const second = await app.gql(RECORD_DAYS, {
      input: {
        records: [
          { studentId: ids.onCaseload, date: '2026-10-14', category: 'UNEXCUSED_ABSENCE' },
          { studentId: ids.onCaseload, date: LABOR_DAY, category: 'UNEXCUSED_ABSENCE' },
          { studentId: ids.lateStarter, date: '2026-09-10', category: 'EXCUSED_ABSENCE' },
          { studentId: ids.onCaseload, date: '2026-09-12', category: 'TARDY' },
        ],
      },
    }, tokens.teacher);
    expect(second.data.attendanceDaysRecord.userErrors).toEqual([
      { code: 'INVALID', field: ['input', 'records', '1', 'date'], message: `${LABOR_DAY} is not an instructional day` },
      { code: 'INVALID', field: ['input', 'records', '2', 'date'], message: "2026-09-10 is before the student's enrollment began (2026-09-14)" },
      { code: 'INVALID', field: ['input', 'records', '3', 'date'], message: '2026-09-12 is not an instructional day' },
    ]);
    const outOfScope = await app.gql(RECORD_DAYS, {
      input: { records: [{ studentId: ids.onCaseload, date: '2026-10-14', category: 'TARDY' }, { studentId: ids.notOnCaseload, date: '2026-10-14', category: 'TARDY' }] },
    }, tokens.teacher);
    expect(outOfScope.data.attendanceDaysRecord.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'records', '1', 'studentId'], message: 'No such student' }]);
    expect(await count()).toBe(0);
  });

  it('records a class at once for the roles that take attendance, and audits each day', async () => {
    const ok = await app.gql(RECORD_DAYS, {
      input: {
        records: [
          { studentId: ids.onCaseload, date: '2026-10-14', category: 'UNEXCUSED_ABSENCE' },
          { studentId: ids.lateStarter, date: '2026-10-14', category: 'IN_ATTENDANCE' },
          { studentId: ids.onCaseload, date: '2026-10-15', category: 'TARDY' },
        ],
      },
    }, tokens.teacher);
    expect(ok.data.attendanceDaysRecord).toEqual({
      attendanceDays: [
        { date: '2026-10-14', category: 'UNEXCUSED_ABSENCE' },
        { date: '2026-10-14', category: 'IN_ATTENDANCE' },
        { date: '2026-10-15', category: 'TARDY' },
      ],
      userErrors: [],
    });
    expect(await count()).toBe(3);
    const audits = await app.ds.query(`SELECT action, count(*)::int AS n FROM audit_event WHERE entity_type = 'AttendanceDay' GROUP BY action`);
    expect(audits).toEqual([{ action: 'attendance_day.record', n: 3 }]);
    // Recording the same values again changes nothing and audits nothing.
    await app.gql(RECORD_DAY, { input: { studentId: ids.onCaseload, date: '2026-10-14', category: 'UNEXCUSED_ABSENCE' } }, tokens.teacher);
    expect((await app.ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_type = 'AttendanceDay'`))[0].n).toBe(3);

    const tutor = await app.gql(RECORD_DAY, { input: { studentId: ids.onCaseload, date: '2026-10-14', category: 'TARDY' } }, tokens.tutor);
    expect(tutor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const lead = await app.gql(RECORD_DAY, { input: { studentId: ids.onCaseload, date: '2026-10-14', category: 'TARDY' } }, tokens.lead);
    expect(lead.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('names the field of a single record, and keeps school staff to their own school\'s days', async () => {
    const single = await app.gql(RECORD_DAY, { input: { studentId: ids.onCaseload, date: '2026-10-10', category: 'TARDY' } }, tokens.teacher);
    expect(single.data.attendanceDayRecord).toEqual({
      attendanceDay: null,
      userErrors: [{ code: 'INVALID', field: ['input', 'date'], message: '2026-10-10 is not an instructional day' }],
    });
    // The student moved to school 2 on 1 October: its counselor records from then, not before.
    const before = await app.gql(RECORD_DAY, { input: { studentId: ids.movedIn, date: '2026-09-29', category: 'UNEXCUSED_ABSENCE' } }, tokens.counselor2);
    expect(before.data.attendanceDayRecord.userErrors).toEqual([expect.objectContaining({ code: 'FORBIDDEN', field: ['input', 'date'] })]);
    const after = await app.gql(RECORD_DAY, { input: { studentId: ids.movedIn, date: '2026-10-01', category: 'UNEXCUSED_ABSENCE' } }, tokens.counselor2);
    expect(after.data.attendanceDayRecord.userErrors).toEqual([]);
    // A teacher records for students on their caseload that day.
    const beforeCaseload = await app.gql(RECORD_DAY, { input: { studentId: ids.joinedCaseload, date: '2026-09-30', category: 'TARDY' } }, tokens.teacher);
    expect(beforeCaseload.data.attendanceDayRecord.userErrors).toEqual([
      { code: 'FORBIDDEN', field: ['input', 'studentId'], message: 'The student was not on your caseload on 2026-09-30' },
    ]);
    const onCaseloadDay = await app.gql(RECORD_DAY, { input: { studentId: ids.joinedCaseload, date: '2026-10-01', category: 'TARDY' } }, tokens.teacher);
    expect(onCaseloadDay.data.attendanceDayRecord.userErrors).toEqual([]);
    const other = await app.gql(RECORD_DAY, { input: { studentId: ids.elsewhere, date: '2026-10-01', category: 'TARDY' } }, tokens.admin1);
    expect(other.data.attendanceDayRecord.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'studentId'], message: 'No such student' }]);
    const tooMany = await app.gql(RECORD_DAYS, { input: { records: Array.from({ length: 2001 }, () => ({ studentId: ids.onCaseload, date: '2026-10-01', category: 'TARDY' })) } }, tokens.admin1);
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('records an import file through the same rules, reporting refused rows by line and column', async () => {
    const ctx = buildContext({
      db: app.ds,
      viewer: { userId: districtAdminId, email: 'admin@test', role: StaffRole.DISTRICT_ADMIN, schoolIds: [] },
      today: TEST_TODAY,
      log: createLogger('silent'),
    }) as ViewerContext;
    // 14 October was recorded UNEXCUSED_ABSENCE and 15 October TARDY by the tests above.
    const session = await beginAttendanceImport(ctx);
    const checked = session.check({
      lines: [2, 3, 4, 5, 6, 7],
      localIds: [localIds.onCaseload, localIds.onCaseload, localIds.onCaseload, 'NOBODY', localIds.lateStarter, localIds.lateStarter],
      dates: ['2026-10-13', '2026-10-14', '2026-10-15', '2026-10-13', '2026-09-10', LABOR_DAY],
      categories: [
        AttendanceCategory.EXCUSED_ABSENCE, AttendanceCategory.UNEXCUSED_ABSENCE, AttendanceCategory.UNEXCUSED_ABSENCE,
        AttendanceCategory.TARDY, AttendanceCategory.TARDY, AttendanceCategory.TARDY,
      ],
    });
    const written = await session.write(checked.accepted);
    const outcome = { ...written, refused: [...checked.refused, ...written.refused] };
    expect({ ...outcome, refused: [...outcome.refused].sort((a, b) => a.line - b.line) }).toEqual({
      created: 1,
      updated: 1,
      unchanged: 1,
      refused: [
        { line: 5, column: 'student_id', reason: 'No student with local id NOBODY' },
        { line: 6, column: 'date', reason: "2026-09-10 is before the student's enrollment began (2026-09-14)" },
        { line: 7, column: 'date', reason: `${LABOR_DAY} is not an instructional day` },
      ],
    });
    // 15 October recorded through the API (an event per day), then corrected by the import (an event per student and kind listing its days, under the same action).
    const events = await app.ds.query(
      `SELECT action, entity_type AS "entityType", entity_id AS "entityId", student_id AS "studentId", before, after
         FROM audit_event WHERE entity_type = 'AttendanceDay' AND (after->>'calendarDate' = '2026-10-15' OR after->'days' @> '[{"calendarDate": "2026-10-15"}]') ORDER BY id`,
    );
    const { studentId, ...recorded } = events[0].after;
    expect(events).toEqual([
      attendanceDayAudit(null, events[0].after),
      {
        ...attendanceDayAudit(events[0].after, { ...events[0].after, category: 'UNEXCUSED_ABSENCE' }),
        before: { days: [recorded] },
        after: { days: [{ ...recorded, category: 'UNEXCUSED_ABSENCE' }] },
      },
    ]);
    expect(studentId).toBe(events[1].studentId);
    const history = await app.ds.query(`SELECT previous_category, category FROM attendance_day_history WHERE calendar_date = '2026-10-15'`);
    expect(history).toEqual([{ previous_category: 'TARDY', category: 'UNEXCUSED_ABSENCE' }]);
    const summaries = await app.ds.query(`SELECT student_id, school_id, month, in_attendance, excused_absence, unexcused_absence, tardy, early_departure, partial_day
      FROM attendance_month_summary WHERE in_attendance + excused_absence + unexcused_absence + tardy + early_departure + partial_day > 0 ORDER BY 1, 2, 3`);
    expect(summaries).toEqual(await app.ds.query(`SELECT * FROM (${SUMMARY_FROM_DAYS_SQL}) s ORDER BY 1, 2, 3`));
  });
});
