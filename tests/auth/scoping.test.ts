import { randomUUID } from 'node:crypto';
import { StaffRole } from '../../src/common/auth/roles';
import { CaseloadKind } from '../../src/modules/caseloads/caseload-kind';
import type { SchoolEntity } from '../../src/modules/schools/school.entity';
import type { StaffUserEntity } from '../../src/modules/staff/staff.entity';
import type { StudentEntity } from '../../src/modules/students/student.entity';
import { factories, gid } from '../support/factories';
import { startTestApp, TEST_TODAY, type GraphQLResponse, type TestApp } from '../support/test-app';

/**
 * The student scoping rule (src/common/auth/student-scope.ts), role by role, through every read
 * path that returns students: student(id), students, node(id) and school(id) { students }.
 * Today is TEST_TODAY (2026-10-15).
 */

const STUDENT = 'query ($id: ID!) { student(id: $id) { id } }';
const NODE = 'query ($id: ID!) { node(id: $id) { id __typename } }';
const STUDENTS = '{ students(first: 100) { nodes { id } totalCount } }';
const SCHOOL_STUDENTS = 'query ($id: ID!) { school(id: $id) { id students(first: 100) { nodes { id } totalCount } } }';
// The same reads without totalCount: visibility per path is checked apart from the counts.
const STUDENT_IDS = '{ students(first: 100) { nodes { id } } }';
const SCHOOL_STUDENT_IDS = 'query ($id: ID!) { school(id: $id) { id students(first: 100) { nodes { id } } } }';

interface Seen {
  student: boolean;
  node: boolean;
  list: boolean;
  school?: boolean;
}

describe('student scoping', () => {
  let app: TestApp;
  let f: ReturnType<typeof factories>;

  // Schools: A is "ours", B another school, C is used only by the soft-delete tests.
  let schoolA: SchoolEntity;
  let schoolB: SchoolEntity;
  let schoolC: SchoolEntity;

  // Students enrolled today at A.
  let onCaseload: StudentEntity; // active caseload for every caseload-role user
  let caseloadEndsToday: StudentEntity; // caseload whose last day is today
  let notOnCaseload: StudentEntity; // at A, on nobody's caseload
  let caseloadEnded: StudentEntity; // caseload ended yesterday
  let caseloadFuture: StudentEntity; // caseload starts tomorrow
  // Students not enrolled today at A.
  let exitedA: StudentEntity; // enrollment at A ended before today
  let futureA: StudentEntity; // enrollment at A starts after today
  let atB: StudentEntity; // enrolled at B, on nobody's caseload
  let atBOnCaseload: StudentEntity; // enrolled at B, on the caseload of A's counselor and school admin

  const staff: Partial<Record<StaffRole, StaffUserEntity>> = {};
  let teacherColleague: StaffUserEntity;
  let teacherB: StaffUserEntity;
  let counselorB: StaffUserEntity;
  let adminB: StaffUserEntity;

  const studentSchool = new Map<string, SchoolEntity>();

  beforeAll(async () => {
    app = await startTestApp();
    f = factories(app.ds);
    schoolA = await f.school({ name: 'Maplewood Test K8' });
    schoolB = await f.school({ name: 'Birchfield Test K8' });
    schoolC = await f.school({ name: 'Cedar Hollow Test K8' });

    const enrolled = async (school: SchoolEntity, enrollment = {}) => {
      const s = await f.student(school, {}, enrollment);
      studentSchool.set(s.id, school);
      return s;
    };
    onCaseload = await enrolled(schoolA);
    caseloadEndsToday = await enrolled(schoolA);
    notOnCaseload = await enrolled(schoolA);
    caseloadEnded = await enrolled(schoolA);
    caseloadFuture = await enrolled(schoolA);
    exitedA = await enrolled(schoolA, { exitDate: '2026-10-01' });
    futureA = await enrolled(schoolA, { entryDate: '2026-11-02' });
    atB = await enrolled(schoolB);
    atBOnCaseload = await enrolled(schoolB);

    for (const role of [StaffRole.TEACHER, StaffRole.INTERVENTIONIST, StaffRole.TUTOR]) {
      const user = await f.staff(role, [schoolA]);
      staff[role] = user;
      await f.caseload(user, onCaseload);
      await f.caseload(user, caseloadEndsToday, { endDate: TEST_TODAY });
      await f.caseload(user, caseloadEnded, { endDate: '2026-10-14' });
      await f.caseload(user, caseloadFuture, { startDate: '2026-10-16' });
    }
    for (const role of [StaffRole.COUNSELOR, StaffRole.SCHOOL_ADMIN]) {
      const user = await f.staff(role, [schoolA]);
      staff[role] = user;
      await f.caseload(user, atBOnCaseload, { kind: CaseloadKind.EXPLICIT });
      // An ended caseload at another school gives nothing.
      await f.caseload(user, atB, { kind: CaseloadKind.EXPLICIT, endDate: '2026-10-01' });
    }
    staff[StaffRole.DISTRICT_LEAD] = await f.staff(StaffRole.DISTRICT_LEAD);
    staff[StaffRole.DISTRICT_ADMIN] = await f.staff(StaffRole.DISTRICT_ADMIN);
    teacherColleague = await f.staff(StaffRole.TEACHER, [schoolA]);
    teacherB = await f.staff(StaffRole.TEACHER, [schoolB]);
    counselorB = await f.staff(StaffRole.COUNSELOR, [schoolB]);
    adminB = await f.staff(StaffRole.SCHOOL_ADMIN, [schoolB]);
  });
  afterAll(() => app.close());

  const tokenOf = (user: StaffUserEntity) => app.token(user.id);
  const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id).sort();
  const gids = (students: StudentEntity[]) => students.map((s) => gid('Student', s.id)).sort();

  const ok = <T>(response: GraphQLResponse<T>): T => {
    expect(response.errors).toBeUndefined();
    expect(response.status).toBe(200);
    return response.data as T;
  };

  /** Whether `student` shows through each read path for the holder of `token`. */
  async function seen(token: string, student: StudentEntity, viaSchool: boolean): Promise<Seen> {
    const id = gid('Student', student.id);
    const one = ok(await app.gql(STUDENT, { id }, token));
    const node = ok(await app.gql(NODE, { id }, token));
    const list = ok(await app.gql(STUDENT_IDS, {}, token));
    const result: Seen = {
      student: one.student !== null,
      node: node.node !== null,
      list: list.students.nodes.some((n: { id: string }) => n.id === id),
    };
    if (one.student) expect(one.student.id).toBe(id);
    if (node.node) expect(node.node).toEqual({ id, __typename: 'Student' });
    if (viaSchool) {
      const school = studentSchool.get(student.id)!;
      const bySchool = ok(await app.gql(SCHOOL_STUDENT_IDS, { id: gid('School', school.id) }, token));
      result.school = bySchool.school.students.nodes.some((n: { id: string }) => n.id === id);
    }
    return result;
  }

  const VISIBLE: Seen = { student: true, node: true, list: true, school: true };
  const HIDDEN: Seen = { student: false, node: false, list: false, school: false };
  const VISIBLE_NOT_ENROLLED_TODAY: Seen = { student: true, node: true, list: true };
  const HIDDEN_NOT_ENROLLED_TODAY: Seen = { student: false, node: false, list: false };

  describe.each([StaffRole.TEACHER, StaffRole.INTERVENTIONIST, StaffRole.TUTOR])('%s (caseload roles)', (role) => {
    const token = () => tokenOf(staff[role]!);

    it('sees a student on their caseload today, through every read path', async () => {
      expect(await seen(token(), onCaseload, true)).toEqual(VISIBLE);
    });

    it('sees a student whose caseload assignment ends today (the last day is inclusive)', async () => {
      expect(await seen(token(), caseloadEndsToday, true)).toEqual(VISIBLE);
    });

    it('does not see a student at the same school who is not on their caseload', async () => {
      expect(await seen(token(), notOnCaseload, true)).toEqual(HIDDEN);
    });

    it('gets no access from a caseload assignment that ended before today', async () => {
      expect(await seen(token(), caseloadEnded, true)).toEqual(HIDDEN);
    });

    it('gets no access yet from a caseload assignment that starts after today', async () => {
      expect(await seen(token(), caseloadFuture, true)).toEqual(HIDDEN);
    });

    it('does not see students of another school', async () => {
      expect(await seen(token(), atB, true)).toEqual(HIDDEN);
    });

    it('lists exactly their caseload, with a matching totalCount', async () => {
      const data = ok(await app.gql(STUDENTS, {}, token()));
      expect(ids(data.students.nodes)).toEqual(gids([onCaseload, caseloadEndsToday]));
      expect(data.students.totalCount).toBe(2);
      const bySchool = ok(await app.gql(SCHOOL_STUDENTS, { id: gid('School', schoolA.id) }, token()));
      expect(ids(bySchool.school.students.nodes)).toEqual(gids([onCaseload, caseloadEndsToday]));
      expect(bySchool.school.students.totalCount).toBe(2);
    });
  });

  describe.each([StaffRole.COUNSELOR, StaffRole.SCHOOL_ADMIN])('%s (school-wide roles)', (role) => {
    const token = () => tokenOf(staff[role]!);

    it('sees a student enrolled today at their school, through every read path', async () => {
      expect(await seen(token(), notOnCaseload, true)).toEqual(VISIBLE);
      expect(await seen(token(), onCaseload, true)).toEqual(VISIBLE);
    });

    it('does not see a student of another school', async () => {
      expect(await seen(token(), atB, true)).toEqual(HIDDEN);
    });

    it('does not see a student whose enrollment at their school ended before today', async () => {
      expect(await seen(token(), exitedA, false)).toEqual(HIDDEN_NOT_ENROLLED_TODAY);
    });

    it('does not see a student whose enrollment at their school starts after today', async () => {
      expect(await seen(token(), futureA, false)).toEqual(HIDDEN_NOT_ENROLLED_TODAY);
    });

    it('sees a student of another school who is on their own caseload', async () => {
      expect(await seen(token(), atBOnCaseload, true)).toEqual(VISIBLE);
    });

    it('lists exactly the students enrolled today at their school plus their caseload', async () => {
      const data = ok(await app.gql(STUDENTS, {}, token()));
      const expected = [onCaseload, caseloadEndsToday, notOnCaseload, caseloadEnded, caseloadFuture, atBOnCaseload];
      expect(ids(data.students.nodes)).toEqual(gids(expected));
      expect(data.students.totalCount).toBe(expected.length);
      const atA = ok(await app.gql(SCHOOL_STUDENTS, { id: gid('School', schoolA.id) }, token()));
      expect(ids(atA.school.students.nodes)).toEqual(gids([onCaseload, caseloadEndsToday, notOnCaseload, caseloadEnded, caseloadFuture]));
      const atOtherSchool = ok(await app.gql(SCHOOL_STUDENTS, { id: gid('School', schoolB.id) }, token()));
      expect(ids(atOtherSchool.school.students.nodes)).toEqual(gids([atBOnCaseload]));
      expect(atOtherSchool.school.students.totalCount).toBe(1);
    });
  });

  describe.each([StaffRole.DISTRICT_LEAD, StaffRole.DISTRICT_ADMIN])('%s (district roles)', (role) => {
    const token = () => tokenOf(staff[role]!);

    it('sees every student, at any school, through every read path', async () => {
      for (const student of [onCaseload, notOnCaseload, caseloadEnded, atB, atBOnCaseload]) {
        expect(await seen(token(), student, true)).toEqual(VISIBLE);
      }
      for (const student of [exitedA, futureA]) {
        expect(await seen(token(), student, false)).toEqual(VISIBLE_NOT_ENROLLED_TODAY);
      }
    });

    it('lists every (not deleted) student in the district', async () => {
      const [{ count }] = await app.ds.query('SELECT count(*)::int AS count FROM student WHERE deleted_at IS NULL');
      const data = ok(await app.gql(STUDENTS, {}, token()));
      expect(data.students.totalCount).toBe(count);
      expect(data.students.nodes).toHaveLength(count);
      expect(ids(data.students.nodes)).toEqual(
        expect.arrayContaining(gids([onCaseload, notOnCaseload, caseloadEnded, caseloadFuture, exitedA, futureA, atB, atBOnCaseload])),
      );
    });
  });

  describe('out of scope reads exactly like missing', () => {
    const cases: [string, () => StaffUserEntity, () => StudentEntity][] = [
      ['TEACHER, student at the same school', () => staff.TEACHER!, () => notOnCaseload],
      ['TEACHER, ended caseload', () => staff.TEACHER!, () => caseloadEnded],
      ['TUTOR, future caseload', () => staff.TUTOR!, () => caseloadFuture],
      ['COUNSELOR, other school', () => staff.COUNSELOR!, () => atB],
      ['SCHOOL_ADMIN, exited student', () => staff.SCHOOL_ADMIN!, () => exitedA],
    ];

    it.each(cases)('%s', async (_label, user, student) => {
      const token = tokenOf(user());
      const missingId = gid('Student', randomUUID());
      const hiddenId = gid('Student', student().id);

      const missing = await app.gql(STUDENT, { id: missingId }, token);
      const hidden = await app.gql(STUDENT, { id: hiddenId }, token);
      expect(missing).toEqual({ status: 200, data: { student: null } });
      expect(hidden).toEqual(missing);

      const missingNode = await app.gql(NODE, { id: missingId }, token);
      const hiddenNode = await app.gql(NODE, { id: hiddenId }, token);
      expect(missingNode).toEqual({ status: 200, data: { node: null } });
      expect(hiddenNode).toEqual(missingNode);
    });

    it('hides the enrollments and caseload assignments of an out-of-scope student from node(id) too', async () => {
      const [enrollment] = await app.ds.query('SELECT id FROM enrollment WHERE student_id = $1', [notOnCaseload.id]);
      const response = await app.gql(NODE, { id: gid('Enrollment', enrollment.id) }, tokenOf(staff.TEACHER!));
      expect(response).toEqual({ status: 200, data: { node: null } });
      const [assignment] = await app.ds.query('SELECT id FROM caseload_assignment WHERE student_id = $1 AND end_date IS NOT NULL', [caseloadEnded.id]);
      const viaEnded = await app.gql(NODE, { id: gid('CaseloadAssignment', assignment.id) }, tokenOf(staff.TEACHER!));
      expect(viaEnded).toEqual({ status: 200, data: { node: null } });
    });

    it('gives other schools\u2019 staff nothing of school A\u2019s students', async () => {
      for (const user of [teacherB, counselorB, adminB]) {
        expect(await seen(tokenOf(user), notOnCaseload, true)).toEqual(HIDDEN);
      }
      expect(await seen(tokenOf(counselorB), atB, true)).toEqual(VISIBLE);
    });
  });

  describe('soft delete', () => {
    let deleted: StudentEntity;
    let teacherC: StaffUserEntity;
    let counselorC: StaffUserEntity;
    let adminC: StaffUserEntity;

    beforeAll(async () => {
      deleted = await f.student(schoolC);
      studentSchool.set(deleted.id, schoolC);
      teacherC = await f.staff(StaffRole.TEACHER, [schoolC]);
      counselorC = await f.staff(StaffRole.COUNSELOR, [schoolC]);
      adminC = await f.staff(StaffRole.SCHOOL_ADMIN, [schoolC]);
      await f.caseload(teacherC, deleted);
    });

    const everyone = () => [teacherC, counselorC, adminC, staff.DISTRICT_LEAD!, staff.DISTRICT_ADMIN!];

    it('a student deleted by a school admin is invisible to everyone, district roles included', async () => {
      for (const user of everyone()) expect(await seen(tokenOf(user), deleted, true)).toEqual(VISIBLE);

      const response = await app.gql(
        'mutation ($id: ID!) { studentDelete(id: $id) { deletedStudentId userErrors { code field message } } }',
        { id: gid('Student', deleted.id) },
        tokenOf(adminC),
      );
      expect(ok(response).studentDelete).toEqual({ deletedStudentId: gid('Student', deleted.id), userErrors: [] });

      for (const user of everyone()) expect(await seen(tokenOf(user), deleted, true)).toEqual(HIDDEN);
      const [row] = await app.ds.query('SELECT deleted_at FROM student WHERE id = $1', [deleted.id]);
      expect(row.deleted_at).not.toBeNull();
    });

    it('studentRestore by a school admin is FORBIDDEN (top-level) and restores nothing', async () => {
      const response = await app.gql(
        'mutation ($id: ID!) { studentRestore(id: $id) { student { id } userErrors { code } } }',
        { id: gid('Student', deleted.id) },
        tokenOf(adminC),
      );
      expect(response.data ?? null).toBeNull();
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0].extensions?.code).toBe('FORBIDDEN');
      for (const user of everyone()) expect((await seen(tokenOf(user), deleted, false)).student).toBe(false);
    });

    it('studentRestore by a district admin brings the student back for everyone', async () => {
      const response = await app.gql(
        'mutation ($id: ID!) { studentRestore(id: $id) { student { id localId } userErrors { code field message } } }',
        { id: gid('Student', deleted.id) },
        tokenOf(staff.DISTRICT_ADMIN!),
      );
      expect(ok(response).studentRestore).toEqual({ student: { id: gid('Student', deleted.id), localId: deleted.localId }, userErrors: [] });
      for (const user of everyone()) expect(await seen(tokenOf(user), deleted, true)).toEqual(VISIBLE);
    });
  });

  describe('mutations by roles that may not make them', () => {
    const forbiddenAndNothingWritten = (response: GraphQLResponse) => {
      expect(response.data ?? null).toBeNull();
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0].extensions?.code).toBe('FORBIDDEN');
      expect(response.errors![0].message).not.toMatch(/SELECT|INSERT|constraint/i);
    };
    const CREATE = `mutation ($input: StudentCreateInput!) { studentCreate(input: $input) { student { id } userErrors { code } } }`;
    const createInput = (localId: string) => ({
      localId,
      givenName: 'Wren',
      familyName: 'Testerly',
      birthDate: '2016-03-14',
      gradeLevel: 'G4',
      enrollment: { schoolId: gid('School', schoolA.id), entryDate: TEST_TODAY },
    });
    const countWhere = async (sql: string, params: unknown[]) => (await app.ds.query(sql, params))[0].count as number;

    it.each([StaffRole.TEACHER, StaffRole.INTERVENTIONIST, StaffRole.TUTOR, StaffRole.COUNSELOR, StaffRole.DISTRICT_LEAD])(
      '%s calling studentCreate gets FORBIDDEN and no student is written',
      async (role) => {
        const localId = `NOPE-${role}`;
        const audits = await countWhere('SELECT count(*)::int AS count FROM audit_event', []);
        forbiddenAndNothingWritten(await app.gql(CREATE, { input: createInput(localId) }, tokenOf(staff[role]!)));
        expect(await countWhere('SELECT count(*)::int AS count FROM student WHERE local_id = $1', [localId])).toBe(0);
        expect(await countWhere('SELECT count(*)::int AS count FROM audit_event', [])).toBe(audits);
      },
    );

    it('a TEACHER calling studentUpdate, studentDelete or enrollmentCreate on their own student gets FORBIDDEN; nothing changes', async () => {
      const token = tokenOf(staff.TEACHER!);
      const id = gid('Student', onCaseload.id);
      const [before] = await app.ds.query('SELECT given_name, version, deleted_at FROM student WHERE id = $1', [onCaseload.id]);
      forbiddenAndNothingWritten(await app.gql(
        'mutation ($input: StudentUpdateInput!) { studentUpdate(input: $input) { student { id } } }',
        { input: { id, expectedVersion: before.version, givenName: 'Changed' } },
        token,
      ));
      forbiddenAndNothingWritten(await app.gql('mutation ($id: ID!) { studentDelete(id: $id) { deletedStudentId } }', { id }, token));
      forbiddenAndNothingWritten(await app.gql(
        'mutation ($input: EnrollmentCreateInput!) { enrollmentCreate(input: $input) { enrollment { id } } }',
        { input: { studentId: id, schoolId: gid('School', schoolB.id), gradeLevel: 'G4', entryDate: '2027-01-04' } },
        token,
      ));
      const [after] = await app.ds.query('SELECT given_name, version, deleted_at FROM student WHERE id = $1', [onCaseload.id]);
      expect(after).toEqual(before);
      expect(await countWhere('SELECT count(*)::int AS count FROM enrollment WHERE student_id = $1', [onCaseload.id])).toBe(1);
    });

    it('a COUNSELOR calling caseloadAssign gets FORBIDDEN and no assignment is written', async () => {
      const before = await countWhere('SELECT count(*)::int AS count FROM caseload_assignment', []);
      forbiddenAndNothingWritten(await app.gql(
        'mutation ($input: CaseloadAssignInput!) { caseloadAssign(input: $input) { caseloadAssignment { id } } }',
        { input: { staffUserId: gid('StaffUser', teacherColleague.id), studentId: gid('Student', notOnCaseload.id), kind: 'EXPLICIT' } },
        tokenOf(staff.COUNSELOR!),
      ));
      expect(await countWhere('SELECT count(*)::int AS count FROM caseload_assignment', [])).toBe(before);
    });

    it('a DISTRICT_LEAD calling schoolCreate or staffUserCreate gets FORBIDDEN', async () => {
      const token = tokenOf(staff.DISTRICT_LEAD!);
      forbiddenAndNothingWritten(await app.gql(
        'mutation ($input: SchoolCreateInput!) { schoolCreate(input: $input) { school { id } } }',
        { input: { code: 'NOPE1', name: 'Never Built', level: 'ELEMENTARY', lowestGrade: 'KG', highestGrade: 'G5' } },
        token,
      ));
      forbiddenAndNothingWritten(await app.gql(
        'mutation ($input: StaffUserCreateInput!) { staffUserCreate(input: $input) { staffUser { id } } }',
        { input: { email: 'never.hired@test.tiered.test', givenName: 'Never', familyName: 'Hired', role: 'TEACHER', schoolIds: [gid('School', schoolA.id)] } },
        token,
      ));
      expect(await countWhere('SELECT count(*)::int AS count FROM school WHERE code = $1', ['NOPE1'])).toBe(0);
      expect(await countWhere('SELECT count(*)::int AS count FROM staff_user WHERE email = $1', ['never.hired@test.tiered.test'])).toBe(0);
    });
  });

  describe('staff directory', () => {
    const STAFF_USERS = '{ staffUsers(first: 100) { nodes { id } totalCount } }';
    const STAFF_USER = 'query ($id: ID!) { staffUser(id: $id) { id email } }';
    const sgids = (users: StaffUserEntity[]) => users.map((u) => gid('StaffUser', u.id)).sort();

    it('staffUsers for a SCHOOL_ADMIN lists the staff of their schools only', async () => {
      const data = ok(await app.gql(STAFF_USERS, {}, tokenOf(staff.SCHOOL_ADMIN!)));
      const expected = [
        staff.TEACHER!, staff.INTERVENTIONIST!, staff.TUTOR!, staff.COUNSELOR!, staff.SCHOOL_ADMIN!, teacherColleague,
      ];
      expect(ids(data.staffUsers.nodes)).toEqual(sgids(expected));
      expect(data.staffUsers.totalCount).toBe(expected.length);
    });

    it('staffUsers for a district role lists everyone', async () => {
      const [{ count }] = await app.ds.query('SELECT count(*)::int AS count FROM staff_user');
      const data = ok(await app.gql(STAFF_USERS, {}, tokenOf(staff.DISTRICT_LEAD!)));
      expect(data.staffUsers.totalCount).toBe(count);
      expect(ids(data.staffUsers.nodes)).toEqual(expect.arrayContaining(sgids([teacherB, adminB, staff.TEACHER!])));
    });

    it('staffUsers for a TEACHER is FORBIDDEN', async () => {
      const response = await app.gql(STAFF_USERS, {}, tokenOf(staff.TEACHER!));
      expect(response.data ?? null).toBeNull();
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('staffUser(id) for a TEACHER returns themselves but null for a colleague', async () => {
      const token = tokenOf(staff.TEACHER!);
      const self = ok(await app.gql(STAFF_USER, { id: gid('StaffUser', staff.TEACHER!.id) }, token));
      expect(self.staffUser).toEqual({ id: gid('StaffUser', staff.TEACHER!.id), email: staff.TEACHER!.email });
      const colleague = await app.gql(STAFF_USER, { id: gid('StaffUser', teacherColleague.id) }, token);
      expect(colleague).toEqual({ status: 200, data: { staffUser: null } });
      const viaNode = await app.gql(NODE, { id: gid('StaffUser', teacherColleague.id) }, token);
      expect(viaNode).toEqual({ status: 200, data: { node: null } });
    });

    it('staffUser(id) for a SCHOOL_ADMIN returns their school\u2019s staff but null for another school\u2019s', async () => {
      const token = tokenOf(staff.SCHOOL_ADMIN!);
      expect(ok(await app.gql(STAFF_USER, { id: gid('StaffUser', teacherColleague.id) }, token)).staffUser).not.toBeNull();
      expect(ok(await app.gql(STAFF_USER, { id: gid('StaffUser', teacherB.id) }, token)).staffUser).toBeNull();
    });
  });
});
