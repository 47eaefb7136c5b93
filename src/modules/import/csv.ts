import type { Readable } from 'node:stream';
import { CsvError, Parser } from 'csv-parse';

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
 * The longest record accepted, in bytes. A quote left open swallows the rest of the file into one
 * field; past this csv-parse refuses it instead of buffering it, so memory stays bounded.
 */
export const MAX_RECORD_BYTES = 1 << 20;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * How every import reads CSV: RFC 4180 with a comma delimiter, LF or CRLF line ends, an optional
 * BOM, fields trimmed outside quotes, strict quoting (a stray quote makes the file malformed), and
 * rows with the wrong number of fields handed back as problems, not errors. Blank lines come through
 * as a record of one empty field and are skipped by {@link dataRecords}, which numbers the lines
 * itself: csv-parse's `info: true` builds an info object per record, which triples its time on a
 * daily attendance file, and gives the line a record ends on, counting a quoted CRLF as two.
 */
const csvParser = () =>
  new Parser({
    bom: true,
    relax_column_count: true,
    relax_quotes: false,
    skip_empty_lines: false,
    trim: true,
    max_record_size: MAX_RECORD_BYTES,
  });

/** One record of a file: the line it starts on (the header is line 1) and its fields. */
interface CsvRecord {
  line: number;
  fields: string[];
}

/** Line breaks inside a record's fields (a quoted line break; a CRLF is one), so the next record's line is known. */
function lineBreaksIn(fields: string[]): number {
  let breaks = 0;
  for (const field of fields) {
    if (field.indexOf('\n') < 0 && field.indexOf('\r') < 0) continue;
    for (let i = 0; i < field.length; i++) {
      const code = field.charCodeAt(i);
      if (code === 10 || (code === 13 && field.charCodeAt(i + 1) !== 10)) breaks++;
    }
  }
  return breaks;
}

/** A line empty or of blanks only reads as one empty field; so does a lone `""`, as empty as a value gets. */
const isBlankLine = (fields: string[]) => fields.length === 1 && fields[0] === '';

/** Records handed over at once at most; csv-parse readies one read chunk's worth (64 KiB, ~3,000 attendance rows). */
const RUN_MAX = 10_000;

/**
 * The data records of a CSV, streamed by csv-parse with a bounded buffer (the file is read only as
 * fast as records are taken), each with the line it starts on, which a rejection report names. They
 * come in runs (what csv-parse has ready), one await per run rather than per record. The header is
 * checked and handed to `onHeader` before the first run. Broken quoting, an oversized record, a bad
 * header or an empty file throw a MalformedFileError naming the file.
 */
async function* dataRecords(input: Readable, file: string, columns: CsvColumns, onHeader: (header: string[]) => void): AsyncGenerator<CsvRecord[]> {
  const parser = input.pipe(csvParser());
  input.on('error', (error) => parser.destroy(error));
  let header = false;
  let line = 1;
  let run: CsvRecord[] = [];
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      const start = line;
      line += 1 + lineBreaksIn(fields);
      if (isBlankLine(fields)) continue;
      if (header) run.push({ line: start, fields });
      else {
        header = true;
        checkHeader(file, fields, columns);
        onHeader(fields);
      }
      if (run.length === RUN_MAX || (run.length && parser.readableLength === 0)) {
        yield run;
        run = [];
      }
    }
    if (run.length) yield run;
  } catch (error) {
    if (error instanceof CsvError) throw new MalformedFileError(file, `is not valid CSV (${error.message})`);
    throw error;
  } finally {
    parser.destroy();
    input.destroy();
  }
  if (!header) throw new MalformedFileError(file, 'is empty: expected a header row');
}

/** A plain file (see {@link checkCsvFile}) that no longer is when read again. */
const changedSinceCheck = (file: string, what: string) => new MalformedFileError(file, `changed while it was imported: ${what} where the check found none`);

/**
 * {@link dataRecords} for a plain file, without csv-parse: lines split on LF (a CR before it
 * dropped), fields split on commas and trimmed as csv-parse trims them, a BOM dropped, blank lines
 * skipped. Several times faster on a file of millions of short rows. A quote, a bare CR or an
 * oversized line (the file changed since it was checked) refuses the file.
 */
async function* plainDataRecords(input: Readable, file: string, columns: CsvColumns, onHeader: (header: string[]) => void): AsyncGenerator<CsvRecord[]> {
  let header = false;
  let line = 0;
  let rest: Buffer = Buffer.alloc(0);
  let first = true;
  const read = (text: string, run: CsvRecord[]) => {
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    for (let raw of text.split('\n')) {
      line++;
      if (raw.length >= MAX_RECORD_BYTES) throw changedSinceCheck(file, 'a line over the size limit');
      if (raw.charCodeAt(raw.length - 1) === CR) raw = raw.slice(0, -1);
      if (raw.indexOf('\r') >= 0) throw changedSinceCheck(file, 'a line break other than LF or CRLF');
      const fields = raw.split(',');
      for (let f = 0; f < fields.length; f++) fields[f] = fields[f].trim();
      if (isBlankLine(fields)) continue;
      if (header) run.push({ line, fields });
      else {
        header = true;
        checkHeader(file, fields, columns);
        onHeader(fields);
      }
    }
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (bytes.indexOf(QUOTE) >= 0) throw changedSinceCheck(file, 'a quote');
      const lastLf = bytes.lastIndexOf(LF);
      if (lastLf < 0) {
        rest = Buffer.concat([rest, bytes]);
        if (rest.length >= MAX_RECORD_BYTES) throw changedSinceCheck(file, 'a line over the size limit');
        continue;
      }
      const run: CsvRecord[] = [];
      read(Buffer.concat([rest, bytes.subarray(0, lastLf)]).toString('utf8'), run);
      rest = Buffer.from(bytes.subarray(lastLf + 1));
      if (run.length) yield run;
    }
    if (rest.length) {
      const run: CsvRecord[] = [];
      read(rest.toString('utf8'), run);
      if (run.length) yield run;
    }
  } finally {
    input.destroy();
  }
  if (!header) throw new MalformedFileError(file, 'is empty: expected a header row');
}

const fieldCountProblem = (line: number, fields: string[], header: string[]): CsvRowProblem => ({
  line,
  problem: `has ${fields.length} fields; the header has ${header.length}`,
});

/** Streams a CSV's rows one at a time, for importers whose rows are few or heavy (see {@link dataRecords}). */
export async function* csvRows(input: Readable, file: string, columns: CsvColumns): AsyncGenerator<CsvRow | CsvRowProblem> {
  let header: string[] = [];
  for await (const run of dataRecords(input, file, columns, (h) => (header = h))) {
    for (const { line, fields } of run) {
      if (fields.length !== header.length) {
        yield fieldCountProblem(line, fields, header);
        continue;
      }
      const values: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) values[header[i]] = fields[i];
      yield { line, values };
    }
  }
}

/** A batch of rows column by column: a few arrays instead of an object per row, for files of millions of rows. */
export interface CsvColumnBatch {
  /** Rows read (well-formed or not). */
  size: number;
  /** The line of each well-formed row. */
  lines: number[];
  /** Each column named in the file's CsvColumns, its values aligned with `lines` ('' for an optional column the file lacks). */
  values: Record<string, string[]>;
  /** Rows with the wrong number of fields. */
  problems: CsvRowProblem[];
}

/** Distinct values remembered per interned column; past it, values are kept as read. */
export const INTERNED_VALUES_MAX = 200_000;

/**
 * Streams a CSV's rows in batches of `size` rows (the last may be shorter) column by column: the
 * same reading and checks as {@link csvRows}, one await per batch and no object per row (which a
 * batch of tens of thousands of rows would carry into the old generation). Values of the `intern`
 * columns (few distinct values repeated over millions of rows: dates, codes, ids of a roster) share
 * one string each, so the strings read die young and a batch holds almost nothing per row.
 */
export async function* csvColumnBatches(
  input: Readable,
  file: string,
  columns: CsvColumns,
  size: number,
  intern: readonly string[] = [],
  /** The file is plain ({@link checkCsvFile} said so): read line by line, without csv-parse. */
  plain = false,
): AsyncGenerator<CsvColumnBatch> {
  const names = [...columns.required, ...(columns.optional ?? [])];
  const interned = names.map((n) => (intern.includes(n) ? new Map<string, string>() : null));
  const valueOf = (c: number, raw: string): string => {
    const seen = interned[c];
    if (!seen) return raw;
    const value = seen.get(raw);
    if (value !== undefined) return value;
    if (seen.size < INTERNED_VALUES_MAX) seen.set(raw, raw);
    return raw;
  };
  let header: string[] = [];
  let positions: number[] = [];
  const onHeader = (h: string[]) => {
    header = h;
    positions = names.map((n) => h.indexOf(n));
  };
  const empty = (): CsvColumnBatch => ({ size: 0, lines: [], values: Object.fromEntries(names.map((n) => [n, []])), problems: [] });
  let batch = empty();
  for await (const run of (plain ? plainDataRecords : dataRecords)(input, file, columns, onHeader)) {
    for (const { line, fields } of run) {
      if (fields.length !== header.length) batch.problems.push(fieldCountProblem(line, fields, header));
      else {
        batch.lines.push(line);
        for (let c = 0; c < names.length; c++) batch.values[names[c]].push(positions[c] < 0 ? '' : valueOf(c, fields[positions[c]]));
      }
      if (++batch.size === size) {
        yield batch;
        batch = empty();
      }
    }
  }
  if (batch.size) yield batch;
}

/**
 * Reads a whole file once without using it: refuses a file whose header or quoting is broken
 * anywhere before the import writes its first row, and counts its rows for the progress display.
 */
export async function checkCsv(input: Readable, file: string, columns: CsvColumns): Promise<number> {
  let rows = 0;
  for await (const run of dataRecords(input, file, columns, () => {})) rows += run.length;
  return rows;
}

/** Bytes a data line may hold and still be blank (csv-parse trims them away); non-ASCII blanks count as a row. */
const isBlankByte = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0b || byte === 0x0c || byte === CR;

/**
 * {@link checkCsv} without csv-parse where csv-parse could refuse nothing: a file with no quote
 * character, no CR but before an LF and no line near {@link MAX_RECORD_BYTES} is a plain list of
 * lines, its header the first one not blank. Such a file (what an SIS exports: a year of daily
 * attendance is millions of rows) is scanned byte by byte, its header checked and its rows counted
 * (for progress: a line of non-ASCII blanks counts as a row), several times faster than csv-parse
 * reads it. Any other file is checked by csv-parse (`open` gives it again from its start).
 */
export async function checkCsvFile(open: () => Promise<Readable>, file: string, columns: CsvColumns): Promise<CsvFileCheck> {
  const rows = await scanPlainCsv(await open(), file, columns);
  return rows === null ? { rows: await checkCsv(await open(), file, columns), plain: false } : { rows, plain: true };
}

export interface CsvFileCheck {
  /** Data rows, for progress. */
  rows: number;
  /** Plain (see {@link checkCsvFile}): {@link csvColumnBatches} may read it line by line. */
  plain: boolean;
}

/** The rows of a plain file (see {@link checkCsvFile}) once its header is checked; null for any other file. */
async function scanPlainCsv(input: Readable, file: string, columns: CsvColumns): Promise<number | null> {
  /** The bytes of the line being read while the header is still to come; null after it. */
  let header: Buffer[] | null = [];
  let rows = 0;
  let lineBytes = 0;
  let blank = true;
  /** The last chunk ended on a CR: the next must begin with its LF. */
  let crPending = false;
  const endLine = () => {
    if (header) {
      // As csv-parse reads it: a BOM dropped, names split on commas and trimmed like String.prototype.trim.
      const text = Buffer.concat(header).toString('utf8').replace(/^\ufeff/, '');
      header = [];
      if (text.trim() === '') return;
      checkHeader(file, text.split(',').map((name) => name.trim()), columns);
      header = null;
    } else if (!blank) rows++;
  };
  try {
    for await (const read of input as AsyncIterable<Buffer | string>) {
      const chunk = typeof read === 'string' ? Buffer.from(read) : read;
      if (chunk.indexOf(QUOTE) >= 0 || (crPending && chunk[0] !== LF)) return null;
      crPending = false;
      for (let cr = chunk.indexOf(CR); cr >= 0; cr = chunk.indexOf(CR, cr + 1)) {
        if (cr === chunk.length - 1) crPending = true;
        else if (chunk[cr + 1] !== LF) return null;
      }
      let from = 0;
      while (from < chunk.length) {
        const end = chunk.indexOf(LF, from);
        const stop = end < 0 ? chunk.length : end;
        if (header) header.push(chunk.subarray(from, stop));
        else for (let i = from; blank && i < stop; i++) if (!isBlankByte(chunk[i])) blank = false;
        lineBytes += stop - from;
        if (lineBytes >= MAX_RECORD_BYTES) return null;
        if (end < 0) break;
        endLine();
        lineBytes = 0;
        blank = true;
        from = end + 1;
      }
    }
  } finally {
    input.destroy();
  }
  if (crPending) return null;
  if (lineBytes > 0) endLine();
  if (header) throw new MalformedFileError(file, 'is empty: expected a header row');
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
