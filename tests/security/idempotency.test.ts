import { StaffRole } from '../../src/common/auth/roles';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

const CREATE = `mutation ($input: StudentCreateInput!) { studentCreate(input: $input) { student { id localId } userErrors { code } } }`;

describe('idempotency keys', () => {
  let app: TestApp;
  let token: string;
  let schoolId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const school = await f.school();
    schoolId = gid('School', school.id);
    token = app.token((await f.staff(StaffRole.DISTRICT_ADMIN)).id);
  });
  afterAll(() => app.close());

  const send = (key: string, localId: string) =>
    fetch(`${app.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
      body: JSON.stringify({
        query: CREATE,
        variables: { input: { localId, givenName: 'Imani', familyName: 'Okonkwo-Reyes', birthDate: '2016-03-04', gradeLevel: 'G4', enrollment: { schoolId, entryDate: '2026-08-26' } } },
      }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  const countStudents = async (localId: string) => (await app.ds.query(`SELECT count(*)::int AS n FROM student WHERE local_id = $1`, [localId]))[0].n;

  it('runs a mutation fired twice in parallel with one key once, and answers both the same', async () => {
    const [a, b] = await Promise.all([send('create-IDEM1', 'IDEM1'), send('create-IDEM1', 'IDEM1')]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.body.data.studentCreate.student).not.toBeNull();
    expect(b.body).toEqual(a.body);
    expect(await countStudents('IDEM1')).toBe(1);
  });

  it('replays the first response to a later retry', async () => {
    const first = await send('create-IDEM2', 'IDEM2');
    const retry = await send('create-IDEM2', 'IDEM2');
    expect(retry.body).toEqual(first.body);
    expect(await countStudents('IDEM2')).toBe(1);
  });

  it('refuses the same key with a different request', async () => {
    await send('create-IDEM3', 'IDEM3');
    const other = await send('create-IDEM3', 'IDEM4');
    expect(other.status).toBe(422);
    expect(other.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await countStudents('IDEM4')).toBe(0);
  });

  it('without a key, a retry is a second request', async () => {
    const plain = await app.gql(CREATE, {
      input: { localId: 'IDEM5', givenName: 'Imani', familyName: 'Okonkwo-Reyes', birthDate: '2016-03-04', gradeLevel: 'G4', enrollment: { schoolId, entryDate: '2026-08-26' } },
    }, token);
    expect(plain.data.studentCreate.student.localId).toBe('IDEM5');
  });
});
