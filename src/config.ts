import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { APP_ROLE_PATTERN } from './db/app-role';

export type JwtKeyConfig =
  | { algorithm: 'HS256'; secret: string }
  | { algorithm: 'RS256'; publicKey: string };

export interface AppConfig {
  nodeEnv: string;
  port: number;
  host: string;
  /** Unset: the embedded PostgreSQL (PGlite) in `dataDir`. */
  databaseUrl?: string;
  /** The schema owner's URL for migrations and grants; unset: `databaseUrl`. */
  migrationDatabaseUrl?: string;
  /**
   * DB_APP_ROLE: the least-privilege role the server's queries run as (no UPDATE/DELETE on the audit
   * trails); undefined when turned off (`none`). Not applied to the embedded database.
   */
  dbAppRole?: string;
  dataDir: string;
  /** Unset in embedded mode: a key generated into the data directory. */
  jwt?: JwtKeyConfig;
  jwtIssuer: string;
  jwtAudience: string;
  /** Local calendar of the district: "today" for scoping and queues is a date in this zone. */
  timeZone: string;
  logLevel: string;
  dbPoolMax: number;
  statementTimeoutMs: number;
  /** PostgreSQL `work_mem` of the app's connections (DB_WORK_MEM): the rollups' sorts and hashes. */
  dbWorkMem: string;
  /**
   * Hot reads run as named prepared statements (DB_PREPARED_STATEMENTS, default on). Off for a
   * connection pooler in transaction mode that does not track them (PgBouncer before 1.21, or
   * without max_prepared_statements).
   */
  dbPreparedStatements: boolean;
  requestTimeoutMs: number;
  /** Browser origins allowed by CORS (CORS_ORIGINS, comma-separated); none by default. */
  corsOrigins: string[];
  /** IMPORT_DIR: the only folder the importRun mutation reads server-side files from; unset, it is refused. */
  importDir?: string;
}

export class ConfigError extends Error {}

function readInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function readKey(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  // Accept either the PEM itself (with literal \n escapes, as .env files carry it) or a path to it.
  if (raw.includes('-----BEGIN')) return raw.replace(/\\n/g, '\n');
  if (existsSync(raw)) return readFileSync(raw, 'utf8');
  throw new ConfigError(`${name} must be a PEM key or the path of a PEM file`);
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** IMPORT_DIR resolved to an absolute path; it must be an existing folder. Unset: undefined. */
export function readImportDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.IMPORT_DIR;
  if (!raw) return undefined;
  const dir = path.resolve(raw);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ConfigError(`IMPORT_DIR "${raw}" is not an existing folder`);
  return dir;
}

/** The rollups sort and hash one row per enrolled student; 4 MB (PostgreSQL's default) spills them to disk at district scale. */
export const DEFAULT_DB_WORK_MEM = '32MB';

function readWorkMem(env: NodeJS.ProcessEnv): string {
  const raw = env.DB_WORK_MEM || DEFAULT_DB_WORK_MEM;
  const match = /^(\d+)(kB|MB|GB)$/.exec(raw);
  const kilobytes = match ? Number(match[1]) * { kB: 1, MB: 1024, GB: 1024 * 1024 }[match[2] as 'kB' | 'MB' | 'GB'] : 0;
  if (kilobytes < 64 || kilobytes > 2 * 1024 * 1024) {
    throw new ConfigError(`DB_WORK_MEM "${raw}" must be a size from 64kB to 2GB, written like 32MB`);
  }
  return raw;
}

function readOnOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'true') return true;
  if (raw === 'off' || raw === 'false') return false;
  throw new ConfigError(`${name} must be on or off (got "${raw}")`);
}

function readAppRole(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.DB_APP_ROLE || 'tiered_app';
  if (raw === 'none') return undefined;
  if (!APP_ROLE_PATTERN.test(raw)) {
    throw new ConfigError(`DB_APP_ROLE must be a lower-case PostgreSQL identifier (letters, digits, _; at most 63) or "none" (got "${raw}")`);
  }
  return raw;
}

/** Reads and validates every environment variable the service uses, once, at start-up. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const secret = env.JWT_SECRET;
  const publicKey = readKey(env, 'JWT_PUBLIC_KEY');
  if (secret && publicKey) throw new ConfigError('set JWT_SECRET or JWT_PUBLIC_KEY, not both');
  if (secret !== undefined && secret.length < 32) {
    throw new ConfigError('JWT_SECRET must be at least 32 characters');
  }
  const jwt: JwtKeyConfig | undefined = secret
    ? { algorithm: 'HS256', secret }
    : publicKey
      ? { algorithm: 'RS256', publicKey }
      : undefined;
  const databaseUrl = env.DATABASE_URL || undefined;
  const migrationDatabaseUrl = env.MIGRATION_DATABASE_URL || undefined;
  if (migrationDatabaseUrl && !databaseUrl) throw new ConfigError('MIGRATION_DATABASE_URL needs DATABASE_URL (the embedded database has one user)');
  const nodeEnv = env.NODE_ENV || 'development';
  if (!jwt && (databaseUrl || nodeEnv === 'production')) {
    throw new ConfigError('JWT_SECRET or JWT_PUBLIC_KEY is required with DATABASE_URL or NODE_ENV=production');
  }
  const timeZone = env.DISTRICT_TIME_ZONE || 'America/New_York';
  if (!isValidTimeZone(timeZone)) throw new ConfigError(`DISTRICT_TIME_ZONE "${timeZone}" is not an IANA time zone`);
  const logLevel = env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL "${logLevel}" is not a pino level`);
  }
  return {
    nodeEnv,
    port: readInt(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl,
    migrationDatabaseUrl,
    dbAppRole: readAppRole(env),
    dataDir: path.resolve(env.DATA_DIR || '.data'),
    jwt,
    jwtIssuer: env.JWT_ISSUER || 'tiered',
    jwtAudience: env.JWT_AUDIENCE || 'tiered-api',
    timeZone,
    logLevel,
    dbPoolMax: readInt(env, 'DB_POOL_MAX', 10, 1, 200),
    statementTimeoutMs: readInt(env, 'DB_STATEMENT_TIMEOUT_MS', 15000, 100, 600000),
    dbWorkMem: readWorkMem(env),
    dbPreparedStatements: readOnOff(env, 'DB_PREPARED_STATEMENTS', true),
    requestTimeoutMs: readInt(env, 'REQUEST_TIMEOUT_MS', 30000, 100, 600000),
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    importDir: readImportDir(env),
  };
}
