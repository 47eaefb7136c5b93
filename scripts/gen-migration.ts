// Development aid: prints the SQL TypeORM would need to bring an empty schema to the entities.
import 'reflect-metadata';
import { Pool } from 'pg';
import { createDataSource } from '../src/db/data-source';

(async () => {
  const url = process.env.GEN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const schema = `gen_${Date.now()}`;
  const pool = new Pool({ connectionString: url });
  await pool.query(`CREATE SCHEMA ${schema}`);
  const ds = createDataSource({ url, schema });
  await ds.initialize();
  const sql = await ds.driver.createSchemaBuilder().log();
  for (const q of sql.upQueries) console.log(q.query + ';');
  console.log('-- DOWN');
  for (const q of sql.downQueries.reverse()) console.log(q.query + ';');
  await ds.destroy();
  await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  await pool.end();
})();
