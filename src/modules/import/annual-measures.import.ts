import { UserInputError } from '../../common/errors';
import { annualMeasureService, type AnnualMeasureFigureRow } from '../indicators/annual-measure.service';
import { boundToTransaction } from './batch-context';
import { checkCsv, csvRows, inBatches, isProblem, type CsvColumns } from './csv';
import { duplicateOf, markSeen, type ImportJob } from './import-job';
import { decimal, enumKey, integer } from './import-values';

/**
 * Published annual measures (state data for the indicators): `school` is a school code, or empty
 * (or "district") for the district-wide figure; `year` a school year name ("2025-2026"); `measure`
 * one of the indicators fed by published figures (e.g. GRADUATION_RATE); `value` a percentage.
 * Counts (`numerator`, `denominator`) and `source` are optional.
 */
export const ANNUAL_MEASURES_FILE_COLUMNS: CsvColumns = {
  required: ['school', 'year', 'measure', 'value'],
  optional: ['numerator', 'denominator', 'source'],
};

const ENTITY = 'AnnualMeasureFigure';

interface FigureRow extends AnnualMeasureFigureRow {
  line: number;
  key: string;
}

const FIELD_COLUMNS: Record<string, string> = {
  measure: 'measure', schoolYearId: 'year', schoolId: 'school', value: 'value', numerator: 'numerator', denominator: 'denominator', source: 'source',
};

/**
 * Imports published annual measures through the indicators module (`annualMeasureService.recordMany`:
 * the measure must be a published one, counts must agree with the value, each write audited with
 * the figure before and after). The stable key is (measure, school year, school); a figure equal to
 * the stored one is left alone, so re-running a file writes nothing.
 */
export async function importAnnualMeasures(job: ImportJob): Promise<void> {
  const file = job.source.files()[0];
  const total = await checkCsv(await job.source.open(file), file, ANNUAL_MEASURES_FILE_COLUMNS);
  const years = new Map<string, string>((await job.ctx.db.query('SELECT name, id FROM school_year')).map((y: { name: string; id: string }) => [y.name, y.id]));
  const schools = new Map<string, string>((await job.ctx.db.query('SELECT code, id FROM school')).map((s: { code: string; id: string }) => [s.code, s.id]));
  let done = 0;
  for await (const batch of inBatches(csvRows(await job.source.open(file), file, ANNUAL_MEASURES_FILE_COLUMNS), job.batchSize)) {
    job.tally.rows += batch.length;
    const rejected: { line: number; column: string; reason: string }[] = [];
    const rows: FigureRow[] = [];
    for (const row of batch) {
      if (isProblem(row)) {
        rejected.push({ line: row.line, column: '', reason: `The row ${row.problem}` });
        continue;
      }
      const v = row.values;
      const problems: [string, string][] = [];
      const district = !v.school || v.school.toLowerCase() === 'district';
      const schoolId = district ? null : schools.get(v.school);
      if (!district && !schoolId) problems.push(['school', `No school with code ${v.school}`]);
      const yearId = years.get(v.year);
      if (!yearId) problems.push(['year', `No school year named "${v.year}"`]);
      if (!v.measure) problems.push(['measure', 'measure is required']);
      const value = decimal(v.value ?? '', 0, 100);
      if (!value.ok) problems.push(['value', `value ${value.reason}`]);
      const count = (column: string) => {
        if (!v[column]) return null;
        const n = integer(v[column], 0, 100_000_000);
        if (!n.ok) problems.push([column, `${column} ${n.reason}`]);
        return n.ok ? n.value : null;
      };
      const numerator = count('numerator');
      const denominator = count('denominator');
      if ((v.source ?? '').length > 300) problems.push(['source', 'source is longer than 300 characters']);
      if (problems.length) {
        for (const [column, reason] of problems) rejected.push({ line: row.line, column, reason });
        continue;
      }
      const measure = enumKey(v.measure);
      rows.push({
        line: row.line,
        key: `${measure}|${yearId}|${schoolId ?? 'district'}`,
        measure,
        schoolYearId: yearId!,
        schoolId: schoolId ?? null,
        value: (value as { value: number }).value,
        numerator,
        denominator,
        source: v.source || null,
      });
    }
    const outcome = await job.ctx.db.transaction(async (em) => {
      const ctx = boundToTransaction(job.ctx, em);
      const duplicates = await markSeen(em, job.runId, rows);
      const fresh = rows.filter((r) => {
        const first = duplicateOf(duplicates, r.key, r.line);
        if (first !== undefined) rejected.push({ line: r.line, column: 'measure', reason: `Duplicate: the same measure, school and year as row ${first}` });
        return first === undefined;
      });
      const stored: { measure: string; school_year_id: string; school_id: string | null; value: string; numerator: number | null; denominator: number | null; source: string | null }[] =
        fresh.length === 0 ? [] : await em.query(
          `SELECT measure, school_year_id, school_id, value::text AS value, numerator, denominator, source
             FROM annual_measure_figure WHERE measure = ANY($1::varchar[]) AND school_year_id = ANY($2::uuid[])`,
          [[...new Set(fresh.map((r) => r.measure))], [...new Set(fresh.map((r) => r.schoolYearId))]],
        );
      const storedByKey = new Map(stored.map((s) => [`${s.measure}|${s.school_year_id}|${s.school_id ?? 'district'}`, s]));
      let unchanged = 0;
      let pending = fresh.filter((r) => {
        const s = storedByKey.get(r.key);
        const same = s && Number(s.value) === Math.round(r.value * 100) / 100 && s.numerator === r.numerator && s.denominator === r.denominator && s.source === r.source;
        if (same) unchanged++;
        return !same;
      });
      // The service records a sheet all or nothing: rows it refuses are rejected and the rest sent again, once.
      let written: FigureRow[] = [];
      for (let attempt = 0; attempt < 2 && pending.length; attempt++) {
        const sheet = pending;
        try {
          await em.transaction((inner) => annualMeasureService.recordMany(ctx, inner, sheet, (i, name) => ['row', String(i), name]));
          written = sheet;
          pending = [];
        } catch (error) {
          if (!(error instanceof UserInputError)) throw error;
          const refused = new Set<number>();
          for (const e of error.errors) {
            const i = Number(e.field[1]);
            const rowsOf = e.field[0] === 'row' && Number.isInteger(i) ? [i] : sheet.map((_, j) => j);
            for (const j of rowsOf) {
              refused.add(j);
              rejected.push({ line: sheet[j].line, column: FIELD_COLUMNS[e.field[2]] ?? '', reason: e.message });
            }
          }
          pending = sheet.filter((_, j) => !refused.has(j));
        }
      }
      for (const r of pending) rejected.push({ line: r.line, column: '', reason: 'Refused by the indicators rules' });
      const existed = written.filter((r) => storedByKey.has(r.key)).length;
      return { created: written.length - existed, updated: existed, unchanged };
    });
    job.tally.add(ENTITY, 'created', outcome.created);
    job.tally.add(ENTITY, 'updated', outcome.updated);
    job.tally.add(ENTITY, 'unchanged', outcome.unchanged);
    const lines = new Set<number>();
    for (const r of rejected.sort((a, b) => a.line - b.line)) {
      if (!lines.has(r.line)) job.tally.add(ENTITY, 'rejected');
      lines.add(r.line);
      await job.rejects.add({ file, row: r.line, column: r.column, reason: r.reason });
    }
    done += batch.length;
    job.progress?.({ phase: file, done, total });
  }
}
