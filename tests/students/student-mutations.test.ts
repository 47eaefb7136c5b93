import { StaffRole } from '../../src/common/auth/roles';
import { SchoolLevel } from '../../src/modules/schools/school-level';
import type { SchoolEntity } from '../../src/modules/schools/school.entity';
import type { StaffUserEntity } from '../../src/modules/staff/staff.entity';
import type { StudentEntity } from '../../src/modules/students/student.entity';
import { factories, gid } from '../support/factories';
import { startTestApp, TEST_TODAY, type GraphQLResponse, type TestApp } from '../support/test-app';

const STUDENT_FIELDS = `id localId givenName familyName birthDate gradeLevel version
  currentEnrollment { entryDate exitDate school { code } }
  enrollments { id entryDate exitDate exitReason gradeLevel school { code } }`;
const USER_ERRORS = 'userErrors { code field message }';

const CREATE = `mutation ($input: StudentCreateInput!) { studentCreate(input: $input) { student { ${STUDENT_FIELDS} } ${USER_ERRORS} } }`;
const UPDATE = `mutation ($input: StudentUpdateInput!) { studentUpdate(input: $input) { student { ${STUDENT_FIELDS} } ${USER_ERRORS} } }`;
const ENROLLMENT_CREATE = `mutation ($input: EnrollmentCreateInput!) {
  enrollmentCreate(input: $input) { enrollment { id entryDate exitDate gradeLevel school { code } } ${USER_ERRORS} } }`;
const ENROLLMENT_END = `mutation ($input: EnrollmentEndInput!) {
  enrollmentEnd(input: $input) { enrollment { id entryDate exitDate exitReason } ${USER_ERRORS} } }`;
const TRANSFER = `mutation ($input: StudentTransferInput!) {
  studentTransfer(input: $input) { enrollment { id entryDate exitDate gradeLevel school { code } } ${USER_ERRORS} } }`;
const DELETE = `mutation ($id: ID!) { studentDelete(id: $id) { deletedStudentId ${USER_ERRORS} } }`;
const RESTORE = `mutation ($id: ID!) { studentRestore(id: $id) { student { id } ${USER_ERRORS} } }`;
const STUDENT = `query ($id: ID!) { student(id: $id) { ${STUDENT_FIELDS} } }`;

describe('student and enrollment mutations', () => {
  let app: TestApp;
  let f: ReturnType<typeof factories>;
  let north: SchoolEntity; // K8, PK-8
  let south: SchoolEntity; // K8, PK-8
  let high: SchoolEntity; // 9-12
  let adminNorth: StaffUserEntity;
  let adminSouth: StaffUserEntity;
  let counselorNorth: StaffUserEntity;
  let counselorSouth: StaffUserEntity;
  let districtAdmin: StaffUserEntity;

  beforeAll(async () => {
    app = await startTestApp();
    f = factories(app.ds);
    north = await f.school({ code: 'NORTH01', name: 'North Ridge Test School' });
    south = await f.school({ code: 'SOUTH01', name: 'South Fork Test School' });
    high = await f.school({ code: 'HIGH01', name: 'Hilltop Test High', level: SchoolLevel.HIGH, lowestGrade: 9, highestGrade: 12 });
    adminNorth = await f.staff(StaffRole.SCHOOL_ADMIN, [north]);
    adminSouth = await f.staff(StaffRole.SCHOOL_ADMIN, [south]);
    counselorNorth = await f.staff(StaffRole.COUNSELOR, [north]);
    counselorSouth = await f.staff(StaffRole.COUNSELOR, [south]);
    districtAdmin = await f.staff(StaffRole.DISTRICT_ADMIN);
  });
  afterAll(() => app.close());

  const as = (user: StaffUserEntity) => app.token(user.id);
  const ok = <T = any>(response: GraphQLResponse<T>): T => {
    expect(response.errors).toBeUndefined();
    expect(response.status).toBe(200);
    return response.data as T;
  };
  const count = async (sql: string, params: unknown[] = []) => (await app.ds.query(sql, params))[0].count as number;
  const auditCount = () => count('SELECT count(*)::int AS count FROM audit_event');

  let localIds = 0;
  const createInput = (overrides: Record<string, unknown> = {}) => ({
    localId: `SM-${String(++localIds).padStart(4, '0')}`,
    givenName: 'Odalys',
    familyName: 'Brightwater',
    birthDate: '2016-02-29',
    gradeLevel: 'G4',
    enrollment: { schoolId: gid('School', north.id), entryDate: '2026-08-26' },
    ...overrides,
  });

  describe('studentCreate', () => {
    it('a school admin creates a student enrolled at their own school', async () => {
      const input = createInput({ englishLearner: true });
      const data = ok(await app.gql(CREATE, { input }, as(adminNorth)));
      expect(data.studentCreate.userErrors).toEqual([]);
      const student = data.studentCreate.student;
      expect(student).toMatchObject({
        localId: input.localId,
        givenName: 'Odalys',
        familyName: 'Brightwater',
        birthDate: '2016-02-29',
        gradeLevel: 'G4',
        version: 1,
        currentEnrollment: { entryDate: '2026-08-26', exitDate: null, school: { code: 'NORTH01' } },
      });
      expect(student.enrollments).toEqual([
        { id: expect.any(String), entryDate: '2026-08-26', exitDate: null, exitReason: null, gradeLevel: 'G4', school: { code: 'NORTH01' } },
      ]);
      // The creating admin and the school's counselor see the new student; the other school does not.
      expect(ok(await app.gql(STUDENT, { id: student.id }, as(counselorNorth))).student?.id).toBe(student.id);
      expect(ok(await app.gql(STUDENT, { id: student.id }, as(counselorSouth))).student).toBeNull();
      const [row] = await app.ds.query('SELECT english_learner, grade_level FROM student WHERE local_id = $1', [input.localId]);
      expect(row).toEqual({ english_learner: true, grade_level: 4 });
    });

    it('a district admin creates a student at any school', async () => {
      const input = createInput({ gradeLevel: 'G10', enrollment: { schoolId: gid('School', high.id), entryDate: '2026-08-26' } });
      const data = ok(await app.gql(CREATE, { input }, as(districtAdmin)));
      expect(data.studentCreate.userErrors).toEqual([]);
      expect(data.studentCreate.student.currentEnrollment.school.code).toBe('HIGH01');
    });

    it('a school admin creating a student at another school gets FORBIDDEN on input.enrollment.schoolId; nothing is written', async () => {
      const input = createInput({ enrollment: { schoolId: gid('School', south.id), entryDate: '2026-08-26' } });
      const audits = await auditCount();
      const data = ok(await app.gql(CREATE, { input }, as(adminNorth)));
      expect(data.studentCreate.student).toBeNull();
      expect(data.studentCreate.userErrors).toEqual([{ code: 'FORBIDDEN', field: ['input', 'enrollment', 'schoolId'], message: expect.any(String) }]);
      expect(await count('SELECT count(*)::int AS count FROM student WHERE local_id = $1', [input.localId])).toBe(0);
      expect(await auditCount()).toBe(audits);
    });

    it('a grade outside the school\u2019s span is INVALID on input.gradeLevel', async () => {
      const input = createInput({ gradeLevel: 'G10' });
      const data = ok(await app.gql(CREATE, { input }, as(adminNorth)));
      expect(data.studentCreate.student).toBeNull();
      expect(data.studentCreate.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'gradeLevel'], message: expect.stringContaining('G10') }]);
      const tooYoung = ok(await app.gql(CREATE, {
        input: createInput({ gradeLevel: 'G3', enrollment: { schoolId: gid('School', high.id), entryDate: '2026-08-26' } }),
      }, as(districtAdmin)));
      expect(tooYoung.studentCreate.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'gradeLevel'], message: expect.any(String) }]);
      expect(await count('SELECT count(*)::int AS count FROM student WHERE local_id = $1', [input.localId])).toBe(0);
    });

    it('a duplicate localId is DUPLICATE on input.localId; the first student is untouched and no enrollment is added', async () => {
      const first = createInput();
      const created = ok(await app.gql(CREATE, { input: first }, as(adminNorth))).studentCreate.student;
      const students = await count('SELECT count(*)::int AS count FROM student');
      const enrollments = await count('SELECT count(*)::int AS count FROM enrollment');
      const audits = await auditCount();
      const data = ok(await app.gql(CREATE, { input: { ...createInput(), localId: first.localId, givenName: 'Other' } }, as(adminNorth)));
      expect(data.studentCreate.student).toBeNull();
      expect(data.studentCreate.userErrors).toEqual([{ code: 'DUPLICATE', field: ['input', 'localId'], message: expect.any(String) }]);
      expect(data.studentCreate.userErrors[0].message).not.toMatch(/duplicate key|constraint|SELECT|INSERT/i);
      expect(await count('SELECT count(*)::int AS count FROM student')).toBe(students);
      expect(await count('SELECT count(*)::int AS count FROM enrollment')).toBe(enrollments);
      expect(await auditCount()).toBe(audits);
      const [row] = await app.ds.query('SELECT given_name FROM student WHERE local_id = $1', [first.localId]);
      expect(row.given_name).toBe(created.givenName);
    });

    it('a birth date after today is INVALID on input.birthDate; today itself is accepted', async () => {
      const input = createInput({ birthDate: '2026-10-16' });
      const data = ok(await app.gql(CREATE, { input }, as(adminNorth)));
      expect(data.studentCreate.student).toBeNull();
      expect(data.studentCreate.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'birthDate'], message: expect.any(String) }]);
      expect(await count('SELECT count(*)::int AS count FROM student WHERE local_id = $1', [input.localId])).toBe(0);
      const today = ok(await app.gql(CREATE, { input: createInput({ birthDate: TEST_TODAY, gradeLevel: 'PK' }) }, as(adminNorth)));
      expect(today.studentCreate.userErrors).toEqual([]);
    });
  });

  describe('studentUpdate with expectedVersion', () => {
    let student: StudentEntity;

    beforeAll(async () => {
      student = await f.student(north, { givenName: 'Perrin', familyName: 'Ashgrove' });
    });

    const row = async () => (await app.ds.query('SELECT given_name, family_name, grade_level, version FROM student WHERE id = $1', [student.id]))[0];

    it('a stale version is CONFLICT on input.expectedVersion and changes nothing', async () => {
      const before = await row();
      expect(before.version).toBe(1);
      const audits = await auditCount();
      const data = ok(await app.gql(UPDATE, {
        input: { id: gid('Student', student.id), expectedVersion: 0, givenName: 'Stale' },
      }, as(adminNorth)));
      expect(data.studentUpdate.student).toBeNull();
      expect(data.studentUpdate.userErrors).toEqual([{ code: 'CONFLICT', field: ['input', 'expectedVersion'], message: expect.any(String) }]);
      expect(await row()).toEqual(before);
      expect(await auditCount()).toBe(audits);
    });

    it('the current version applies the change and bumps the version by 1', async () => {
      const before = await row();
      const data = ok(await app.gql(UPDATE, {
        input: { id: gid('Student', student.id), expectedVersion: before.version, givenName: 'Perrine', gradeLevel: 'G5' },
      }, as(adminNorth)));
      expect(data.studentUpdate.userErrors).toEqual([]);
      expect(data.studentUpdate.student).toMatchObject({ givenName: 'Perrine', familyName: 'Ashgrove', gradeLevel: 'G5', version: before.version + 1 });
      expect(await row()).toEqual({ given_name: 'Perrine', family_name: 'Ashgrove', grade_level: 5, version: before.version + 1 });

      // The version read before that change is now stale.
      const stale = ok(await app.gql(UPDATE, {
        input: { id: gid('Student', student.id), expectedVersion: before.version, familyName: 'Overwritten' },
      }, as(adminNorth)));
      expect(stale.studentUpdate.userErrors.map((e: { code: string }) => e.code)).toEqual(['CONFLICT']);
      expect((await row()).family_name).toBe('Ashgrove');
    });

    it('two concurrent updates with the same expectedVersion: exactly one succeeds, the other gets CONFLICT', async () => {
      const before = await row();
      const [a, b] = await Promise.all(
        ['Tamsin', 'Thessaly'].map((givenName) =>
          app.gql(UPDATE, { input: { id: gid('Student', student.id), expectedVersion: before.version, givenName } }, as(adminNorth)),
        ),
      );
      const payloads = [ok(a).studentUpdate, ok(b).studentUpdate];
      const winners = payloads.filter((p) => p.userErrors.length === 0);
      const losers = payloads.filter((p) => p.userErrors.length > 0);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(losers[0]).toEqual({ student: null, userErrors: [{ code: 'CONFLICT', field: ['input', 'expectedVersion'], message: expect.any(String) }] });
      expect(winners[0].student.version).toBe(before.version + 1);
      const after = await row();
      expect(after.version).toBe(before.version + 1);
      expect(after.given_name).toBe(winners[0].student.givenName);
    });

    it('a school admin cannot update a student of another school (reads as NOT_FOUND)', async () => {
      const before = await row();
      const data = ok(await app.gql(UPDATE, {
        input: { id: gid('Student', student.id), expectedVersion: before.version, givenName: 'Intruder' },
      }, as(adminSouth)));
      expect(data.studentUpdate).toEqual({ student: null, userErrors: [{ code: 'NOT_FOUND', field: ['input', 'id'], message: expect.any(String) }] });
      expect(await row()).toEqual(before);
    });
  });

  describe('enrollments', () => {
    it('enrollmentCreate overlapping an existing enrollment is CONFLICT; nothing is written', async () => {
      const student = await f.student(north);
      const audits = await auditCount();
      for (const entryDate of ['2026-11-02', '2026-08-26', '2026-07-01']) {
        const data = ok(await app.gql(ENROLLMENT_CREATE, {
          input: { studentId: gid('Student', student.id), schoolId: gid('School', north.id), gradeLevel: 'G4', entryDate },
        }, as(adminNorth)));
        expect(data.enrollmentCreate.enrollment).toBeNull();
        expect(data.enrollmentCreate.userErrors).toEqual([{ code: 'CONFLICT', field: ['input', 'entryDate'], message: expect.any(String) }]);
      }
      expect(await count('SELECT count(*)::int AS count FROM enrollment WHERE student_id = $1', [student.id])).toBe(1);
      expect(await auditCount()).toBe(audits);
    });

    it('enrollmentCreate after an ended enrollment (no overlap) succeeds', async () => {
      const student = await f.student(north, {}, { exitDate: '2026-09-30' });
      const data = ok(await app.gql(ENROLLMENT_CREATE, {
        input: { studentId: gid('Student', student.id), schoolId: gid('School', north.id), gradeLevel: 'G4', entryDate: '2026-10-01' },
      }, as(districtAdmin)));
      expect(data.enrollmentCreate.userErrors).toEqual([]);
      expect(data.enrollmentCreate.enrollment).toMatchObject({ entryDate: '2026-10-01', exitDate: null, school: { code: 'NORTH01' } });
    });

    it('enrollmentEnd with an exitDate before the entryDate is INVALID on input.exitDate; the enrollment stays open', async () => {
      const student = await f.student(north);
      const [enrollment] = await app.ds.query('SELECT id FROM enrollment WHERE student_id = $1', [student.id]);
      const data = ok(await app.gql(ENROLLMENT_END, {
        input: { id: gid('Enrollment', enrollment.id), exitDate: '2026-08-25' },
      }, as(adminNorth)));
      expect(data.enrollmentEnd.enrollment).toBeNull();
      expect(data.enrollmentEnd.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'exitDate'], message: expect.any(String) }]);
      const [row] = await app.ds.query('SELECT exit_date FROM enrollment WHERE id = $1', [enrollment.id]);
      expect(row.exit_date).toBeNull();

      const ended = ok(await app.gql(ENROLLMENT_END, {
        input: { id: gid('Enrollment', enrollment.id), exitDate: '2026-10-09', exitReason: 'Moved out of district' },
      }, as(adminNorth)));
      expect(ended.enrollmentEnd).toEqual({
        enrollment: { id: gid('Enrollment', enrollment.id), entryDate: '2026-08-26', exitDate: '2026-10-09', exitReason: 'Moved out of district' },
        userErrors: [],
      });
    });
  });

  describe('studentTransfer', () => {
    it('mid-year: the old enrollment ends the day before effectiveDate, the new one starts on it, and access follows', async () => {
      const student = await f.student(north, { gradeLevel: 6 });
      const id = gid('Student', student.id);
      expect(ok(await app.gql(STUDENT, { id }, as(counselorNorth))).student?.id).toBe(id);
      expect(ok(await app.gql(STUDENT, { id }, as(counselorSouth))).student).toBeNull();

      const data = ok(await app.gql(TRANSFER, {
        input: { studentId: id, toSchoolId: gid('School', south.id), effectiveDate: '2026-10-13' },
      }, as(adminNorth)));
      expect(data.studentTransfer.userErrors).toEqual([]);
      expect(data.studentTransfer.enrollment).toMatchObject({ entryDate: '2026-10-13', exitDate: null, gradeLevel: 'G6', school: { code: 'SOUTH01' } });

      const read = ok(await app.gql(STUDENT, { id }, as(districtAdmin))).student;
      expect(read.enrollments.map(({ entryDate, exitDate, school }: any) => ({ entryDate, exitDate, school }))).toEqual([
        { entryDate: '2026-08-26', exitDate: '2026-10-12', school: { code: 'NORTH01' } },
        { entryDate: '2026-10-13', exitDate: null, school: { code: 'SOUTH01' } },
      ]);
      expect(read.enrollments[0].exitReason).toBe('Transferred');
      expect(read.currentEnrollment).toEqual({ entryDate: '2026-10-13', exitDate: null, school: { code: 'SOUTH01' } });

      // The sending school's counselor no longer sees the student; the receiving school's does.
      expect(await app.gql(STUDENT, { id }, as(counselorNorth))).toEqual({ status: 200, data: { student: null } });
      const receiving = ok(await app.gql(STUDENT, { id }, as(counselorSouth))).student;
      expect(receiving?.id).toBe(id);
      const southList = ok(await app.gql('{ students(first: 100) { nodes { id } } }', {}, as(counselorSouth)));
      expect(southList.students.nodes.map((n: { id: string }) => n.id)).toContain(id);
      const northList = ok(await app.gql('{ students(first: 100) { nodes { id } } }', {}, as(counselorNorth)));
      expect(northList.students.nodes.map((n: { id: string }) => n.id)).not.toContain(id);
    });

    it('a transfer to a school that does not serve the grade is INVALID and changes nothing', async () => {
      const student = await f.student(north, { gradeLevel: 4 });
      const data = ok(await app.gql(TRANSFER, {
        input: { studentId: gid('Student', student.id), toSchoolId: gid('School', high.id), effectiveDate: '2026-10-13' },
      }, as(adminNorth)));
      expect(data.studentTransfer.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'gradeLevel'], message: expect.any(String) }]);
      const rows = await app.ds.query('SELECT entry_date, exit_date FROM enrollment WHERE student_id = $1', [student.id]);
      expect(rows).toEqual([{ entry_date: '2026-08-26', exit_date: null }]);
    });
  });

  describe('audit trail', () => {
    it('records an audit_event for each write, with no student names in before/after', async () => {
      const names = { givenName: 'Zephyrine', familyName: 'Quillfeather' };
      const newNames = { givenName: 'Marisol', familyName: 'Thornbury' };
      const startId = Number((await app.ds.query('SELECT coalesce(max(id), 0) AS id FROM audit_event'))[0].id);
      const actions = async () =>
        (await app.ds.query('SELECT action FROM audit_event WHERE id > $1 ORDER BY id', [startId])).map((r: { action: string }) => r.action);

      const created = ok(await app.gql(CREATE, { input: createInput(names) }, as(adminNorth))).studentCreate;
      expect(created.userErrors).toEqual([]);
      const id = created.student.id;
      expect(await actions()).toEqual(['student.create', 'enrollment.create']);

      const updated = ok(await app.gql(UPDATE, { input: { id, expectedVersion: 1, ...newNames } }, as(adminNorth))).studentUpdate;
      expect(updated.userErrors).toEqual([]);
      // A refused write records nothing.
      ok(await app.gql(UPDATE, { input: { id, expectedVersion: 1, givenName: 'Refused' } }, as(adminNorth)));
      expect(await actions()).toEqual(['student.create', 'enrollment.create', 'student.update']);

      const transferred = ok(await app.gql(TRANSFER, {
        input: { studentId: id, toSchoolId: gid('School', south.id), effectiveDate: '2026-10-13' },
      }, as(adminNorth))).studentTransfer;
      expect(transferred.userErrors).toEqual([]);
      const ended = ok(await app.gql(ENROLLMENT_END, { input: { id: transferred.enrollment.id, exitDate: '2026-12-18' } }, as(adminSouth))).enrollmentEnd;
      expect(ended.userErrors).toEqual([]);
      const added = ok(await app.gql(ENROLLMENT_CREATE, {
        input: { studentId: id, schoolId: gid('School', south.id), gradeLevel: 'G4', entryDate: '2027-01-04' },
      }, as(districtAdmin))).enrollmentCreate;
      expect(added.userErrors).toEqual([]);
      expect(ok(await app.gql(DELETE, { id }, as(districtAdmin))).studentDelete.userErrors).toEqual([]);
      expect(ok(await app.gql(RESTORE, { id }, as(districtAdmin))).studentRestore.userErrors).toEqual([]);

      expect(await actions()).toEqual([
        'student.create',
        'enrollment.create',
        'student.update',
        'enrollment.end',
        'enrollment.create',
        'enrollment.end',
        'enrollment.create',
        'student.delete',
        'student.restore',
      ]);

      const rows: { actor_id: string; student_id: string; before: string | null; after: string | null }[] = await app.ds.query(
        'SELECT actor_id, student_id, before::text AS before, after::text AS after FROM audit_event WHERE id > $1 ORDER BY id',
        [startId],
      );
      const studentDbId = Buffer.from(id, 'base64url').toString('utf8').split(':')[1];
      for (const row of rows) {
        expect(row.student_id).toBe(studentDbId);
        expect([adminNorth.id, adminSouth.id, districtAdmin.id]).toContain(row.actor_id);
        const text = `${row.before ?? ''} ${row.after ?? ''}`;
        for (const name of [...Object.values(names), ...Object.values(newNames)]) expect(text).not.toContain(name);
        expect(text).not.toMatch(/givenName|familyName|given_name|family_name/);
      }
      // The update's snapshots still identify the change by id and version.
      const update = rows[2];
      expect(JSON.parse(update.before!)).toMatchObject({ id: studentDbId, version: 1 });
      expect(JSON.parse(update.after!)).toMatchObject({ id: studentDbId, version: 2 });
    });
  });
});
