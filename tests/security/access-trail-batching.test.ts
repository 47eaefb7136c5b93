import { StaffRole } from '../../src/common/auth/roles';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

const STUDENT = 'query OneStudent($id: ID!) { student(id: $id) { id } }';

/**
 * Concurrent requests share the access trail's INSERTs (group commit): every request still gets
 * its own row, with its own students, written before its response is sent.
 */
describe('access trail under concurrent reads', () => {
  let app: TestApp;
  let token = '';
  const students: string[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const school = await f.school();
    for (let i = 0; i < 6; i++) students.push((await f.student(school)).id);
    token = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [school])).id);
  });
  afterAll(() => app.close());

  const read = async (requestId: string, studentId: string) => {
    const response = await fetch(`${app.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': requestId },
      body: JSON.stringify({ query: STUDENT, variables: { id: gid('Student', studentId) } }),
    });
    const body = (await response.json()) as { data?: { student: { id: string } | null } };
    // The row must already be there when the response arrives: a read is never served without its record.
    const rows = await app.ds.query('SELECT student_ids FROM student_access_event WHERE request_id = $1', [requestId]);
    return { body, rows };
  };

  it('records one row per request, with that request\'s student, before answering', async () => {
    const requests = Array.from({ length: 30 }, (_, i) => ({ requestId: `batch-${i}`, studentId: students[i % students.length] }));
    const results = await Promise.all(requests.map((r) => read(r.requestId, r.studentId)));
    results.forEach(({ body, rows }, i) => {
      expect(body.data?.student?.id).toBe(gid('Student', requests[i].studentId));
      expect(rows).toEqual([{ student_ids: [requests[i].studentId] }]);
    });
    const [{ n }] = await app.ds.query(`SELECT count(*)::int AS n FROM student_access_event WHERE request_id LIKE 'batch-%'`);
    expect(n).toBe(30);
    const [row] = await app.ds.query(`SELECT operation, actor_role FROM student_access_event WHERE request_id = 'batch-0'`);
    expect(row).toEqual({ operation: 'OneStudent', actor_role: 'SCHOOL_ADMIN' });
  });

  it('fails the request rather than answer without its record', async () => {
    // A trigger that refuses the insert stands in for a database fault at the moment of writing.
    await app.ds.query(`CREATE FUNCTION ${app.db.schema}.refuse_access_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
    await app.ds.query(
      `CREATE TRIGGER refuse_access_event BEFORE INSERT ON ${app.db.schema}.student_access_event FOR EACH ROW EXECUTE FUNCTION ${app.db.schema}.refuse_access_event()`,
    );
    try {
      const response = await app.gql(STUDENT, { id: gid('Student', students[0]) }, token);
      expect(response.status).toBe(503);
      expect(response.data).toBeUndefined();
      expect(response.errors).toEqual([{ message: 'Service temporarily unavailable', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    } finally {
      await app.ds.query(`DROP TRIGGER refuse_access_event ON ${app.db.schema}.student_access_event`);
    }
  });
});
