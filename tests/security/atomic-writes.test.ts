import { StaffRole } from '../../src/common/auth/roles';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Multi-row writes run in one transaction: a failure injected into the last row (a trigger that
 * raises, standing in for a crash, a constraint or a lost connection) leaves nothing behind.
 */
describe('multi-row writes are all or nothing', () => {
  let app: TestApp;
  let admin: string;
  let schoolId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const school = await f.school();
    schoolId = gid('School', school.id);
    admin = app.token((await f.staff(StaffRole.DISTRICT_ADMIN)).id);
    await app.ds.query(`CREATE FUNCTION fail_injected() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`);
  });
  afterAll(() => app.close());

  it('studentCreate: a failing enrollment insert takes the student and its audit rows with it', async () => {
    await app.ds.query(`CREATE TRIGGER inject BEFORE INSERT ON enrollment FOR EACH ROW EXECUTE FUNCTION fail_injected()`);
    const before = await app.ds.query(`SELECT (SELECT count(*) FROM student)::int AS students, (SELECT count(*) FROM audit_event)::int AS audits`);
    const response = await app.gql(
      `mutation ($input: StudentCreateInput!) { studentCreate(input: $input) { student { id } userErrors { code } } }`,
      { input: { localId: 'ATOMIC01', givenName: 'Rowan', familyName: 'Achterberg', birthDate: '2015-01-02', gradeLevel: 'G5', enrollment: { schoolId, entryDate: '2026-08-26' } } },
      admin,
    );
    await app.ds.query(`DROP TRIGGER inject ON enrollment`);
    expect(response.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(response.errors?.[0].message).not.toMatch(/injected/);
    const after = await app.ds.query(`SELECT (SELECT count(*) FROM student)::int AS students, (SELECT count(*) FROM audit_event)::int AS audits`);
    expect(after).toEqual(before);
  });

  it('a bulk screening sheet: a failure on the last row writes none of them', async () => {
    const f = factories(app.ds);
    await app.ds.query(`INSERT INTO school_year (name, start_date, end_date) VALUES ('2026-2027', '2026-08-24', '2027-06-11')`);
    const school = (await app.ds.query(`SELECT id FROM school LIMIT 1`))[0];
    const students = [await f.student({ id: school.id } as never), await f.student({ id: school.id } as never), await f.student({ id: school.id } as never)];
    await app.ds.query(
      `CREATE TRIGGER inject BEFORE INSERT ON screening_result FOR EACH ROW WHEN (NEW.student_id = '${students[2].id}') EXECUTE FUNCTION fail_injected()`,
    );
    const response = await app.gql(
      `mutation ($input: ScreeningResultsRecordInput!) { screeningResultsRecord(input: $input) { screeningResults { id } userErrors { code } } }`,
      { input: { domain: 'MATH', window: 'FALL', assessment: 'Universal Math Screener', administeredOn: '2026-09-15', results: students.map((s) => ({ studentId: gid('Student', s.id), score: 10, percentile: 40 })) } },
      admin,
    );
    await app.ds.query(`DROP TRIGGER inject ON screening_result`);
    expect(response.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM screening_result`)).toEqual([{ n: 0 }]);
  });
});
