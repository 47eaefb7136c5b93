import { StaffRole } from '../../src/common/auth/roles';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

describe('the FERPA audit trail', () => {
  let app: TestApp;
  const t: Record<string, string> = {};
  let studentId: string;
  let teacherId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const school = await f.school();
    const teacher = await f.staff(StaffRole.TEACHER, [school]);
    teacherId = gid('StaffUser', teacher.id);
    const student = await f.student(school, { givenName: 'Zephyrine', familyName: 'Quillfeather' });
    await f.caseload(teacher, student);
    studentId = gid('Student', student.id);
    t.teacher = app.token(teacher.id);
    t.admin = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [school])).id);
    t.districtAdmin = app.token((await f.staff(StaffRole.DISTRICT_ADMIN)).id);
  });
  afterAll(() => app.close());

  it('records who read which students, in which operation, and lists reads and writes', async () => {
    await app.gql('query TeacherRoster { students { nodes { id givenName } } }', {}, t.teacher);
    await app.gql(
      'mutation Fix($input: StudentUpdateInput!) { studentUpdate(input: $input) { userErrors { code } } }',
      { input: { id: studentId, expectedVersion: 1, englishLearner: true } },
      t.admin,
    );
    const log = await app.gql(
      'query ($f: AuditLogFilterInput) { auditLog(filter: $f) { totalCount nodes { kind action actorRole actor { id } entityType } } }',
      { f: { studentId } },
      t.districtAdmin,
    );
    const entries = log.data.auditLog.nodes.map((n: any) => [n.kind, n.action, n.actorRole]);
    expect(entries).toEqual(expect.arrayContaining([['READ', 'TeacherRoster', 'TEACHER'], ['WRITE', 'student.update', 'SCHOOL_ADMIN']]));
    const byTeacher = await app.gql('query ($f: AuditLogFilterInput) { auditLog(filter: $f) { nodes { kind action } } }', { f: { actorId: teacherId } }, t.districtAdmin);
    expect(byTeacher.data.auditLog.nodes).toEqual([{ kind: 'READ', action: 'TeacherRoster' }]);
  });

  it("shows a student's access log to admins only, and keeps names out of the trail", async () => {
    const forAdmin = await app.gql('query ($id: ID!) { student(id: $id) { accessLog { nodes { kind actorRole } } } }', { id: studentId }, t.admin);
    expect(forAdmin.data.student.accessLog.nodes.map((n: any) => n.actorRole)).toContain('TEACHER');
    const forTeacher = await app.gql('query ($id: ID!) { student(id: $id) { accessLog { nodes { kind } } } }', { id: studentId }, t.teacher);
    expect(forTeacher.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const denied = await app.gql('{ auditLog { totalCount } }', {}, t.admin);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const dump = JSON.stringify(await app.ds.query('SELECT * FROM audit_event')) + JSON.stringify(await app.ds.query('SELECT * FROM student_access_event'));
    expect(dump).not.toMatch(/Zephyrine|Quillfeather/);
  });

  it('cannot be rewritten or erased', async () => {
    await expect(app.ds.query(`UPDATE student_access_event SET operation = 'x'`)).rejects.toThrow(/append-only/);
    await expect(app.ds.query(`DELETE FROM student_access_event`)).rejects.toThrow(/append-only/);
  });
});
