import { UserInputError } from '../../common/errors';
import { toGlobalId } from '../../common/graphql/global-id';
import { MtssDomain } from '../../common/mtss';
import { MAX_BULK_SCREENING_ROWS } from '../tiers/tier.inputs';
import { RiskLevel, ScreeningWindow } from '../tiers/tier-enums';
import { screeningService } from '../tiers/screening.service';
import { boundToTransaction } from './batch-context';
import { checkCsv, csvRows, inBatches, isProblem, type CsvColumns, type CsvRow } from './csv';
import { duplicateOf, markSeen, type ImportJob } from './import-job';
import { decimal, enumValue, integer, isoDate } from './import-values';

export const SCREENING_FILE_COLUMNS: CsvColumns = {
  required: ['student_id', 'assessment', 'domain', 'window', 'date', 'score'],
  optional: ['percentile', 'risk_level'],
};

const ENTITY = 'ScreeningResult';

interface ScreeningRow {
  line: number;
  localId: string;
  assessment: string;
  domain: MtssDomain;
  window: ScreeningWindow;
  date: string;
  yearId: string;
  score: number;
  percentile: number | null;
  riskLevel: RiskLevel | null;
  key: string;
}

interface Year { id: string; start: string; end: string }

/**
 * Imports universal screening results (one CSV; columns in {@link SCREENING_FILE_COLUMNS}; the
 * student is the district's student id, `student.local_id`). Each result goes through the same
 * service as the screening form (`screeningService.record`): scope, the no-future-date rule, the
 * replace-with-audit of an earlier result. The stable key is the result's natural key (student,
 * school year, domain, window, screener); a row equal to what is stored is left alone and counted
 * unchanged, so re-running a file writes nothing, not even an audit row.
 */
export async function importScreening(job: ImportJob): Promise<void> {
  const file = job.source.files()[0];
  const total = await checkCsv(await job.source.open(file), file, SCREENING_FILE_COLUMNS);
  const years: Year[] = await job.ctx.db.query('SELECT id, start_date AS start, end_date AS "end" FROM school_year');
  let done = 0;
  for await (const batch of inBatches(csvRows(await job.source.open(file), file, SCREENING_FILE_COLUMNS), job.batchSize)) {
    job.tally.rows += batch.length;
    const rows: ScreeningRow[] = [];
    const invalid: Rejected[] = [];
    for (const row of batch) {
      if (isProblem(row)) {
        job.tally.add(ENTITY, 'rejected');
        invalid.push({ line: row.line, column: '', reason: `The row ${row.problem}` });
      } else {
        const parsed = parseRow(job, row, years, invalid);
        if (parsed) rows.push(parsed);
      }
    }
    const refused = await writeBatch(job, rows);
    job.tally.add(ENTITY, 'rejected', refused.length);
    // The batch's rejections in file order, whichever check found them.
    for (const r of [...invalid, ...refused].sort((a, b) => a.line - b.line)) await job.rejects.add({ file, row: r.line, column: r.column, reason: r.reason });
    done += batch.length;
    job.progress?.({ phase: file, done, total });
  }
}

interface Rejected { line: number; column: string; reason: string }

function parseRow(job: ImportJob, row: CsvRow, years: Year[], invalid: Rejected[]): ScreeningRow | null {
  const v = row.values;
  const problems: [string, string][] = [];
  const need = (column: string) => {
    if (!v[column]) problems.push([column, 'is required']);
    return v[column];
  };
  const localId = need('student_id');
  const assessment = need('assessment');
  if (assessment && assessment.length > 100) problems.push(['assessment', 'is longer than 100 characters']);
  const domain = v.domain ? enumValue(v.domain, Object.values(MtssDomain), { SEL: MtssDomain.SOCIAL_EMOTIONAL }) : null;
  if (!v.domain) problems.push(['domain', 'is required']);
  else if (domain && !domain.ok) problems.push(['domain', domain.reason]);
  const window = v.window ? enumValue(v.window, Object.values(ScreeningWindow)) : null;
  if (!v.window) problems.push(['window', 'is required']);
  else if (window && !window.ok) problems.push(['window', window.reason]);
  const date = v.date ? isoDate(v.date) : null;
  let year: Year | undefined;
  if (!v.date) problems.push(['date', 'is required']);
  else if (date && !date.ok) problems.push(['date', date.reason]);
  else if (date?.ok) {
    if (date.value > job.ctx.today) problems.push(['date', `${date.value} is in the future`]);
    year = years.find((y) => y.start <= date.value && date.value <= y.end);
    if (!year) problems.push(['date', `no school year includes ${date.value}`]);
  }
  const score = v.score ? decimal(v.score, -100000, 100000) : null;
  if (!v.score) problems.push(['score', 'is required']);
  else if (score && !score.ok) problems.push(['score', score.reason]);
  const percentile = v.percentile ? integer(v.percentile, 0, 100) : null;
  if (percentile && !percentile.ok) problems.push(['percentile', percentile.reason]);
  const risk = v.risk_level ? enumValue(v.risk_level, Object.values(RiskLevel), { LOW: RiskLevel.LOW_RISK, SOME: RiskLevel.SOME_RISK, HIGH: RiskLevel.HIGH_RISK }) : null;
  if (risk && !risk.ok) problems.push(['risk_level', risk.reason]);
  if (problems.length) {
    for (const [column, reason] of problems) invalid.push({ line: row.line, column, reason: `${column} ${reason}` });
    job.tally.add(ENTITY, 'rejected'); // one rejected row, however many of its cells are wrong
    return null;
  }
  const parsed = {
    line: row.line,
    localId,
    assessment,
    domain: (domain as { value: MtssDomain }).value,
    window: (window as { value: ScreeningWindow }).value,
    date: (date as { value: string }).value,
    yearId: year!.id,
    score: (score as { value: number }).value,
    percentile: percentile?.ok ? percentile.value : null,
    riskLevel: risk?.ok ? risk.value : null,
  };
  return { ...parsed, key: [localId, parsed.yearId, parsed.domain, parsed.window, assessment].join('|') };
}

/** Writes a batch's valid rows in one transaction; returns the rows refused on the way. */
async function writeBatch(job: ImportJob, parsed: ScreeningRow[]): Promise<Rejected[]> {
  if (parsed.length === 0) return [];
  const rejected: { row: ScreeningRow; column: string; reason: string }[] = [];
  const outcome = await job.ctx.db.transaction(async (em) => {
    const ctx = boundToTransaction(job.ctx, em);
    const duplicates = await markSeen(em, job.runId, parsed);
    let rows = parsed.filter((row) => {
      const first = duplicateOf(duplicates, row.key, row.line);
      if (first !== undefined) rejected.push({ row, column: 'student_id', reason: `Duplicate: the same student, screener, window and school year as row ${first}` });
      return first === undefined;
    });
    const students: { id: string; local_id: string }[] = await em.query(
      'SELECT id, local_id FROM student WHERE local_id = ANY($1::varchar[]) AND deleted_at IS NULL',
      [[...new Set(rows.map((r) => r.localId))]],
    );
    const idOf = new Map(students.map((s) => [s.local_id, s.id]));
    rows = rows.filter((row) => {
      if (!idOf.has(row.localId)) rejected.push({ row, column: 'student_id', reason: `No student with id ${row.localId}` });
      return idOf.has(row.localId);
    });
    const stored: { student_id: string; school_year_id: string; domain: string; screening_window: string; assessment: string; administered_on: string; score: string; percentile: number | null; risk_level: string | null }[] =
      rows.length === 0 ? [] : await em.query(
        // Led by student_id, so the planner takes the result key's index whatever its statistics say
        // (mid-import they are stale, and the window index would scan a whole window per batch).
        `SELECT r.student_id, r.school_year_id, r.domain, r.screening_window, r.assessment, r.administered_on, r.score::text AS score, r.percentile, r.risk_level
           FROM screening_result r
          WHERE r.student_id = ANY($1::uuid[]) AND r.assessment = ANY($2::varchar[])`,
        [[...new Set(rows.map((r) => idOf.get(r.localId)))], [...new Set(rows.map((r) => r.assessment))]],
      );
    const storedByKey = new Map(stored.map((s) => [[s.student_id, s.school_year_id, s.domain, s.screening_window, s.assessment].join('|'), s]));
    let unchanged = 0;
    const toWrite: { row: ScreeningRow; existed: boolean }[] = [];
    for (const row of rows) {
      const s = storedByKey.get([idOf.get(row.localId), row.yearId, row.domain, row.window, row.assessment].join('|'));
      if (s && s.administered_on === row.date && Number(s.score) === row.score && s.percentile === row.percentile && s.risk_level === row.riskLevel) unchanged++;
      else toWrite.push({ row, existed: Boolean(s) });
    }
    // One service call per sheet (screener, window, domain, date), as the screening form sends them.
    const sheets = new Map<string, { row: ScreeningRow; existed: boolean }[]>();
    for (const item of toWrite) {
      const key = [item.row.domain, item.row.window, item.row.assessment, item.row.date].join('|');
      sheets.set(key, [...(sheets.get(key) ?? []), item]);
    }
    let created = 0;
    let updated = 0;
    for (const sheet of sheets.values()) {
      for (let at = 0; at < sheet.length; at += MAX_BULK_SCREENING_ROWS) {
        const written = await recordSheet(ctx, sheet.slice(at, at + MAX_BULK_SCREENING_ROWS), idOf, rejected);
        created += written.filter((w) => !w.existed).length;
        updated += written.filter((w) => w.existed).length;
      }
    }
    return { created, updated, unchanged };
  });
  job.tally.add(ENTITY, 'created', outcome.created);
  job.tally.add(ENTITY, 'updated', outcome.updated);
  job.tally.add(ENTITY, 'unchanged', outcome.unchanged);
  return rejected.map((r) => ({ line: r.row.line, column: r.column, reason: r.reason }));
}

const SERVICE_FIELD_COLUMNS: Record<string, string> = {
  studentId: 'student_id',
  score: 'score',
  percentile: 'percentile',
  riskLevel: 'risk_level',
  administeredOn: 'date',
  assessment: 'assessment',
};

/**
 * Sends one sheet to the screening service. Rows it refuses (with their index) are rejected with
 * its message and the rest sent again, once; a refusal of the whole sheet rejects every row.
 */
async function recordSheet(
  ctx: ImportJob['ctx'],
  sheet: { row: ScreeningRow; existed: boolean }[],
  idOf: Map<string, string>,
  rejected: { row: ScreeningRow; column: string; reason: string }[],
): Promise<{ row: ScreeningRow; existed: boolean }[]> {
  let pending = sheet;
  for (let attempt = 0; attempt < 2 && pending.length; attempt++) {
    const first = pending[0].row;
    try {
      await screeningService.record(ctx, {
        domain: first.domain,
        window: first.window,
        assessment: first.assessment,
        administeredOn: first.date,
        results: pending.map(({ row }) => ({
          studentId: toGlobalId('Student', idOf.get(row.localId)!),
          score: row.score,
          percentile: row.percentile ?? undefined,
          riskLevel: row.riskLevel ?? undefined,
        })),
      });
      return pending;
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      const refused = new Set<number>();
      for (const e of error.errors) {
        const index = e.field[1] === 'results' ? Number(e.field[2]) : NaN;
        const column = SERVICE_FIELD_COLUMNS[e.field.at(-1) ?? ''] ?? '';
        const rows = Number.isInteger(index) ? [index] : pending.map((_, i) => i);
        for (const i of rows) {
          if (refused.has(i)) continue;
          refused.add(i);
          rejected.push({ row: pending[i].row, column, reason: e.message });
        }
      }
      pending = pending.filter((_, i) => !refused.has(i));
    }
  }
  for (const { row } of pending) rejected.push({ row, column: '', reason: 'Refused by the screening rules' });
  return [];
}
