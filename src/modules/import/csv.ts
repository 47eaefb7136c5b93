import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';

/** A file that cannot be imported at all (bad header, broken quoting): refused before anything is written. */
export class MalformedFileError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
  }
}

/** One data row: its line in the file (the header is line 1) and its values by column name. */
export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/** A row the parser could read but not use (a wrong number of fields). */
export interface CsvRowProblem {
  line: number;
  problem: string;
}

export interface CsvColumns {
  /** Columns that must be in the header (in any order). */
  required: readonly string[];
  /** Columns read when present. Others are ignored: OneRoster files carry many we do not use. */
  optional?: readonly string[];
}

const parser = () =>
  parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true, relax_quotes: false });

/**
 * Checks a header row: every required column present, none twice. A missing column names what the
 * file should have, so a wrong export profile is found at once.
 */
export function checkHeader(file: string, header: string[], columns: CsvColumns): void {
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new MalformedFileError(file, `column "${name}" appears twice in the header`);
    seen.add(name);
  }
  const missing = columns.required.filter((c) => !seen.has(c));
  if (missing.length) {
    throw new MalformedFileError(
      file,
      `missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}; the header must include ${columns.required.join(', ')}`,
    );
  }
}

/**
 * Streams a CSV's rows, one at a time, with a bounded buffer: the parser pulls from `input` only as
 * fast as the consumer takes rows, so a file of millions of rows is never held in memory.
 */
export async function* csvRows(input: Readable, file: string, columns: CsvColumns): AsyncGenerator<CsvRow | CsvRowProblem> {
  const records = input.pipe(parser());
  input.on('error', (error) => records.destroy(error));
  let header: string[] | undefined;
  try {
    for await (const { record, info } of records as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record;
        checkHeader(file, header, columns);
        continue;
      }
      if (record.length !== header.length) {
        yield { line: info.lines, problem: `has ${record.length} fields; the header has ${header.length}` };
        continue;
      }
      const values: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) values[header[i]] = record[i];
      yield { line: info.lines, values };
    }
  } catch (error) {
    if (error instanceof MalformedFileError) throw error;
    const code = (error as { code?: string }).code;
    if (code?.startsWith('CSV_')) throw new MalformedFileError(file, `is not valid CSV (${(error as Error).message})`);
    throw error;
  } finally {
    records.destroy();
    input.destroy();
  }
  if (!header) throw new MalformedFileError(file, 'is empty: expected a header row');
}

/**
 * Reads a whole file once without using it: refuses a file whose header or quoting is broken
 * anywhere before the import writes its first row, and counts its rows for the progress display.
 */
export async function checkCsv(input: Readable, file: string, columns: CsvColumns): Promise<number> {
  let rows = 0;
  for await (const _ of csvRows(input, file, columns)) rows++;
  return rows;
}

/** Groups a stream into arrays of at most `size`, pulling the next only when the last was taken. */
export async function* inBatches<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

export const isProblem = (row: CsvRow | CsvRowProblem): row is CsvRowProblem => 'problem' in row;
