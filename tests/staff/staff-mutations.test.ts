import { StaffRole } from '../../src/common/auth/roles';
import type { SchoolEntity } from '../../src/modules/schools/school.entity';
import type { StaffUserEntity } from '../../src/modules/staff/staff.entity';
import { factories, gid } from '../support/factories';
import { startTestApp, TEST_TODAY, type GraphQLResponse, type TestApp } from '../support/test-app';

const USER_ERRORS = 'userErrors { code field message }';
const STAFF_FIELDS = 'id email givenName familyName role active version schools { code }';
const STAFF_CREATE = `mutation ($input: StaffUserCreateInput!) { staffUserCreate(input: $input) { staffUser { ${STAFF_FIELDS} } ${USER_ERRORS} } }`;
const STAFF_UPDATE = `mutation ($input: StaffUserUpdateInput!) { staffUserUpdate(input: $input) { staffUser { ${STAFF_FIELDS} } ${USER_ERRORS} } }`;
const DEACTIVATE = `mutation ($id: ID!) { staffUserDeactivate(id: $id) { staffUser { id active } ${USER_ERRORS} } }`;
const REACTIVATE = `mutation ($id: ID!) { staffUserReactivate(id: $id) { staffUser { id active } ${USER_ERRORS} } }`;
const CASELOAD_ASSIGN = `mutation ($input: CaseloadAssignInput!) {
  caseloadAssign(input: $input) { caseloadAssignment { id kind startDate endDate staffUser { id } student { id } } ${USER_ERRORS} } }`;
const CASELOAD_END = `mutation ($input: CaseloadEndInput!) {
  caseloadEnd(input: $input) { caseloadAssignment { id startDate endDate } ${USER_ERRORS} } }`;
const VIEWER = '{ viewer { id email role active } }';
const STUDENT = 'query ($id: ID!) { student(id: $id) { id caseloadAssignments { kind staffUser { id } } } }';

describe('staff mutations', () => {
  let app: TestApp;
  let f: ReturnType<typeof factories>;
  let east: SchoolEntity;
  let west: SchoolEntity;
  let adminEast: StaffUserEntity;
  let districtAdmin: StaffUserEntity;

  beforeAll(async () => {
    app = await startTestApp();
    f = factories(app.ds);
    east = await f.school({ code: 'EAST01', name: 'East Meadow Test School' });
    west = await f.school({ code: 'WEST01', name: 'West Brook Test School' });
    adminEast = await f.staff(StaffRole.SCHOOL_ADMIN, [east]);
    districtAdmin = await f.staff(StaffRole.DISTRICT_ADMIN);
  });
  afterAll(() => app.close());

  const as = (user: { id: string }) => app.token(user.id);
  const ok = <T = any>(response: GraphQLResponse<T>): T => {
    expect(response.errors).toBeUndefined();
    expect(response.status).toBe(200);
    return response.data as T;
  };
  const expectUnauthenticated = (response: GraphQLResponse) => {
    expect(response.data?.viewer ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  };
  const staffRow = async (id: string) =>
    (await app.ds.query('SELECT email, given_name, family_name, role, active, version FROM staff_user WHERE id = $1', [id]))[0];
  const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

  let emails = 0;
  const newStaff = (overrides: Record<string, unknown> = {}) => ({
    email: `Marguerite.Vance${++emails}@Test.Tiered.Test`,
    givenName: 'Marguerite',
    familyName: 'Vance',
    role: 'TEACHER',
    schoolIds: [gid('School', east.id)],
    ...overrides,
  });

  describe('staffUserCreate', () => {
    it('a school admin adds a TEACHER at their own school, who can then sign in', async () => {
      const input = newStaff();
      const data = ok(await app.gql(STAFF_CREATE, { input }, as(adminEast)));
      expect(data.staffUserCreate.userErrors).toEqual([]);
      const created = data.staffUserCreate.staffUser;
      expect(created).toMatchObject({
        email: input.email.toLowerCase(),
        givenName: 'Marguerite',
        familyName: 'Vance',
        role: 'TEACHER',
        active: true,
        version: 1,
        schools: [{ code: 'EAST01' }],
      });
      const viewer = ok(await app.gql(VIEWER, {}, as({ id: dbId(created.id) })));
      expect(viewer.viewer).toEqual({ id: created.id, email: input.email.toLowerCase(), role: 'TEACHER', active: true });
      const [membership] = await app.ds.query('SELECT school_id, start_date, end_date FROM school_membership WHERE staff_user_id = $1', [dbId(created.id)]);
      expect(membership).toEqual({ school_id: east.id, start_date: TEST_TODAY, end_date: null });
    });

    it.each(['DISTRICT_ADMIN', 'DISTRICT_LEAD', 'SCHOOL_ADMIN'])('a school admin giving the role %s gets FORBIDDEN on input.role; nothing is written', async (role) => {
      const input = newStaff({ role });
      const data = ok(await app.gql(STAFF_CREATE, { input }, as(adminEast)));
      expect(data.staffUserCreate).toEqual({ staffUser: null, userErrors: [{ code: 'FORBIDDEN', field: ['input', 'role'], message: expect.any(String) }] });
      const [{ count }] = await app.ds.query('SELECT count(*)::int AS count FROM staff_user WHERE email = $1', [input.email.toLowerCase()]);
      expect(count).toBe(0);
    });

    it('a school admin adding staff to another school gets FORBIDDEN on input.schoolIds', async () => {
      const data = ok(await app.gql(STAFF_CREATE, { input: newStaff({ schoolIds: [gid('School', west.id)] }) }, as(adminEast)));
      expect(data.staffUserCreate).toEqual({ staffUser: null, userErrors: [{ code: 'FORBIDDEN', field: ['input', 'schoolIds'], message: expect.any(String) }] });
    });

    it('a district admin may create a DISTRICT_ADMIN with no schools', async () => {
      const data = ok(await app.gql(STAFF_CREATE, { input: newStaff({ role: 'DISTRICT_ADMIN', schoolIds: [] }) }, as(districtAdmin)));
      expect(data.staffUserCreate.userErrors).toEqual([]);
      expect(data.staffUserCreate.staffUser).toMatchObject({ role: 'DISTRICT_ADMIN', schools: [] });
    });
  });

  describe('deactivate and reactivate', () => {
    it('a deactivated user\u2019s still-valid token is refused; reactivating restores access', async () => {
      const teacher = await f.staff(StaffRole.TEACHER, [east]);
      const token = as(teacher);
      expect(ok(await app.gql(VIEWER, {}, token)).viewer.active).toBe(true);

      const off = ok(await app.gql(DEACTIVATE, { id: gid('StaffUser', teacher.id) }, as(adminEast)));
      expect(off.staffUserDeactivate).toEqual({ staffUser: { id: gid('StaffUser', teacher.id), active: false }, userErrors: [] });
      expectUnauthenticated(await app.gql(VIEWER, {}, token));
      expectUnauthenticated(await app.gql('{ students { nodes { id } } }', {}, token));
      expect((await staffRow(teacher.id)).active).toBe(false);

      const on = ok(await app.gql(REACTIVATE, { id: gid('StaffUser', teacher.id) }, as(adminEast)));
      expect(on.staffUserReactivate).toEqual({ staffUser: { id: gid('StaffUser', teacher.id), active: true }, userErrors: [] });
      expect(ok(await app.gql(VIEWER, {}, token)).viewer).toMatchObject({ id: gid('StaffUser', teacher.id), active: true });
    });

    it('a school admin cannot deactivate themselves, nor staff of another school', async () => {
      const self = ok(await app.gql(DEACTIVATE, { id: gid('StaffUser', adminEast.id) }, as(adminEast)));
      expect(self.staffUserDeactivate.userErrors).toEqual([{ code: 'INVALID', field: ['id'], message: expect.any(String) }]);
      const westTeacher = await f.staff(StaffRole.TEACHER, [west]);
      const other = ok(await app.gql(DEACTIVATE, { id: gid('StaffUser', westTeacher.id) }, as(adminEast)));
      expect(other.staffUserDeactivate.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['id'], message: expect.any(String) }]);
      expect((await staffRow(westTeacher.id)).active).toBe(true);
      expect(ok(await app.gql(VIEWER, {}, as(adminEast))).viewer.active).toBe(true);
    });
  });

  describe('staffUserUpdate with expectedVersion', () => {
    it('a stale version is CONFLICT on input.expectedVersion and changes nothing; the current one applies and bumps', async () => {
      const teacher = await f.staff(StaffRole.TEACHER, [east], { givenName: 'Ludovica', familyName: 'Penhallow' });
      const before = await staffRow(teacher.id);
      expect(before.version).toBe(1);

      const stale = ok(await app.gql(STAFF_UPDATE, {
        input: { id: gid('StaffUser', teacher.id), expectedVersion: 0, familyName: 'Stale' },
      }, as(adminEast)));
      expect(stale.staffUserUpdate).toEqual({
        staffUser: null,
        userErrors: [{ code: 'CONFLICT', field: ['input', 'expectedVersion'], message: expect.any(String) }],
      });
      expect(await staffRow(teacher.id)).toEqual(before);

      const fresh = ok(await app.gql(STAFF_UPDATE, {
        input: { id: gid('StaffUser', teacher.id), expectedVersion: 1, familyName: 'Penhallow-Reyes', role: 'INTERVENTIONIST' },
      }, as(adminEast)));
      expect(fresh.staffUserUpdate.userErrors).toEqual([]);
      expect(fresh.staffUserUpdate.staffUser).toMatchObject({ familyName: 'Penhallow-Reyes', role: 'INTERVENTIONIST', version: 2 });
      expect(await staffRow(teacher.id)).toMatchObject({ family_name: 'Penhallow-Reyes', role: 'INTERVENTIONIST', version: 2 });

      const againStale = ok(await app.gql(STAFF_UPDATE, {
        input: { id: gid('StaffUser', teacher.id), expectedVersion: 1, givenName: 'Late' },
      }, as(adminEast)));
      expect(againStale.staffUserUpdate.userErrors.map((e: { code: string }) => e.code)).toEqual(['CONFLICT']);
      expect((await staffRow(teacher.id)).given_name).toBe('Ludovica');
    });

    it('changing only schoolIds still bumps the version, ends the old membership yesterday and moves the directory entry', async () => {
      const teacher = await f.staff(StaffRole.TEACHER, [east]);
      const adminWest = await f.staff(StaffRole.SCHOOL_ADMIN, [west]);
      const data = ok(await app.gql(STAFF_UPDATE, {
        input: { id: gid('StaffUser', teacher.id), expectedVersion: 1, schoolIds: [gid('School', west.id)] },
      }, as(districtAdmin)));
      expect(data.staffUserUpdate.userErrors).toEqual([]);
      expect(data.staffUserUpdate.staffUser).toMatchObject({ version: 2, schools: [{ code: 'WEST01' }] });
      expect((await staffRow(teacher.id)).version).toBe(2);
      const memberships = await app.ds.query(
        'SELECT school_id, start_date, end_date FROM school_membership WHERE staff_user_id = $1 ORDER BY start_date',
        [teacher.id],
      );
      expect(memberships).toEqual([
        { school_id: east.id, start_date: '2026-08-01', end_date: '2026-10-14' },
        { school_id: west.id, start_date: TEST_TODAY, end_date: null },
      ]);
      const directory = async (admin: StaffUserEntity) =>
        ok(await app.gql('{ staffUsers(first: 100) { nodes { id } } }', {}, as(admin))).staffUsers.nodes.map((n: { id: string }) => n.id);
      expect(await directory(adminEast)).not.toContain(gid('StaffUser', teacher.id));
      expect(await directory(adminWest)).toContain(gid('StaffUser', teacher.id));
    });

    it('a school admin cannot promote staff to SCHOOL_ADMIN (FORBIDDEN on input.role)', async () => {
      const teacher = await f.staff(StaffRole.TEACHER, [east]);
      const data = ok(await app.gql(STAFF_UPDATE, {
        input: { id: gid('StaffUser', teacher.id), expectedVersion: 1, role: 'SCHOOL_ADMIN' },
      }, as(adminEast)));
      expect(data.staffUserUpdate.userErrors).toEqual([{ code: 'FORBIDDEN', field: ['input', 'role'], message: expect.any(String) }]);
      expect((await staffRow(teacher.id)).role).toBe('TEACHER');
    });
  });

  describe('caseloads', () => {
    it('caseloadAssign by a school admin gives a teacher access; caseloadEnd with an endDate before today removes it', async () => {
      const teacher = await f.staff(StaffRole.TEACHER, [east]);
      const student = await f.student(east);
      const studentId = gid('Student', student.id);
      const teacherToken = as(teacher);
      expect(await app.gql(STUDENT, { id: studentId }, teacherToken)).toEqual({ status: 200, data: { student: null } });

      const assigned = ok(await app.gql(CASELOAD_ASSIGN, {
        input: { staffUserId: gid('StaffUser', teacher.id), studentId, kind: 'HOMEROOM', startDate: '2026-09-01' },
      }, as(adminEast)));
      expect(assigned.caseloadAssign.userErrors).toEqual([]);
      const assignment = assigned.caseloadAssign.caseloadAssignment;
      expect(assignment).toMatchObject({
        kind: 'HOMEROOM',
        startDate: '2026-09-01',
        endDate: null,
        staffUser: { id: gid('StaffUser', teacher.id) },
        student: { id: studentId },
      });

      const seen = ok(await app.gql(STUDENT, { id: studentId }, teacherToken));
      expect(seen.student).toEqual({ id: studentId, caseloadAssignments: [{ kind: 'HOMEROOM', staffUser: { id: gid('StaffUser', teacher.id) } }] });
      const listed = ok(await app.gql('{ students { nodes { id } } }', {}, teacherToken));
      expect(listed.students.nodes).toEqual([{ id: studentId }]);

      const ended = ok(await app.gql(CASELOAD_END, { input: { id: assignment.id, endDate: '2026-10-14' } }, as(adminEast)));
      expect(ended.caseloadEnd).toEqual({ caseloadAssignment: { id: assignment.id, startDate: '2026-09-01', endDate: '2026-10-14' }, userErrors: [] });

      expect(await app.gql(STUDENT, { id: studentId }, teacherToken)).toEqual({ status: 200, data: { student: null } });
      expect(ok(await app.gql('{ students { nodes { id } } }', {}, teacherToken)).students.nodes).toEqual([]);
      // The history is kept.
      const rows = await app.ds.query('SELECT start_date, end_date FROM caseload_assignment WHERE staff_user_id = $1', [teacher.id]);
      expect(rows).toEqual([{ start_date: '2026-09-01', end_date: '2026-10-14' }]);
    });

    it('caseloadEnd defaulting to today keeps access through today (the last day is inclusive)', async () => {
      const teacher = await f.staff(StaffRole.TEACHER, [east]);
      const student = await f.student(east);
      const studentId = gid('Student', student.id);
      const assigned = ok(await app.gql(CASELOAD_ASSIGN, {
        input: { staffUserId: gid('StaffUser', teacher.id), studentId, kind: 'SECTION' },
      }, as(adminEast)));
      expect(assigned.caseloadAssign.caseloadAssignment.startDate).toBe(TEST_TODAY);
      const ended = ok(await app.gql(CASELOAD_END, { input: { id: assigned.caseloadAssign.caseloadAssignment.id } }, as(adminEast)));
      expect(ended.caseloadEnd.caseloadAssignment.endDate).toBe(TEST_TODAY);
      expect(ok(await app.gql(STUDENT, { id: studentId }, as(teacher))).student?.id).toBe(studentId);
    });

    it('caseloadEnd with an endDate before the start is INVALID on input.endDate', async () => {
      const teacher = await f.staff(StaffRole.TEACHER, [east]);
      const student = await f.student(east);
      const assigned = ok(await app.gql(CASELOAD_ASSIGN, {
        input: { staffUserId: gid('StaffUser', teacher.id), studentId: gid('Student', student.id), kind: 'EXPLICIT' },
      }, as(adminEast)));
      const ended = ok(await app.gql(CASELOAD_END, { input: { id: assigned.caseloadAssign.caseloadAssignment.id, endDate: '2026-10-14' } }, as(adminEast)));
      expect(ended.caseloadEnd).toEqual({ caseloadAssignment: null, userErrors: [{ code: 'INVALID', field: ['input', 'endDate'], message: expect.any(String) }] });
      expect(ok(await app.gql(STUDENT, { id: gid('Student', student.id) }, as(teacher))).student).not.toBeNull();
    });

    it('a school admin cannot put a student on the caseload of staff from another school', async () => {
      const westTeacher = await f.staff(StaffRole.TEACHER, [west]);
      const student = await f.student(east);
      const data = ok(await app.gql(CASELOAD_ASSIGN, {
        input: { staffUserId: gid('StaffUser', westTeacher.id), studentId: gid('Student', student.id), kind: 'EXPLICIT' },
      }, as(adminEast)));
      expect(data.caseloadAssign).toEqual({ caseloadAssignment: null, userErrors: [{ code: 'FORBIDDEN', field: ['input', 'staffUserId'], message: expect.any(String) }] });
      expect(ok(await app.gql(STUDENT, { id: gid('Student', student.id) }, as(westTeacher))).student).toBeNull();
    });

    it('assigning the same student twice is DUPLICATE', async () => {
      const teacher = await f.staff(StaffRole.TEACHER, [east]);
      const student = await f.student(east);
      const input = { staffUserId: gid('StaffUser', teacher.id), studentId: gid('Student', student.id), kind: 'HOMEROOM' };
      expect(ok(await app.gql(CASELOAD_ASSIGN, { input }, as(adminEast))).caseloadAssign.userErrors).toEqual([]);
      const again = ok(await app.gql(CASELOAD_ASSIGN, { input }, as(adminEast)));
      expect(again.caseloadAssign.userErrors).toEqual([{ code: 'DUPLICATE', field: ['input', 'studentId'], message: expect.any(String) }]);
    });
  });
});
