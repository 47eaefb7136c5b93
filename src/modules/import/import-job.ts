import type { EntityManager } from 'typeorm';
import type { ViewerContext } from '../../context';
import type { ImportSource } from './import-source';
import type { ImportTally } from './import-summary';
import type { ProgressListener } from './progress';
import type { RejectLog } from './rejects';

export interface ImportOptions {
  /** Rows per batch; each batch is one transaction (attendance: one per writer, committed together). */
  batchSize?: number;
  /** Where to write the rejected-rows CSV (all of them); none when unset. */
  rejectsFile?: string;
  progress?: ProgressListener;
  /** Attendance: the district's category names mapped to Ed-Fi's (see attendance.import.ts). */
  attendanceCategories?: Record<string, string>;
  /** Attendance: concurrent writers of each batch, over disjoint students (see attendance-import.ts). */
  attendanceWriters?: number;
}

/** Everything an importer needs for one run. */
export interface ImportJob {
  /** The district admin running the import: every write is done, scoped and audited as them. */
  ctx: ViewerContext;
  runId: string;
  source: ImportSource;
  rejects: RejectLog;
  tally: ImportTally;
  batchSize: number;
  progress?: ProgressListener;
  options: ImportOptions;
}

export type Importer = (job: ImportJob) => Promise<void>;

export const DEFAULT_BATCH_SIZE = 1000;

/**
 * Records the keys of a batch as seen in this run and returns, for each key already seen (in an
 * earlier batch or earlier in this one), the line that first had it. The keys live in the
 * database, so a file of millions of rows finds its duplicates in bounded memory.
 */
export async function markSeen(em: EntityManager, runId: string, rows: readonly { key: string; line: number }[]): Promise<Map<string, number>> {
  const duplicates = new Map<string, number>();
  const first = new Map<string, number>();
  for (const row of rows) {
    if (first.has(row.key)) duplicates.set(`${row.key}\u0000${row.line}`, first.get(row.key)!);
    else first.set(row.key, row.line);
  }
  const keys = [...first.keys()];
  if (keys.length === 0) return new Map();
  const inserted: { key: string }[] = await em.query(
    `INSERT INTO import_run_key (run_id, key, line)
     SELECT $1, k, l FROM unnest($2::varchar[], $3::int[]) AS u(k, l)
     ON CONFLICT (run_id, key) DO NOTHING RETURNING key`,
    [runId, keys, keys.map((k) => first.get(k)!)],
  );
  const fresh = new Set(inserted.map((r) => r.key));
  const stale = keys.filter((k) => !fresh.has(k));
  if (stale.length) {
    const earlier: { key: string; line: number }[] = await em.query(
      'SELECT key, line FROM import_run_key WHERE run_id = $1 AND key = ANY($2::varchar[])',
      [runId, stale],
    );
    for (const e of earlier) duplicates.set(`${e.key}\u0000${first.get(e.key)}`, e.line);
  }
  // Keyed by key + line: the caller asks about each of its rows.
  return duplicates;
}

export const duplicateOf = (duplicates: Map<string, number>, key: string, line: number): number | undefined =>
  duplicates.get(`${key}\u0000${line}`);
