// Development aid: `npx ts-node --transpile-only scripts/gen-migration.ts` applies the existing
// migrations to a scratch schema on the local PostgreSQL and prints the SQL TypeORM would still
// need to match the entities: the starting point of the next migration (review it by hand).
import 'reflect-metadata';
import { Pool } from 'pg';
import { createDataSource } from '../src/db/data-source';

(async () => {
  const url = process.env.GEN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const schema = `gen_${Date.now()}`;
  const pool = new Pool({ connectionString: url });
  await pool.query(`CREATE SCHEMA ${schema}`);
  const ds = createDataSource({ url, schema });
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const sql = await ds.driver.createSchemaBuilder().log();
    const unqualify = (q: string) => q.split(`"${schema}".`).join('');
    for (const q of sql.upQueries) console.log(`${unqualify(q.query)};`);
    console.log('-- DOWN');
    for (const q of sql.downQueries.reverse()) console.log(`${unqualify(q.query)};`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
  }
})();
