import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';

/** A row an import did not apply, and why: the file, its line (the header is line 1), the column. */
export interface Rejection {
  file: string;
  row: number;
  /** Empty when the reason concerns the whole row. */
  column: string;
  reason: string;
}

/** How many rejections are kept in memory for the API's answer; the CSV file gets all of them. */
export const REJECTIONS_KEPT = 1000;

export const REJECTION_COLUMNS = ['file', 'row', 'column', 'reason'] as const;

/**
 * Collects rejected rows: all of them to the rejected-rows CSV (when a path is given), the first
 * {@link REJECTIONS_KEPT} in memory for the API, and the count.
 */
export class RejectLog {
  count = 0;
  readonly kept: Rejection[] = [];
  private readonly csv?: ReturnType<typeof stringify>;
  private readonly out?: WriteStream;

  constructor(readonly csvPath?: string) {
    if (csvPath) {
      this.out = createWriteStream(csvPath);
      this.csv = stringify({ header: true, columns: [...REJECTION_COLUMNS] });
      this.csv.pipe(this.out);
    }
  }

  async add(rejection: Rejection): Promise<void> {
    this.count++;
    if (this.kept.length < REJECTIONS_KEPT) this.kept.push(rejection);
    if (this.csv && !this.csv.write(rejection)) await once(this.csv, 'drain');
  }

  async close(): Promise<void> {
    if (!this.csv || !this.out) return;
    this.csv.end();
    await once(this.out, 'finish');
  }
}

/** The kept rejections as CSV text (what the API returns as the report). */
export function rejectionsCsv(rows: readonly Rejection[]): string {
  const quote = (v: string | number) => (/[",\n\r]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [REJECTION_COLUMNS.join(','), ...rows.map((r) => [r.file, r.row, r.column, r.reason].map(quote).join(','))].join('\n') + '\n';
}
