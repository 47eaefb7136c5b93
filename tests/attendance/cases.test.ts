import { StaffRole } from '../../src/common/auth/roles';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { makeSchoolYear } from './attendance-fixtures';

const OPEN = `mutation ($input: AttendanceCaseOpenInput!) {
  attendanceCaseOpen(input: $input) {
    attendanceCase { id tier reason status openedOn version owner { id } school { id } schoolYear { name } student { id } }
    userErrors { code field message }
  }
}`;
const UPDATE = `mutation ($input: AttendanceCaseUpdateInput!) {
  attendanceCaseUpdate(input: $input) { attendanceCase { status tier version owner { id } } userErrors { code field message } }
}`;
const CLOSE = `mutation ($input: AttendanceCaseCloseInput!) {
  attendanceCaseClose(input: $input) { attendanceCase { status outcome closedOn closingNote version } userErrors { code field message } }
}`;
const LOG = `mutation ($input: AttendanceActionLogInput!) {
  attendanceActionLog(input: $input) {
    attendanceAction { id type actionDate outcome nextStep nextStepDueDate staff { id } recordedBy { id } attendanceCase { id } student { id } }
    userErrors { code field message }
  }
}`;
const NODE = 'query ($id: ID!) { node(id: $id) { id __typename } }';

describe('attendance: cases and team actions', () => {
  let app: TestApp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    await makeSchoolYear(app.ds);
    const s1 = await f.school();
    const s2 = await f.school();
    const student = await f.student(s1);
    const other = await f.student(s1);
    const counselor = await f.staff(StaffRole.COUNSELOR, [s1]);
    const mentor = await f.staff(StaffRole.TEACHER, [s1]);
    const teacher = await f.staff(StaffRole.TEACHER, [s1]);
    const counselor2 = await f.staff(StaffRole.COUNSELOR, [s2]);
    Object.assign(ids, {
      student: gid('Student', student.id), other: gid('Student', other.id), s1: gid('School', s1.id),
      counselor: gid('StaffUser', counselor.id), mentor: gid('StaffUser', mentor.id), counselor2: gid('StaffUser', counselor2.id),
    });
    tokens.counselor = app.token(counselor.id);
    tokens.mentor = app.token(mentor.id);
    tokens.teacher = app.token(teacher.id);
    tokens.counselor2 = app.token(counselor2.id);
    tokens.admin = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [s1])).id);
  });
  afterAll(() => app.close());

  const open = (input: object, token = tokens.counselor) => app.gql(OPEN, { input: { studentId: ids.student, tier: 2, reason: 'Two absences in September', ...input } }, token);

  it('opens at most one case per student and school year, with a clear error', async () => {
    const teacher = await open({}, tokens.teacher);
    expect(teacher.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const future = await open({ openedOn: '2026-10-16' });
    expect(future.data.attendanceCaseOpen.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'openedOn'] })]);
    const farOwner = await open({ ownerId: ids.counselor2 });
    expect(farOwner.data.attendanceCaseOpen.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'ownerId'], message: "The owner must work at the student's school" }]);
    const otherSchool = await open({}, tokens.counselor2);
    expect(otherSchool.data.attendanceCaseOpen.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'studentId'], message: 'No such student' }]);

    const opened = await open({ openedOn: '2026-09-28', ownerId: ids.mentor });
    expect(opened.data.attendanceCaseOpen.userErrors).toEqual([]);
    expect(opened.data.attendanceCaseOpen.attendanceCase).toMatchObject({
      tier: 2, status: 'OPEN', openedOn: '2026-09-28', version: 1, owner: { id: ids.mentor }, school: { id: ids.s1 }, schoolYear: { name: '2026-2027' }, student: { id: ids.student },
    });
    ids.case = opened.data.attendanceCaseOpen.attendanceCase.id;
    const again = await open({ tier: 3 }, tokens.admin);
    expect(again.data.attendanceCaseOpen).toEqual({
      attendanceCase: null,
      userErrors: [{ code: 'DUPLICATE', field: ['input', 'studentId'], message: 'The student already has an open attendance case for 2026-2027 (opened 2026-09-28); update or close it instead' }],
    });
  });

  it('updates with the version read, and answers CONFLICT on a stale one', async () => {
    const ok = await app.gql(UPDATE, { input: { id: ids.case, expectedVersion: 1, status: 'MONITORING', tier: 3 } }, tokens.counselor);
    expect(ok.data.attendanceCaseUpdate).toEqual({ attendanceCase: { status: 'MONITORING', tier: 3, version: 2, owner: { id: ids.mentor } }, userErrors: [] });
    const stale = await app.gql(UPDATE, { input: { id: ids.case, expectedVersion: 1, reason: 'x' } }, tokens.admin);
    expect(stale.data.attendanceCaseUpdate.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'expectedVersion'] })]);
    const closing = await app.gql(UPDATE, { input: { id: ids.case, expectedVersion: 2, status: 'CLOSED' } }, tokens.counselor);
    expect(closing.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const hidden = await app.gql(UPDATE, { input: { id: ids.case, expectedVersion: 2, tier: 2 } }, tokens.counselor2);
    expect(hidden.data.attendanceCaseUpdate.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'id'], message: 'No such attendance case' }]);
  });

  it('logs team actions, refusing dates before the case or in the future', async () => {
    const log = (input: object, token = tokens.counselor) =>
      app.gql(LOG, { input: { caseId: ids.case, type: 'PHONE_CALL_HOME', actionDate: '2026-09-29', ...input } }, token);
    const early = await log({ actionDate: '2026-09-27' });
    expect(early.data.attendanceActionLog.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'actionDate'], message: '2026-09-27 is before the case opened (2026-09-28)' }]);
    const future = await log({ actionDate: '2026-10-16' });
    expect(future.data.attendanceActionLog.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'actionDate'] })]);
    const dueBefore = await log({ nextStep: 'Call again', nextStepDueDate: '2026-09-28' });
    expect(dueBefore.data.attendanceActionLog.userErrors).toEqual([expect.objectContaining({ field: ['input', 'nextStepDueDate'] })]);
    const dueAlone = await log({ nextStepDueDate: '2026-10-05' });
    expect(dueAlone.data.attendanceActionLog.userErrors).toEqual([expect.objectContaining({ field: ['input', 'nextStep'] })]);

    const ok = await log({ outcome: 'Reached mother', nextStep: 'Family conference', nextStepDueDate: '2026-10-06', staffId: ids.mentor });
    expect(ok.data.attendanceActionLog.userErrors).toEqual([]);
    expect(ok.data.attendanceActionLog.attendanceAction).toMatchObject({
      type: 'PHONE_CALL_HOME', actionDate: '2026-09-29', outcome: 'Reached mother', nextStep: 'Family conference', nextStepDueDate: '2026-10-06',
      staff: { id: ids.mentor }, recordedBy: { id: ids.counselor }, attendanceCase: { id: ids.case }, student: { id: ids.student },
    });
    // The owner (a teacher who does not teach the student) sees the student and logs on the case;
    // another teacher does neither.
    const byOwner = await log({ type: 'MENTOR_ASSIGNED', actionDate: '2026-10-02' }, tokens.mentor);
    expect(byOwner.data.attendanceActionLog.userErrors).toEqual([]);
    expect((await app.gql(NODE, { id: ids.student }, tokens.mentor)).data.node).toEqual({ id: ids.student, __typename: 'Student' });
    expect((await app.gql(NODE, { id: ids.case }, tokens.teacher)).data.node).toBeNull();
    expect((await app.gql(NODE, { id: ids.case }, tokens.counselor)).data.node).toEqual({ id: ids.case, __typename: 'AttendanceCase' });
    const actionId = ok.data.attendanceActionLog.attendanceAction.id;
    expect((await app.gql(NODE, { id: actionId }, tokens.mentor)).data.node).toEqual({ id: actionId, __typename: 'AttendanceAction' });
    expect((await app.gql(NODE, { id: actionId }, tokens.counselor2)).data.node).toBeNull();
    const stranger = await log({}, tokens.teacher);
    expect(stranger.data.attendanceActionLog.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'caseId'] })]);
  });

  it('closes with an outcome, then refuses actions and updates; a new case may open', async () => {
    const current = (await app.gql('query ($id: ID!) { node(id: $id) { ... on AttendanceCase { version lastActionOn actions { type } } } }', { id: ids.case }, tokens.counselor)).data.node;
    expect(current).toEqual({ version: 2, lastActionOn: '2026-10-02', actions: [{ type: 'PHONE_CALL_HOME' }, { type: 'MENTOR_ASSIGNED' }] });
    const beforeAction = await app.gql(CLOSE, { input: { id: ids.case, expectedVersion: 2, outcome: 'IMPROVED', closedOn: '2026-10-01' } }, tokens.counselor);
    expect(beforeAction.data.attendanceCaseClose.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'closedOn'] })]);
    const stale = await app.gql(CLOSE, { input: { id: ids.case, expectedVersion: 1, outcome: 'IMPROVED' } }, tokens.counselor);
    expect(stale.data.attendanceCaseClose.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
    const closed = await app.gql(CLOSE, { input: { id: ids.case, expectedVersion: 2, outcome: 'IMPROVED', note: 'Attending daily since the conference' } }, tokens.counselor);
    expect(closed.data.attendanceCaseClose).toEqual({
      attendanceCase: { status: 'CLOSED', outcome: 'IMPROVED', closedOn: '2026-10-15', closingNote: 'Attending daily since the conference', version: 3 },
      userErrors: [],
    });
    const action = await app.gql(LOG, { input: { caseId: ids.case, type: 'LETTER', actionDate: '2026-10-15' } }, tokens.counselor);
    expect(action.data.attendanceActionLog.userErrors).toEqual([
      { code: 'INVALID', field: ['input', 'caseId'], message: 'The case was closed on 2026-10-15; open a new case to log actions' },
    ]);
    const update = await app.gql(UPDATE, { input: { id: ids.case, expectedVersion: 3, tier: 2 } }, tokens.counselor);
    expect(update.data.attendanceCaseUpdate.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'id'] })]);
    // The mentor's access ended with the case.
    expect((await app.gql(NODE, { id: ids.student }, tokens.mentor)).data.node).toBeNull();
    const reopened = await open({ tier: 3, reason: 'Absences again in October' });
    expect(reopened.data.attendanceCaseOpen.userErrors).toEqual([]);
    const history = await app.gql('query ($id: ID!) { student(id: $id) { attendanceCases { status tier } } }', { id: ids.student }, tokens.counselor);
    expect(history.data.student.attendanceCases).toEqual([{ status: 'OPEN', tier: 3 }, { status: 'CLOSED', tier: 3 }]);
    const audits = await app.ds.query(`SELECT action FROM audit_event WHERE entity_type IN ('AttendanceCase', 'AttendanceAction') ORDER BY id`);
    expect(audits.map((a: { action: string }) => a.action)).toEqual([
      'attendance_case.open', 'attendance_case.update', 'attendance_action.log', 'attendance_action.log', 'attendance_case.close', 'attendance_case.open',
    ]);
  });

  it('lets exactly one of two concurrent openings win', async () => {
    const input = { studentId: ids.other, tier: 2, reason: 'Early warning' };
    const results = await Promise.all([app.gql(OPEN, { input }, tokens.counselor), app.gql(OPEN, { input }, tokens.admin)]);
    const won = results.filter((r) => r.data.attendanceCaseOpen.userErrors.length === 0);
    expect(won).toHaveLength(1);
    const lost = results.find((r) => r.data.attendanceCaseOpen.userErrors.length > 0)!;
    expect(lost.data.attendanceCaseOpen.userErrors[0]).toMatchObject({ code: 'DUPLICATE', field: ['input', 'studentId'] });
  });
});
