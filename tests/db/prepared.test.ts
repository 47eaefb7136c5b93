import { loadConfig } from '../../src/config';
import { createDataSource } from '../../src/db/data-source';
import { preparedQuery } from '../../src/db/prepared';
import { createTestDatabase, testDbUrl, type TestDatabase } from '../support/test-db';

/**
 * The hot reads' named prepared statements (src/db/prepared.ts): the same rows either way, a named
 * statement left on the connection where they are on, none where they are off (a pooler in
 * transaction mode) or the connections share one session (PGlite, found by asking the server).
 */
describe('named prepared statements', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    await db.ds.query(`CREATE TABLE ${db.schema}.probe (id int PRIMARY KEY, label text)`);
    await db.ds.query(`INSERT INTO ${db.schema}.probe SELECT n, 'row ' || n FROM generate_series(1, 20) n`);
  });
  afterAll(() => db.drop());

  const STATEMENT = 'SELECT id, label FROM probe WHERE id = ANY($1::int[]) ORDER BY id';

  /** A one-connection pool on the test schema, so the session's prepared statements can be read back. */
  async function onePool(namedStatements: boolean) {
    const ds = createDataSource({ url: testDbUrl(), schema: db.schema, poolMax: 1, namedStatements });
    await ds.initialize();
    if (db.onPglite) await ds.query(`SET search_path TO ${db.schema}`);
    return ds;
  }

  it('answers the same rows named or unnamed, and leaves a named statement on the connection only when on (never on PGlite)', async () => {
    for (const named of [true, false]) {
      const ds = await onePool(named);
      try {
        const before: { n: number }[] = await ds.query('SELECT count(*)::int AS n FROM pg_prepared_statements');
        for (let i = 0; i < 3; i++) {
          expect(await preparedQuery(ds, STATEMENT, [[3, 1, 99]])).toEqual([
            { id: 1, label: 'row 1' },
            { id: 3, label: 'row 3' },
          ]);
        }
        const prepared: { statement: string }[] = await ds.query('SELECT statement FROM pg_prepared_statements');
        // PGlite's pool shares one session: a name one client prepared would already exist for the next.
        const expected = named && !db.onPglite ? 1 : 0;
        expect(prepared.filter((p) => p.statement === STATEMENT)).toHaveLength(expected);
        expect(prepared.length - before[0].n).toBe(expected);
      } finally {
        await ds.destroy();
      }
    }
  });

  it('is on unless DB_PREPARED_STATEMENTS turns it off, and refuses other values by name', () => {
    expect(loadConfig({}).dbPreparedStatements).toBe(true);
    expect(loadConfig({ DB_PREPARED_STATEMENTS: 'off' }).dbPreparedStatements).toBe(false);
    expect(loadConfig({ DB_PREPARED_STATEMENTS: 'false' }).dbPreparedStatements).toBe(false);
    expect(loadConfig({ DB_PREPARED_STATEMENTS: 'on' }).dbPreparedStatements).toBe(true);
    expect(() => loadConfig({ DB_PREPARED_STATEMENTS: 'yes please' })).toThrow(/DB_PREPARED_STATEMENTS must be on or off/);
  });
});
