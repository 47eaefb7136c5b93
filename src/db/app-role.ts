/**
 * Least privilege for the application's queries (FERPA, 34 CFR 99.31; the audit trail of 99.32 must
 * not be rewritable by the software it records). Migrations run as the schema's owner; the server's
 * pool switches every connection to a NOLOGIN role that may read and write the domain tables but
 * may only SELECT and INSERT the audit trails, so neither a bug nor an injected statement can edit
 * or erase who read or changed a student's record. The append-only trigger stays as the second lock
 * (it also binds the owner).
 */
import { quoteIdent } from '../common/sql-text';

/** The trails of who changed (audit_event) and who read (student_access_event) student records. */
export const AUDIT_TABLES = ['audit_event', 'student_access_event'] as const;

/** Role names we accept: a plain lower-case identifier, so it can be spliced into SQL and startup options. */
export const APP_ROLE_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Creates the role if missing and (re)grants it exactly what the application needs on every table
 * and sequence of the current schema. Run by the migrator, as the owner, after every migration run:
 * re-applying the whole list means a table added by a later migration is covered without each
 * migration remembering to grant, and the audit tables' restriction has one home. Idempotent.
 *
 * Roles are cluster-wide: two processes (parallel test files, two replicas starting) can race to
 * create it, so a concurrent creation (duplicate_object, or unique_violation on pg_authid) counts as
 * success. A DBA may create the role beforehand; then the migrator needs no CREATEROLE.
 */
export async function applyAppRoleGrants(
  runner: SqlRunner,
  role: string,
  options: {
    /**
     * One URL for the migrator and the server: the login user switches to the role itself, so it
     * must be a member (a superuser is implicitly; a CREATEROLE owner that made it may grant it).
     * With MIGRATION_DATABASE_URL the DBA makes the server's login a member instead.
     */
    memberIsMigrator: boolean;
  },
): Promise<void> {
  if (!APP_ROLE_PATTERN.test(role)) throw new Error(`database role "${role}" is not a plain lower-case identifier`);
  const rows = (await runner.query('SELECT current_schema() AS schema')) as { schema: string | null }[];
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('no current schema to grant on (check search_path)');
  const r = quoteIdent(role);
  const s = quoteIdent(schema);
  await runner.query(`DO $$
    BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN
        CREATE ROLE ${r} NOLOGIN;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END $$`);
  if (options.memberIsMigrator) {
    await runner.query(`DO $$
      BEGIN
        IF NOT pg_has_role(current_user, '${role}', 'MEMBER') THEN
          GRANT ${r} TO CURRENT_USER;
        END IF;
      END $$`);
  }
  await runner.query(`GRANT USAGE ON SCHEMA ${s} TO ${r}`);
  await runner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r}`);
  await runner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`);
  const present = (await runner.query(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = ANY($2)`,
    [schema, [...AUDIT_TABLES, 'migrations']],
  )) as { name: string }[];
  const has = new Set(present.map((p) => p.name));
  const audit = AUDIT_TABLES.filter((t) => has.has(t)).map((t) => `${s}.${quoteIdent(t)}`);
  if (audit.length) await runner.query(`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${audit.join(', ')} FROM ${r}`);
  // The migration history is the owner's business: the application neither reads nor writes it.
  if (has.has('migrations')) await runner.query(`REVOKE ALL ON ${s}."migrations" FROM ${r}`);
}
