import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { StaffRole } from '../../src/common/auth/roles';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/database';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { TEST_APP_ROLE } from '../support/test-db';

const PERMISSION_DENIED = '42501';

describe("the application's database role", () => {
  let app: TestApp;
  let admin: string;
  let studentId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const school = await f.school();
    admin = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [school])).id);
    studentId = gid('Student', (await f.student(school)).id);
  });
  afterAll(() => app.close());

  /**
   * Runs `work` through the server's pool as the application's role. On PostgreSQL the pool is
   * already switched (checked, not assumed: a superuser would pass every grant check); PGlite's
   * pool cannot be (one shared session), so there the role is taken for this transaction only.
   */
  const asAppRole = <T>(work: (em: EntityManager) => Promise<T>) =>
    app.db.appDs.transaction(async (em) => {
      if (app.db.onPglite) await em.query(`SET LOCAL ROLE ${TEST_APP_ROLE}`);
      const [who] = await em.query('SELECT current_user AS "currentUser", (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS super');
      expect(who).toEqual({ currentUser: TEST_APP_ROLE, super: false });
      return work(em);
    });

  const expectDenied = (sql: string) =>
    expect(asAppRole((em) => em.query(sql))).rejects.toMatchObject({ code: PERMISSION_DENIED, message: expect.stringMatching(/permission denied|must be owner/) });

  it("is the role the server's pool runs as on PostgreSQL (embedded PGlite runs without it)", async () => {
    const [who] = await app.db.appDs.query('SELECT current_user AS "currentUser"');
    expect(who.currentUser).toBe(app.db.onPglite ? 'postgres' : TEST_APP_ROLE);
    if (!app.db.onPglite) expect(app.db.appDs).not.toBe(app.ds);
  });

  it('may append to and read both audit trails', async () => {
    await asAppRole(async (em) => {
      await em.query(`INSERT INTO audit_event (action, entity_type) VALUES ('grants.probe', 'Probe')`);
      await em.query(
        `INSERT INTO student_access_event (actor_id, actor_role, operation, request_id, student_ids) VALUES (gen_random_uuid(), 'TEACHER', 'GrantsProbe', 'probe', '{}')`,
      );
      expect((await em.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'grants.probe'`))[0].n).toBe(1);
      expect((await em.query(`SELECT count(*)::int AS n FROM student_access_event WHERE operation = 'GrantsProbe'`))[0].n).toBe(1);
    });
  });

  it.each(['audit_event', 'student_access_event'])('may not update, delete or truncate %s', async (table) => {
    await expectDenied(`UPDATE ${table} SET occurred_at = now()`);
    await expectDenied(`DELETE FROM ${table}`);
    // TRUNCATE fires no row trigger: without the grant the append-only trigger alone would not stop it.
    await expectDenied(`TRUNCATE ${table}`);
  });

  it('may neither read nor rewrite the migration history, nor change the schema', async () => {
    await expectDenied('SELECT count(*) FROM migrations');
    await expectDenied('DELETE FROM migrations');
    await expectDenied('ALTER TABLE student ADD COLUMN probe int');
    await expectDenied('DROP TRIGGER audit_event_no_update_or_delete ON audit_event');
  });

  it('still reads and writes student records through the API, and the trails record both', async () => {
    const writesBefore = (await app.ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'student.update'`))[0].n;
    const update = await app.gql(
      'mutation ($input: StudentUpdateInput!) { studentUpdate(input: $input) { student { englishLearner version } userErrors { code } } }',
      { input: { id: studentId, expectedVersion: 1, englishLearner: true } },
      admin,
    );
    expect(update.errors).toBeUndefined();
    expect(update.data.studentUpdate).toEqual({ student: { englishLearner: true, version: 2 }, userErrors: [] });
    const read = await app.gql('query GrantsRead($id: ID!) { student(id: $id) { id englishLearner } }', { id: studentId }, admin);
    expect(read.errors).toBeUndefined();
    expect(read.data.student.englishLearner).toBe(true);
    expect((await app.ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'student.update'`))[0].n).toBe(writesBefore + 1);
    expect((await app.ds.query(`SELECT count(*)::int AS n FROM student_access_event WHERE operation = 'GrantsRead'`))[0].n).toBe(1);
  });
});

/**
 * The production wiring (openDatabase with DATABASE_URL), on a database of its own: migrations and
 * grants as the owner, then a pool that runs as DB_APP_ROLE. PostgreSQL only: the embedded
 * database deliberately runs without the role.
 */
const onPostgres = process.env.TIERED_TEST_DB_KIND === 'postgres' && Boolean(process.env.TEST_DATABASE_URL);
(onPostgres ? describe : describe.skip)('openDatabase on PostgreSQL', () => {
  const serverUrl = process.env.TEST_DATABASE_URL ?? '';
  const name = `tiered_grants_${randomBytes(4).toString('hex')}`;
  const onServer = async (sql: string) => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const databaseUrl = () => {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };

  beforeAll(() => onServer(`CREATE DATABASE ${name}`));
  afterAll(() => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

  it('migrates as the owner and serves as DB_APP_ROLE, which cannot erase the trail', async () => {
    const config = loadConfig({ DATABASE_URL: databaseUrl(), JWT_SECRET: 'x'.repeat(32), DB_APP_ROLE: TEST_APP_ROLE, DB_WORK_MEM: '48MB' });
    const db = await openDatabase(config);
    try {
      expect(db.description).toContain(`as role ${TEST_APP_ROLE}`);
      const [session] = await db.ds.query(`SELECT current_setting('work_mem') AS "workMem", current_setting('jit') AS jit`);
      expect(session).toEqual({ workMem: '48MB', jit: 'off' });
      const [who] = await db.ds.query('SELECT current_user AS "currentUser", session_user AS "sessionUser"');
      expect(who.currentUser).toBe(TEST_APP_ROLE);
      expect(who.sessionUser).not.toBe(TEST_APP_ROLE);
      await db.ds.query(`INSERT INTO audit_event (action, entity_type) VALUES ('grants.probe', 'Probe')`);
      await expect(db.ds.query('DELETE FROM audit_event')).rejects.toMatchObject({ code: PERMISSION_DENIED });
      await expect(db.ds.query('TRUNCATE student_access_event')).rejects.toMatchObject({ code: PERMISSION_DENIED });
    } finally {
      await db.close();
    }
    const owner = await openDatabase(config, { owner: true });
    try {
      const [who] = await owner.ds.query('SELECT current_user AS "currentUser"');
      expect(who.currentUser).not.toBe(TEST_APP_ROLE);
    } finally {
      await owner.close();
    }
  });

  it("with two URLs, a login that owns nothing cannot erase the trail even after SET ROLE NONE (the DBA's setup)", async () => {
    const tag = randomBytes(4).toString('hex');
    const [owner, appRole, web, database] = [`tiered_t${tag}_owner`, `tiered_t${tag}_app`, `tiered_t${tag}_web`, `tiered_t${tag}_db`];
    const password = randomBytes(12).toString('hex');
    const urlFor = (user: string) => {
      const url = new URL(serverUrl);
      Object.assign(url, { username: user, password, pathname: `/${database}` });
      return url.toString();
    };
    await onServer(`CREATE ROLE ${owner} LOGIN PASSWORD '${password}'`);
    await onServer(`CREATE ROLE ${appRole} NOLOGIN`);
    await onServer(`CREATE ROLE ${web} LOGIN PASSWORD '${password}' IN ROLE ${appRole}`);
    await onServer(`CREATE DATABASE ${database} OWNER ${owner}`);
    try {
      const config = loadConfig({ DATABASE_URL: urlFor(web), MIGRATION_DATABASE_URL: urlFor(owner), JWT_SECRET: 'x'.repeat(32), DB_APP_ROLE: appRole });
      const db = await openDatabase(config);
      const session = db.ds.createQueryRunner();
      try {
        const [who] = await session.query('SELECT current_user AS "currentUser", session_user AS "sessionUser"');
        expect(who).toEqual({ currentUser: appRole, sessionUser: web });
        await session.query(`INSERT INTO audit_event (action, entity_type) VALUES ('grants.probe', 'Probe')`);
        // RESET ROLE would only return to the startup role; SET ROLE NONE drops to the login itself.
        await session.query('SET ROLE NONE');
        expect((await session.query('SELECT current_user AS u'))[0].u).toBe(web);
        await expect(session.query('DELETE FROM audit_event')).rejects.toMatchObject({ code: PERMISSION_DENIED });
        await expect(session.query('TRUNCATE audit_event')).rejects.toMatchObject({ code: PERMISSION_DENIED });
        await expect(session.query('DROP TRIGGER audit_event_no_update_or_delete ON audit_event')).rejects.toMatchObject({ code: PERMISSION_DENIED });
      } finally {
        await session.release();
        await db.close();
      }
    } finally {
      await onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      for (const role of [web, appRole, owner]) await onServer(`DROP ROLE IF EXISTS ${role}`);
    }
  });

  it('can be turned off with DB_APP_ROLE=none', async () => {
    const db = await openDatabase(loadConfig({ DATABASE_URL: databaseUrl(), JWT_SECRET: 'x'.repeat(32), DB_APP_ROLE: 'none' }));
    try {
      const [who] = await db.ds.query('SELECT current_user = session_user AS same');
      expect(who.same).toBe(true);
    } finally {
      await db.close();
    }
  });
});

describe('database settings', () => {
  it('defaults to tiered_app and refuses names that are not plain identifiers', () => {
    expect(loadConfig({}).dbAppRole).toBe('tiered_app');
    expect(loadConfig({ DB_APP_ROLE: 'none' }).dbAppRole).toBeUndefined();
    expect(() => loadConfig({ DB_APP_ROLE: 'app; DROP ROLE postgres' })).toThrow(/DB_APP_ROLE must be/);
  });

  it('gives the connections 32MB of work_mem unless DB_WORK_MEM says otherwise, and refuses sizes it cannot pass on', () => {
    expect(loadConfig({}).dbWorkMem).toBe('32MB');
    expect(loadConfig({ DB_WORK_MEM: '256MB' }).dbWorkMem).toBe('256MB');
    for (const bad of ['32', '32 MB', '1kB', '3GB', '32MB -c role=postgres']) {
      expect(() => loadConfig({ DB_WORK_MEM: bad })).toThrow(/DB_WORK_MEM "/);
    }
  });
});
