import { StaffRole } from '../../src/common/auth/roles';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { makeSchoolYear } from './attendance-fixtures';

const LATEST = `query ($id: ID!) {
  student(id: $id) { id latestAttendanceAction { id type actionDate outcome attendanceCase { id } staff { id } student { id } } }
}`;
const PAGE = `query ($school: ID!, $first: Int) {
  school(id: $school) { students(first: $first) { nodes { id latestAttendanceAction { type actionDate } } } }
}`;

describe('Student.latestAttendanceAction', () => {
  let app: TestApp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let schoolId = '';
  let counselorId = '';

  /** Inserts an action directly (the mutation refuses past-year or closed cases, which these tests need). */
  const action = async (caseId: string, studentId: string, type: string, actionDate: string, outcome: string) => {
    const [row] = await app.ds.query(
      `INSERT INTO attendance_action (case_id, student_id, type, action_date, staff_id, outcome, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $5) RETURNING id`,
      [caseId, studentId, type, actionDate, counselorId, outcome],
    );
    return gid('AttendanceAction', row.id);
  };
  const openCase = async (studentId: string, yearId: string, status: string, openedOn: string) => {
    const [row] = await app.ds.query(
      `INSERT INTO attendance_case (student_id, school_id, school_year_id, tier, reason, owner_id, status, opened_on, opened_by, closed_on, outcome)
       VALUES ($1, $2, $3, 2, 'Absences', $4, $5, $6, $4, $7, $8) RETURNING id`,
      [studentId, schoolId, yearId, counselorId, status, openedOn, status === 'CLOSED' ? '2026-09-30' : null, status === 'CLOSED' ? 'IMPROVED' : null],
    );
    return row.id as string;
  };

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const year = await makeSchoolYear(app.ds);
    const school = await f.school();
    const other = await f.school();
    schoolId = school.id;
    const counselor = await f.staff(StaffRole.COUNSELOR, [school]);
    counselorId = counselor.id;
    const teacher = await f.staff(StaffRole.TEACHER, [school]);
    const tutor = await f.staff(StaffRole.TUTOR, [school]);
    const otherAdmin = await f.staff(StaffRole.SCHOOL_ADMIN, [other]);
    const lead = await f.staff(StaffRole.DISTRICT_LEAD);

    const withTwoCases = await f.student(school, { familyName: 'Aardvark' });
    const withTie = await f.student(school, { familyName: 'Badger' });
    const withoutActions = await f.student(school, { familyName: 'Cheetah' });
    await f.caseload(teacher, withTwoCases);

    // A closed case whose last action is later than anything on the open case: the latest is across cases.
    const closed = await openCase(withTwoCases.id, year.id, 'CLOSED', '2026-09-01');
    const open = await openCase(withTwoCases.id, year.id, 'OPEN', '2026-10-01');
    await action(closed, withTwoCases.id, 'PHONE_CALL_HOME', '2026-09-10', 'early call');
    ids.latestOfTwo = await action(closed, withTwoCases.id, 'HOME_VISIT', '2026-10-12', 'visit');
    await action(open, withTwoCases.id, 'LETTER', '2026-10-05', 'letter');
    ids.latestCase = gid('AttendanceCase', closed);

    // Two actions on the same day: the one logged later wins.
    const tieCase = await openCase(withTie.id, year.id, 'OPEN', '2026-10-01');
    await action(tieCase, withTie.id, 'PHONE_CALL_HOME', '2026-10-08', 'first of the day');
    await app.ds.query(`UPDATE attendance_action SET created_at = now() - interval '1 hour' WHERE case_id = $1`, [tieCase]);
    ids.tieWinner = await action(tieCase, withTie.id, 'FAMILY_CONFERENCE', '2026-10-08', 'second of the day');

    await openCase(withoutActions.id, year.id, 'OPEN', '2026-10-01');

    Object.assign(ids, {
      withTwoCases: gid('Student', withTwoCases.id),
      withTie: gid('Student', withTie.id),
      withoutActions: gid('Student', withoutActions.id),
      school: gid('School', school.id),
      counselor: gid('StaffUser', counselor.id),
    });
    Object.assign(tokens, {
      counselor: app.token(counselor.id),
      teacher: app.token(teacher.id),
      tutor: app.token(tutor.id),
      otherAdmin: app.token(otherAdmin.id),
      lead: app.token(lead.id),
    });
  });
  afterAll(() => app.close());

  it("answers the most recent action on any of the student's cases", async () => {
    const response = await app.gql(LATEST, { id: ids.withTwoCases }, tokens.counselor);
    expect(response.errors).toBeUndefined();
    expect(response.data.student.latestAttendanceAction).toEqual({
      id: ids.latestOfTwo,
      type: 'HOME_VISIT',
      actionDate: '2026-10-12',
      outcome: 'visit',
      attendanceCase: { id: ids.latestCase },
      staff: { id: ids.counselor },
      student: { id: ids.withTwoCases },
    });
  });

  it('breaks a same-day tie by the later entry, and is null before the first action', async () => {
    const tie = await app.gql(LATEST, { id: ids.withTie }, tokens.counselor);
    expect(tie.data.student.latestAttendanceAction).toMatchObject({ id: ids.tieWinner, type: 'FAMILY_CONFERENCE', outcome: 'second of the day' });
    const none = await app.gql(LATEST, { id: ids.withoutActions }, tokens.counselor);
    expect(none.errors).toBeUndefined();
    expect(none.data.student).toEqual({ id: ids.withoutActions, latestAttendanceAction: null });
  });

  it('is scoped like the cases: whoever sees the student sees it, anyone else gets no student', async () => {
    const teacher = await app.gql(LATEST, { id: ids.withTwoCases }, tokens.teacher);
    expect(teacher.data.student.latestAttendanceAction.id).toBe(ids.latestOfTwo);
    // The tutor has no caseload link and the other school's admin no membership: the student reads as missing.
    for (const token of [tokens.tutor, tokens.otherAdmin]) {
      const response = await app.gql(LATEST, { id: ids.withTwoCases }, token);
      expect(response.errors).toBeUndefined();
      expect(response.data.student).toBeNull();
    }
    // A teacher's page of the school lists only their caseload, so no other student's action leaks.
    const page = await app.gql(PAGE, { school: ids.school, first: 10 }, tokens.teacher);
    expect(page.data.school.students.nodes).toEqual([{ id: ids.withTwoCases, latestAttendanceAction: { type: 'HOME_VISIT', actionDate: '2026-10-12' } }]);
  });

  it('loads a whole page in one statement, whatever its size', async () => {
    const statementsFor = async (first: number) => {
      const spy = jest.spyOn(app.ds.logger, 'logQuery');
      try {
        const response = await app.gql(PAGE, { school: ids.school, first }, tokens.lead);
        expect(response.errors).toBeUndefined();
        const actionQueries = spy.mock.calls.filter(([sql]) => /FROM "?attendance_action"?/.test(sql));
        return { data: response.data, actionQueries: actionQueries.length };
      } finally {
        spy.mockRestore();
      }
    };
    const one = await statementsFor(1);
    const all = await statementsFor(10);
    expect(all.data.school.students.nodes.map((s: any) => s.latestAttendanceAction?.type ?? null)).toEqual(['HOME_VISIT', 'FAMILY_CONFERENCE', null]);
    expect(one.actionQueries).toBe(1);
    expect(all.actionQueries).toBe(1);
  });
});
