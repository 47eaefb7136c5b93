import { createTestDatabase, type TestDatabase } from '../support/test-db';

const tablesIn = async (db: TestDatabase) =>
  (await db.ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [db.schema])).map(
    (r: { table_name: string }) => r.table_name,
  );

describe('migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(() => db.drop());

  it('apply, leave no difference from the entities, revert completely and apply again', async () => {
    const applied = await db.ds.runMigrations({ transaction: 'each' });
    expect(applied.length).toBeGreaterThan(0);
    expect(await tablesIn(db)).toEqual(expect.arrayContaining(['student', 'enrollment', 'staff_user', 'school', 'audit_event']));

    // The entities describe exactly what the migrations built: nothing for a schema diff to change.
    const diff = await db.ds.driver.createSchemaBuilder().log();
    expect(diff.upQueries.map((q) => q.query)).toEqual([]);

    for (let i = 0; i < applied.length; i++) await db.ds.undoLastMigration({ transaction: 'each' });
    expect(await tablesIn(db)).toEqual(['migrations']);
    const types = await db.ds.query(
      `SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typtype = 'e'`,
      [db.schema],
    );
    expect(types).toEqual([]);

    await db.ds.runMigrations({ transaction: 'each' });
    expect((await db.ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });

  it('keeps the audit trail append-only', async () => {
    await db.ds.query(`INSERT INTO audit_event (action, entity_type) VALUES ('test.write', 'Test')`);
    await expect(db.ds.query(`UPDATE audit_event SET action = 'rewritten'`)).rejects.toThrow(/append-only/);
    await expect(db.ds.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
  });
});
