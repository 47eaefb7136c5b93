import path from 'node:path';
import { types } from 'pg';
import { DataSource } from 'typeorm';
import { entities } from './entities';

// A PostgreSQL `date` is a calendar day, not an instant: keep it as 'YYYY-MM-DD' rather than
// letting node-postgres turn it into a Date at local midnight (which shifts across time zones).
types.setTypeParser(1082, (value: string) => value);
// int8 counts fit comfortably in a JS number for our volumes.
types.setTypeParser(20, (value: string) => Number(value));

export interface DataSourceOptions {
  url: string;
  /** A schema other than public: tests run each file in a schema of its own. */
  schema?: string;
  poolMax?: number;
  statementTimeoutMs?: number;
  logging?: boolean;
  /** Shown in pg_stat_activity; tests name their pool after their schema. */
  applicationName?: string;
}

/** Compiled runs load dist/migrations/*.js; ts-jest and ts-node load the .ts sources. */
export const migrationsGlob = path.join(__dirname, '..', '..', 'migrations', `*${path.extname(__filename)}`);

export function createDataSource(options: DataSourceOptions): DataSource {
  const extra: Record<string, unknown> = {
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  };
  if (options.statementTimeoutMs) extra.statement_timeout = options.statementTimeoutMs;
  if (options.schema) extra.options = `-c search_path=${options.schema}`;
  extra.application_name = options.applicationName ?? 'tiered';
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities,
    migrations: [migrationsGlob],
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: options.logging ? ['query', 'error'] : false,
    extra,
  });
}
