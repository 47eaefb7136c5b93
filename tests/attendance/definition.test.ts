import { StaffRole } from '../../src/common/auth/roles';
import { EnrollmentEntity } from '../../src/modules/students/student.entity';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { RECORD_DAY, SCHOOL_ATTENDANCE, STUDENT_ATTENDANCE, days, makeSchoolYear, weekdays, YEAR_START, recordDays } from './attendance-fixtures';

/**
 * The chronic-absence definition pinned on hand-built cases. Instructional days (weekdays from
 * 2026-08-24, Labor Day closed): 6 in August, 21 in September, 11 in October to today (2026-10-15).
 */
describe('attendance: the chronic-absence definition', () => {
  let app: TestApp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    await makeSchoolYear(app.ds);
    const s1 = await f.school();
    const s2 = await f.school();
    ids.s1 = gid('School', s1.id);
    ids.s2 = gid('School', s2.id);
    const a = await f.student(s1, {}, { entryDate: YEAR_START });
    const b = await f.student(s1, {}, { entryDate: '2026-10-05' });
    const c = await f.student(s1, {}, { entryDate: YEAR_START, exitDate: '2026-09-18', exitReason: 'Transferred' });
    await app.ds.manager.insert(EnrollmentEntity, { studentId: c.id, schoolId: s2.id, gradeLevel: 4, entryDate: '2026-09-21', exitDate: null });
    const d = await f.student(s1, {}, { entryDate: YEAR_START });
    Object.assign(ids, { a: gid('Student', a.id), b: gid('Student', b.id), c: gid('Student', c.id), d: gid('Student', d.id) });
    tokens.districtAdmin = app.token((await f.staff(StaffRole.DISTRICT_ADMIN)).id);
    tokens.lead = app.token((await f.staff(StaffRole.DISTRICT_LEAD)).id);
    tokens.counselor1 = app.token((await f.staff(StaffRole.COUNSELOR, [s1])).id);

    await recordDays(app, tokens.districtAdmin, [
      ...days(ids.a, ['2026-09-02'], 'EXCUSED_ABSENCE'),
      ...days(ids.a, ['2026-09-15', '2026-09-22'], 'UNEXCUSED_ABSENCE'),
      ...days(ids.a, ['2026-09-03'], 'TARDY'),
      ...days(ids.a, ['2026-09-04'], 'EARLY_DEPARTURE'),
      ...days(ids.a, ['2026-09-09'], 'PARTIAL'),
      ...days(ids.a, ['2026-09-10'], 'IN_ATTENDANCE'),
      ...days(ids.b, ['2026-10-06', '2026-10-07', '2026-10-08'], 'UNEXCUSED_ABSENCE'),
      ...days(ids.c, ['2026-09-10', '2026-09-17', '2026-10-13'], 'EXCUSED_ABSENCE'),
      ...days(ids.d, ['2026-09-29', '2026-10-01', '2026-10-06'], 'UNEXCUSED_ABSENCE'),
      ...days(ids.d, ['2026-10-08'], 'TARDY'),
    ]);
  });
  afterAll(() => app.close());

  const attendance = async (id: string, asOf?: string, from?: string) => {
    const response = await app.gql(STUDENT_ATTENDANCE, { id, asOf, from }, tokens.districtAdmin);
    expect(response.errors).toBeUndefined();
    return response.data.student.attendance;
  };
  const school = async (id: string, asOf?: string) => {
    const response = await app.gql(SCHOOL_ATTENDANCE, { id, asOf }, tokens.districtAdmin);
    expect(response.errors).toBeUndefined();
    return response.data.school.attendance;
  };

  it('counts days enrolled from enrollments x instructional days, and only absences as absent', async () => {
    expect(weekdays(YEAR_START, '2026-10-15')).toHaveLength(38);
    const today = await attendance(ids.a);
    expect(today).toMatchObject({
      from: YEAR_START, asOf: '2026-10-15', daysEnrolled: 38, daysAbsent: 3, excusedAbsences: 1, unexcusedAbsences: 2,
      tardies: 1, earlyDepartures: 1, partialDays: 1, includedInRate: true, chronicallyAbsent: false, tier: 2,
      absenceRate: 7.89, attendanceRate: 92.11, triggers: ['MONTH_ONE_ABSENCES', 'AT_RISK_RATE'],
    });
    expect(today.months).toEqual([
      { month: '2026-08-01', daysEnrolled: 6, daysAbsent: 0, tardies: 0, attendanceRate: 100 },
      { month: '2026-09-01', daysEnrolled: 21, daysAbsent: 3, tardies: 1, attendanceRate: 85.71 },
      { month: '2026-10-01', daysEnrolled: 11, daysAbsent: 0, tardies: 0, attendanceRate: 100 },
    ]);
  });

  it('is chronic at exactly 10.0%, and answers for any date and any period', async () => {
    // As of 21 September: 20 days enrolled, 2 absences (the 22nd is after the date).
    expect(await attendance(ids.a, '2026-09-21')).toMatchObject({
      daysEnrolled: 20, daysAbsent: 2, absenceRate: 10, chronicallyAbsent: true, severelyChronicallyAbsent: false, tier: 3,
      triggers: ['MONTH_ONE_ABSENCES', 'AT_RISK_RATE', 'CHRONIC_RATE'],
    });
    // A whole month from the summaries: 27 days, 3 absences.
    expect(await attendance(ids.a, '2026-09-30')).toMatchObject({ daysEnrolled: 27, daysAbsent: 3, chronicallyAbsent: true });
    // A period inside the year: 6 days is below the minimum, so no rate and no status.
    expect(await attendance(ids.a, '2026-09-21', '2026-09-14')).toMatchObject({
      from: '2026-09-14', daysEnrolled: 6, daysAbsent: 1, includedInRate: false, absenceRate: null, chronicallyAbsent: null,
    });
    const future = await app.gql(STUDENT_ATTENDANCE, { id: ids.a, asOf: '2026-10-16' }, tokens.districtAdmin);
    expect(future.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('leaves a student enrolled 9 days out of the rate', async () => {
    expect(await attendance(ids.b)).toMatchObject({
      daysEnrolled: 9, daysAbsent: 3, includedInRate: false, attendanceRate: null, chronicallyAbsent: null, tier: 1, triggers: [],
    });
  });

  it('counts a mid-year transfer at each school, and once in the district', async () => {
    expect(await attendance(ids.c)).toMatchObject({ daysEnrolled: 38, daysAbsent: 3, chronicallyAbsent: false });
    const first = await school(ids.s1);
    expect(first).toMatchObject({ studentsEnrolled: 4, studentsCounted: 3, chronicallyAbsentCount: 1, chronicAbsenceRate: 33.33 });
    expect(first.chronicallyAbsent.nodes).toEqual([
      { student: { id: ids.c }, daysEnrolled: 19, daysAbsent: 2, absenceRate: 10.53, severelyChronicallyAbsent: false, enrolledOnAsOf: false },
    ]);
    expect(await school(ids.s2)).toMatchObject({ studentsEnrolled: 1, studentsCounted: 1, chronicallyAbsentCount: 0, chronicAbsenceRate: 0 });
    // As of 21 September A (2 of 20) and C (2 of 19 at the first school) are chronic there.
    expect(await school(ids.s1, '2026-09-21')).toMatchObject({ studentsEnrolled: 3, studentsCounted: 3, chronicallyAbsentCount: 2 });
  });

  it('records a correction that changes the status, keeping the earlier value', async () => {
    expect(await attendance(ids.d)).toMatchObject({ daysAbsent: 3, chronicallyAbsent: false, tier: 2, triggers: ['AT_RISK_RATE'] });
    const corrected = await app.gql(RECORD_DAY, { input: { studentId: ids.d, date: '2026-10-08', category: 'UNEXCUSED_ABSENCE' } }, tokens.counselor1);
    expect(corrected.data.attendanceDayRecord).toEqual({
      attendanceDay: { date: '2026-10-08', category: 'UNEXCUSED_ABSENCE', school: { id: ids.s1 } },
      userErrors: [],
    });
    expect(await attendance(ids.d)).toMatchObject({
      daysAbsent: 4, absenceRate: 10.53, chronicallyAbsent: true, tier: 3, triggers: ['MONTH_TWO_ABSENCES', 'AT_RISK_RATE', 'CHRONIC_RATE'],
    });
    const history = await app.gql(`query ($id: ID!) { student(id: $id) { attendanceDays(from: "2026-10-08", to: "2026-10-08") {
      date category corrections { previousCategory category correctedBy { role } } } } }`, { id: ids.d }, tokens.districtAdmin);
    expect(history.data.student.attendanceDays).toEqual([
      { date: '2026-10-08', category: 'UNEXCUSED_ABSENCE', corrections: [{ previousCategory: 'TARDY', category: 'UNEXCUSED_ABSENCE', correctedBy: { role: 'COUNSELOR' } }] },
    ]);
    const first = await school(ids.s1);
    expect(first).toMatchObject({ studentsCounted: 3, chronicallyAbsentCount: 2, chronicAbsenceRate: 66.67 });
    expect(first.chronicallyAbsent.nodes.map((n: any) => n.student.id).sort()).toEqual([ids.c, ids.d].sort());
    const [audit] = await app.ds.query(`SELECT before->>'category' AS before, after->>'category' AS after FROM audit_event WHERE action = 'attendance_day.correct'`);
    expect(audit).toEqual({ before: 'TARDY', after: 'UNEXCUSED_ABSENCE' });
  });

  it('gives the district rate counting each student once', async () => {
    const response = await app.gql(`{ districtAttendance { from asOf studentsEnrolled studentsCounted chronicallyAbsentCount chronicAbsenceRate
      schoolYear { name } schools { school { id } studentsCounted chronicallyAbsentCount } } }`, {}, tokens.lead);
    expect(response.errors).toBeUndefined();
    const district = response.data.districtAttendance;
    // A 3/38, B left out (9 days), C 3/38 across both schools, D 4/38.
    expect(district).toMatchObject({ from: YEAR_START, asOf: '2026-10-15', studentsEnrolled: 4, studentsCounted: 3, chronicallyAbsentCount: 1, chronicAbsenceRate: 33.33, schoolYear: { name: '2026-2027' } });
    const bySchool = Object.fromEntries(district.schools.map((s: any) => [s.school.id, [s.studentsCounted, s.chronicallyAbsentCount]]));
    expect(bySchool).toEqual({ [ids.s1]: [3, 2], [ids.s2]: [1, 0] });
  });
});
