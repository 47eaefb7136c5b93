import { UserInputError } from '../../../common/errors';
import type { ImportJob } from '../import-job';
import type { SourceRecord } from './oneroster-records';

export type Data = Record<string, any>;

export const later = (a: string, b: string) => (a > b ? a : b);

export async function refuse(job: ImportJob, entity: string, rec: SourceRecord, column: string, reason: string): Promise<void> {
  job.tally.add(entity, 'rejected');
  await job.rejects.add({ file: rec.sourceFile ?? '', row: rec.sourceLine ?? 0, column, reason });
}

/**
 * Runs one service call for a record. A refusal by the service's rules (UserInputError) rejects the
 * record with the service's message, naming the file's column for the input field it concerns;
 * the service's savepoint has undone whatever it wrote.
 */
export async function attempt<T>(job: ImportJob, entity: string, rec: SourceRecord, columns: Record<string, string>, call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    const first = error.errors[0];
    const field = first?.field.find((f) => columns[f] !== undefined);
    await refuse(job, entity, rec, field ? columns[field] : '', error.errors.map((e) => e.message).join('; '));
    return null;
  }
}

/**
 * Runs one set-based derivation (school enrollments, caseload pairs) over every record of a
 * district: in its own transaction with a statement timeout for bulk work rather than the API's
 * (DB_STATEMENT_TIMEOUT_MS is sized for requests).
 */
export async function derive(job: ImportJob, sql: string, params: unknown[]): Promise<void> {
  await job.ctx.db.transaction(async (em) => {
    await em.query(`SET LOCAL statement_timeout = '${DERIVE_TIMEOUT}'`);
    await em.query(sql, params);
  });
}

const DERIVE_TIMEOUT = '15min';

/** The entry date a student enrollment row gives: its beginDate, else its class's first term start, else today. */
export const ENTRY_SQL = `COALESCE(e.data->>'beginDate',
  (SELECT min(s.data->>'startDate') FROM import_source_record c
     JOIN import_source_record s ON s.source_system = c.source_system AND s.source_type = 'academicSession'
      AND s.source_id IN (SELECT jsonb_array_elements_text(c.data->'termSourcedIds'))
    WHERE c.source_system = e.source_system AND c.source_type = 'class' AND c.source_id = e.data->>'classSourcedId'),
  $today)`;

export const withToday = (sql: string, n: number) => sql.replace(/\$today/g, `$${n}::text`);
