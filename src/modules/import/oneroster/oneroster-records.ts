import type { EntityManager } from 'typeorm';
import type { ImportJob } from '../import-job';

export const SYSTEM = 'oneroster';

/** A record as the source last sent it (or as derived from several), with where it came from. */
export interface SourceRecord<D = Record<string, any>> {
  sourceId: string;
  status: 'active' | 'tobedeleted';
  data: D;
  entityId: string | null;
  sourceFile: string | null;
  sourceLine: number | null;
}

const COLUMNS = `r.source_id AS "sourceId", r.status, r.data, r.entity_id AS "entityId", r.source_file AS "sourceFile", r.source_line AS "sourceLine"`;

/** Upserts records of one type (one statement), keeping the entity they already map to. */
export async function upsertRecords(
  em: EntityManager,
  sourceType: string,
  rows: { sourceId: string; status: string; data: object; file: string | null; line: number | null }[],
): Promise<void> {
  if (rows.length === 0) return;
  await em.query(
    `INSERT INTO import_source_record (source_system, source_type, source_id, status, data, source_file, source_line, updated_at)
     SELECT $1, $2, u.id, u.status, u.data::jsonb, u.file, u.line, now()
       FROM unnest($3::varchar[], $4::varchar[], $5::text[], $6::varchar[], $7::int[]) AS u(id, status, data, file, line)
     ON CONFLICT (source_system, source_type, source_id) DO UPDATE
        SET status = EXCLUDED.status, data = EXCLUDED.data, source_file = EXCLUDED.source_file,
            source_line = EXCLUDED.source_line, updated_at = now()`,
    [SYSTEM, sourceType, rows.map((r) => r.sourceId), rows.map((r) => r.status), rows.map((r) => JSON.stringify(r.data)), rows.map((r) => r.file), rows.map((r) => r.line)],
  );
}

export async function mapRecord(em: EntityManager, sourceType: string, sourceId: string, entityType: string, entityId: string): Promise<void> {
  await em.query(
    `UPDATE import_source_record SET entity_type = $4, entity_id = $5
      WHERE source_system = $1 AND source_type = $2 AND source_id = $3 AND entity_id IS DISTINCT FROM $5::uuid`,
    [SYSTEM, sourceType, sourceId, entityType, entityId],
  );
}

/** Records of a type by source id (any run). */
export async function recordsById<D = Record<string, any>>(em: EntityManager, sourceType: string, ids: readonly string[]): Promise<Map<string, SourceRecord<D>>> {
  if (ids.length === 0) return new Map();
  const rows: SourceRecord<D>[] = await em.query(
    `SELECT ${COLUMNS} FROM import_source_record r WHERE r.source_system = $1 AND r.source_type = $2 AND r.source_id = ANY($3::varchar[])`,
    [SYSTEM, sourceType, [...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.sourceId, r]));
}

/** The run key that marks a record of a type as sent (or derived) in this run. */
export const seenKey = (sourceType: string, sourceId: string) => `${sourceType}:${sourceId}`;

/**
 * Pages through the records of a type marked seen in this run (under `seenAs`, by default the type), in source id order, each page
 * handed to `apply` inside one transaction.
 */
export async function forEachSeenPage<D>(
  job: ImportJob,
  sourceType: string,
  apply: (em: EntityManager, page: SourceRecord<D>[]) => Promise<void>,
  where = 'true',
  seenAs = sourceType,
): Promise<void> {
  let after = '';
  for (;;) {
    const page: SourceRecord<D>[] = await job.ctx.db.query(
      `SELECT ${COLUMNS} FROM import_source_record r
         JOIN import_run_key k ON k.run_id = $1 AND k.key = $6 || ':' || r.source_id
        WHERE r.source_system = $2 AND r.source_type = $3 AND r.source_id > $4 AND (${where})
        ORDER BY r.source_id LIMIT $5`,
      [job.runId, SYSTEM, sourceType, after, job.batchSize, seenAs],
    );
    if (page.length === 0) return;
    await job.ctx.db.transaction((em) => apply(em, page));
    after = page[page.length - 1].sourceId;
  }
}

/**
 * Refreshes the planner's statistics of the import tables. A bulk file adds tens of thousands of
 * records and run keys at once; planned on the statistics of empty tables, the joins of the apply
 * phases fall back to nested loops that take minutes instead of milliseconds.
 */
export async function refreshStatistics(job: ImportJob): Promise<void> {
  await job.ctx.db.query('ANALYZE import_source_record');
  await job.ctx.db.query('ANALYZE import_run_key');
}
