import { StaffRole } from '../../src/common/auth/roles';
import type { StudentEntity } from '../../src/modules/students/student.entity';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { days, makeSchoolYear, recordDays } from './attendance-fixtures';

const QUEUES = `query ($id: ID!, $days: Int) {
  school(id: $id) {
    attendance {
      triggeredWithoutCase(first: 50) { totalCount nodes { student { id } tier triggers daysEnrolled daysAbsent absenceRate } }
      staleCases(days: $days) { attendanceCase { id student { id } } lastActionOn daysSinceActivity }
      overdueActions { id nextStep nextStepDueDate attendanceCase { id } }
      improvedAfterIntervention { attendanceCase { id } student { id } firstActionOn attendanceRateBefore attendanceRateAfter }
    }
  }
}`;
const OPEN = `mutation ($input: AttendanceCaseOpenInput!) { attendanceCaseOpen(input: $input) { attendanceCase { id version } userErrors { message } } }`;
const LOG = `mutation ($input: AttendanceActionLogInput!) { attendanceActionLog(input: $input) { attendanceAction { id } userErrors { message } } }`;
const CLOSE = `mutation ($input: AttendanceCaseCloseInput!) { attendanceCaseClose(input: $input) { userErrors { message } } }`;

describe('attendance: the team queues', () => {
  let app: TestApp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const cases: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    await makeSchoolYear(app.ds);
    const s1 = await f.school();
    const s2 = await f.school();
    const students: Record<string, StudentEntity> = {};
    for (const name of ['chronic', 'monthOne', 'withCase', 'fine', 'closedCase', 'busy', 'fresh', 'silent', 'improved', 'worse', 'recent']) {
      students[name] = await f.student(s1, {}, { entryDate: '2026-08-24' });
      ids[name] = gid('Student', students[name].id);
    }
    ids.elsewhere = gid('Student', (await f.student(s2, {}, { entryDate: '2026-08-24' })).id);
    ids.s1 = gid('School', s1.id);
    const teacher = await f.staff(StaffRole.TEACHER, [s1]);
    await f.caseload(teacher, students.chronic);
    tokens.teacher = app.token(teacher.id);
    tokens.counselor = app.token((await f.staff(StaffRole.COUNSELOR, [s1])).id);
    tokens.counselor2 = app.token((await f.staff(StaffRole.COUNSELOR, [s2])).id);
    tokens.districtAdmin = app.token((await f.staff(StaffRole.DISTRICT_ADMIN)).id);

    const absent = (name: string, dates: string[]) => days(ids[name], dates, 'UNEXCUSED_ABSENCE');
    await recordDays(app, tokens.districtAdmin, [
      ...absent('chronic', ['2026-09-28', '2026-09-29', '2026-10-01', '2026-10-06', '2026-10-07']),
      ...absent('monthOne', ['2026-09-01', '2026-09-02']),
      ...absent('withCase', ['2026-09-01', '2026-09-02', '2026-09-03']),
      ...absent('fine', ['2026-10-01']),
      ...absent('closedCase', ['2026-09-24', '2026-09-25', '2026-09-28', '2026-09-30']),
      ...absent('improved', ['2026-08-25', '2026-08-27', '2026-09-01', '2026-09-03', '2026-09-24']),
      ...absent('worse', ['2026-09-02', '2026-09-22', '2026-09-23', '2026-09-29', '2026-09-30', '2026-10-05']),
      ...absent('elsewhere', ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04']),
    ]);

    const open = async (name: string, openedOn: string) => {
      const r = await app.gql(OPEN, { input: { studentId: ids[name], tier: 2, reason: 'Attendance team review', openedOn } }, tokens.counselor);
      expect(r.data.attendanceCaseOpen.userErrors).toEqual([]);
      return (cases[name] = r.data.attendanceCaseOpen.attendanceCase.id);
    };
    const log = async (name: string, actionDate: string, nextStep?: string, nextStepDueDate?: string) => {
      const r = await app.gql(LOG, { input: { caseId: cases[name], type: 'PHONE_CALL_HOME', actionDate, nextStep, nextStepDueDate } }, tokens.counselor);
      expect(r.data.attendanceActionLog.userErrors).toEqual([]);
    };
    await open('withCase', '2026-09-01');
    await log('withCase', '2026-09-20', 'Family conference', '2026-10-01');
    await open('busy', '2026-09-01');
    await log('busy', '2026-09-10', 'Call again', '2026-09-20');
    await log('busy', '2026-10-05', 'Check in weekly', '2026-10-20');
    await open('fresh', '2026-10-10');
    await open('silent', '2026-09-15');
    await open('closedCase', '2026-09-30');
    await app.gql(CLOSE, { input: { id: cases.closedCase, expectedVersion: 1, outcome: 'NOT_IMPROVED', closedOn: '2026-10-01' } }, tokens.counselor);
    await open('improved', '2026-09-09');
    await log('improved', '2026-09-10');
    await open('worse', '2026-09-09');
    await log('worse', '2026-09-10');
    await open('recent', '2026-09-18');
    await log('recent', '2026-09-20');
  });
  afterAll(() => app.close());

  const queues = async (token: string, days?: number) => {
    const response = await app.gql(QUEUES, { id: ids.s1, days }, token);
    expect(response.errors).toBeUndefined();
    return response.data.school.attendance;
  };

  it('lists students who hit a trigger and have no open case: the suggested cases', async () => {
    const { triggeredWithoutCase } = await queues(tokens.counselor);
    expect(triggeredWithoutCase.totalCount).toBe(3);
    expect(triggeredWithoutCase.nodes).toEqual([
      { student: { id: ids.chronic }, tier: 3, triggers: ['MONTH_TWO_ABSENCES', 'AT_RISK_RATE', 'CHRONIC_RATE'], daysEnrolled: 38, daysAbsent: 5, absenceRate: 13.16 },
      { student: { id: ids.closedCase }, tier: 3, triggers: ['MONTH_TWO_ABSENCES', 'AT_RISK_RATE', 'CHRONIC_RATE'], daysEnrolled: 38, daysAbsent: 4, absenceRate: 10.53 },
      { student: { id: ids.monthOne }, tier: 2, triggers: ['MONTH_ONE_ABSENCES', 'AT_RISK_RATE'], daysEnrolled: 38, daysAbsent: 2, absenceRate: 5.26 },
    ]);
    const page = await app.gql(`query ($id: ID!) { school(id: $id) { attendance { triggeredWithoutCase(first: 2) { pageInfo { hasNextPage endCursor } } } } }`, { id: ids.s1 }, tokens.counselor);
    const { endCursor } = page.data.school.attendance.triggeredWithoutCase.pageInfo;
    const next = await app.gql(`query ($id: ID!, $after: String) { school(id: $id) { attendance { triggeredWithoutCase(first: 2, after: $after) { nodes { student { id } } pageInfo { hasNextPage } } } } }`, { id: ids.s1, after: endCursor }, tokens.counselor);
    expect(next.data.school.attendance.triggeredWithoutCase).toEqual({ nodes: [{ student: { id: ids.monthOne } }], pageInfo: { hasNextPage: false } });
    const forged = Buffer.from(JSON.stringify(['1; DROP TABLE student', 'x'])).toString('base64url');
    const bad = await app.gql(`query ($id: ID!, $after: String) { school(id: $id) { attendance { triggeredWithoutCase(after: $after) { totalCount } } } }`, { id: ids.s1, after: forged }, tokens.counselor);
    expect(bad.errors?.[0]).toMatchObject({ message: 'after: is not a cursor from this connection', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('lists open cases with no action in the last N days (default 14)', async () => {
    const { staleCases } = await queues(tokens.counselor);
    const byCase = (rows: any[]) => Object.fromEntries(rows.map((r) => [r.attendanceCase.id, [r.attendanceCase.student.id, r.lastActionOn, r.daysSinceActivity]]));
    expect(byCase(staleCases)).toEqual({
      [cases.silent]: [ids.silent, null, 30],
      [cases.withCase]: [ids.withCase, '2026-09-20', 25],
      [cases.recent]: [ids.recent, '2026-09-20', 25],
      [cases.improved]: [ids.improved, '2026-09-10', 35],
      [cases.worse]: [ids.worse, '2026-09-10', 35],
    });
    expect(staleCases.map((r: any) => r.daysSinceActivity)).toEqual([35, 35, 30, 25, 25]);
    const negative = await app.gql(QUEUES, { id: ids.s1, days: 0 }, tokens.counselor);
    expect(negative.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const month = await queues(tokens.counselor, 30);
    expect(month.staleCases.map((s: any) => s.attendanceCase.id).sort()).toEqual([cases.improved, cases.worse].sort());
  });

  it('lists next steps past due with no later action', async () => {
    const { overdueActions } = await queues(tokens.counselor);
    expect(overdueActions).toEqual([{ id: expect.any(String), nextStep: 'Family conference', nextStepDueDate: '2026-10-01', attendanceCase: { id: cases.withCase } }]);
  });

  it('lists students whose attendance improved in the 30 days after the first action', async () => {
    const { improvedAfterIntervention } = await queues(tokens.counselor);
    // Before (11 Aug - 9 Sep): 12 days enrolled, 4 absent. After (11 Sep - 10 Oct): 21 days, 1 absent.
    expect(improvedAfterIntervention).toEqual([
      { attendanceCase: { id: cases.improved }, student: { id: ids.improved }, firstActionOn: '2026-09-10', attendanceRateBefore: 66.67, attendanceRateAfter: 95.24 },
    ]);
  });

  it('shows each viewer only the students they may see, and other schools nothing', async () => {
    const teacher = await queues(tokens.teacher);
    expect(teacher.triggeredWithoutCase.nodes.map((n: any) => n.student.id)).toEqual([ids.chronic]);
    expect(teacher.staleCases).toEqual([]);
    const other = await app.gql(QUEUES, { id: ids.s1 }, tokens.counselor2);
    expect(other.data.school.attendance).toBeNull();
    const district = await queues(tokens.districtAdmin);
    expect(district.triggeredWithoutCase.totalCount).toBe(3);
  });
});
