import path from 'node:path';
import pg, { types } from 'pg';
import { DataSource, type Logger } from 'typeorm';
import { entities } from './entities';
import { withoutNamedStatements } from './prepared';
import { parseTimestamptz } from './timestamps';

// A PostgreSQL `date` is a calendar day, not an instant: keep it as 'YYYY-MM-DD' rather than
// letting node-postgres turn it into a Date at local midnight (which shifts across time zones).
types.setTypeParser(1082, (value: string) => value);
// int8 counts fit comfortably in a JS number for our volumes.
types.setTypeParser(20, (value: string) => Number(value));
// timestamptz: the driver's Dates, parsed by position in the form a UTC session sends (timestamps.ts).
types.setTypeParser(1184, parseTimestamptz);

export interface DataSourceOptions {
  url: string;
  /** A schema other than public: tests run each file in a schema of its own. */
  schema?: string;
  poolMax?: number;
  statementTimeoutMs?: number;
  logging?: boolean;
  /** Shown in pg_stat_activity; tests name their pool after their schema. */
  applicationName?: string;
  /**
   * The role every connection of the pool switches to at start-up (`SET ROLE` through the startup
   * options, so no query ever runs before it): the application's least-privilege role. Not on
   * PGlite, whose connections all share one session.
   */
  role?: string;
  /** Another pool's logger, so the two pools' statements are observed in one place (tests). */
  logger?: Logger;
  /** Session settings of every connection (`-c name=value` at start-up): PostgreSQL only. */
  settings?: Record<string, string>;
  /**
   * Hot reads as named prepared statements (prepared.ts; default true): false behind a
   * transaction-mode pooler that does not track them. (PGlite, whose connections share one
   * session, never names them: prepared.ts asks the server.)
   */
  namedStatements?: boolean;
}

/**
 * The session settings of the app's PostgreSQL connections, shared with the benchmark's floor so
 * both run the same statements under the same settings. JIT is off: the rollups' row estimates
 * (a generated series of dates, CTEs) put trend statements past `jit_above_cost`, and compiling
 * them cost 1-2.5 s against a statement of a few hundred milliseconds.
 */
export const postgresSessionSettings = (workMem: string): Record<string, string> => ({ work_mem: workMem, jit: 'off' });

/** Start-up options (`-c name=value ...`) setting `settings` for the session. */
export const settingsOptions = (settings: Record<string, string>): string =>
  Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`).join(' ');

/** Compiled runs load dist/migrations/*.js; ts-jest and ts-node load the .ts sources. */
export const migrationsGlob = path.join(__dirname, '..', '..', 'migrations', `*${path.extname(__filename)}`);

/**
 * node-postgres with a Pool whose every connection keeps an 'error' listener for life. pg-pool
 * listens only while a connection is idle and TypeORM only once its query runner holds it; a
 * connection the server cuts (restart, failover, pg_terminate_backend) in the gap between the two
 * (a freshly opened connection whose start-up and FATAL arrive in one read) would otherwise emit an
 * unhandled 'error' and take the process down. Pool and query runner still drop the broken
 * connection as before; this only logs it.
 */
function pgWithConnectionsGuarded(logger: () => Logger): typeof pg {
  class GuardedPool extends pg.Pool {
    constructor(config?: pg.PoolConfig) {
      super(config);
      this.on('connect', (client) =>
        client.on('error', (error) => logger().log('warn', `database connection lost: ${error.message}`)),
      );
    }
  }
  return { ...pg, Pool: GuardedPool };
}

export function createDataSource(options: DataSourceOptions): DataSource {
  const extra: Record<string, unknown> = {
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  };
  if (options.statementTimeoutMs) extra.statement_timeout = options.statementTimeoutMs;
  const startupOptions = [
    options.schema ? `-c search_path=${options.schema}` : '',
    options.role ? `-c role=${options.role}` : '',
    options.settings ? settingsOptions(options.settings) : '',
  ].filter(Boolean);
  if (startupOptions.length) extra.options = startupOptions.join(' ');
  extra.application_name = options.applicationName ?? 'tiered';
  // The pool logs through the data source's logger, read when a connection fails (the source exists by then).
  const ds: DataSource = new DataSource({
    type: 'postgres',
    driver: pgWithConnectionsGuarded(() => ds.logger),
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
    ...(options.logger ? { logger: options.logger } : {}),
    extra,
  });
  if (options.namedStatements === false) withoutNamedStatements(ds);
  return ds;
}
