import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../common/db-errors';
import { UserErrorCode, UserInputError, type UserErrorShape } from '../../common/errors';
import { expectGlobalId } from '../../common/graphql/global-id';
import type { RequestContext, ViewerContext } from '../../context';
import { recordAudits } from '../audit/audit.service';
import { SchoolYearEntity } from '../calendar/calendar.entity';
import { SchoolEntity } from '../schools/school.entity';
import { AnnualMeasureFigureEntity } from './annual-measure.entity';
import { IndicatorKey } from './indicator-enums';
import { INDICATORS, isPublished } from './registry';
import type { DatesSpec, Statement } from './rollup-sql';
import { datesCte } from './rollup-sql';
import { IndicatorPeriod } from './indicator-enums';

/** The measures fed by published figures (the registry's annual measures that are not computed). */
export const PUBLISHED_MEASURES: readonly IndicatorKey[] = INDICATORS.filter(isPublished).map((d) => d.key);

/** One published figure to record: database ids, as the GraphQL mutation and the CSV import both produce. */
export interface AnnualMeasureFigureRow {
  measure: string;
  schoolYearId: string;
  /** Null: the district-wide figure. */
  schoolId: string | null;
  value: number;
  numerator?: number | null;
  denominator?: number | null;
  source?: string | null;
}

/** How far a published percentage may sit from its own counts (rounding in the source). */
const VALUE_TOLERANCE = 0.5;

/** A published figure on an as-of date: the figure of the date's school year, else of the latest earlier year. */
export interface PublishedFigureRow {
  as_of: string;
  measure: IndicatorKey;
  school_id: string | null;
  value: number;
  numerator: number | null;
  denominator: number | null;
  year_name: string;
}

/**
 * Published figures in force on each date of `spec`: per measure and school (or the district, null),
 * the figure of the latest school year begun by the date. One statement for any number of dates.
 */
export function publishedFiguresStatement(spec: DatesSpec, measures: readonly string[], schoolId?: string): Statement {
  const dates = datesCte(spec, IndicatorPeriod.SCHOOL_YEAR_TO_DATE);
  return {
    sql: `WITH ${dates.sql}
      SELECT d.as_of::text AS as_of, f.measure, f.school_id, f.value::float8 AS value, f.numerator, f.denominator, f.year_name
        FROM dates d
        CROSS JOIN LATERAL (
          SELECT DISTINCT ON (a.measure, a.school_id) a.measure, a.school_id, a.value, a.numerator, a.denominator, y.name AS year_name
            FROM annual_measure_figure a JOIN school_year y ON y.id = a.school_year_id
           WHERE y.start_date <= d.as_of AND a.measure = ANY(CAST(:measures AS text[]))
             ${schoolId ? 'AND (a.school_id = CAST(:figureSchoolId AS uuid) OR a.school_id IS NULL)' : ''}
           ORDER BY a.measure, a.school_id, y.start_date DESC) f`,
    params: { ...dates.params, measures: [...measures], ...(schoolId ? { figureSchoolId: schoolId } : {}) },
  };
}

export class AnnualMeasureService {
  /**
   * Checks rows before anything is written and reports every problem with its row's field path
   * (`fieldOf(i, name)`), so a sheet is fixed once: the measure is one fed by published figures,
   * the school year and school exist, the value is a percentage, counts come in pairs with
   * 0 <= numerator <= denominator and agree with the value.
   */
  async validate(em: EntityManager, rows: readonly AnnualMeasureFigureRow[], fieldOf: (i: number, name: string) => string[]): Promise<UserErrorShape[]> {
    const problems: UserErrorShape[] = [];
    const invalid = (i: number, name: string, message: string, code = UserErrorCode.INVALID) => problems.push({ code, field: fieldOf(i, name), message });
    const yearIds = [...new Set(rows.map((r) => r.schoolYearId))];
    const schoolIds = [...new Set(rows.map((r) => r.schoolId).filter((id): id is string => id !== null))];
    const years = new Set((yearIds.length ? await em.createQueryBuilder(SchoolYearEntity, 'y').select('y.id', 'id').where('y.id IN (:...yearIds)', { yearIds }).getRawMany() : []).map((r) => r.id));
    const schools = new Set((schoolIds.length ? await em.createQueryBuilder(SchoolEntity, 's').select('s.id', 'id').where('s.id IN (:...schoolIds)', { schoolIds }).getRawMany() : []).map((r) => r.id));
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      if (!PUBLISHED_MEASURES.includes(row.measure as IndicatorKey)) invalid(i, 'measure', `Not a measure fed by published figures (${PUBLISHED_MEASURES.join(', ')})`);
      if (!years.has(row.schoolYearId)) invalid(i, 'schoolYearId', 'No such school year', UserErrorCode.NOT_FOUND);
      if (row.schoolId !== null && !schools.has(row.schoolId)) invalid(i, 'schoolId', 'No such school', UserErrorCode.NOT_FOUND);
      if (!Number.isFinite(row.value) || row.value < 0 || row.value > 100) invalid(i, 'value', 'must be a percentage from 0 to 100');
      const n = row.numerator ?? null;
      const d = row.denominator ?? null;
      if ((n === null) !== (d === null)) invalid(i, n === null ? 'numerator' : 'denominator', 'Give both counts or neither');
      else if (n !== null && d !== null) {
        if (!Number.isInteger(n) || !Number.isInteger(d) || n < 0 || d <= 0 || n > d) invalid(i, 'numerator', 'Counts must be whole numbers with 0 <= numerator <= denominator and a denominator above 0');
        else if (Math.abs((100 * n) / d - row.value) > VALUE_TOLERANCE) invalid(i, 'value', `does not match the counts (${n} of ${d} is ${Math.round((1000 * n) / d) / 10}%)`);
      }
      const key = `${row.measure}|${row.schoolYearId}|${row.schoolId ?? 'district'}`;
      if (seen.has(key)) invalid(i, 'measure', 'The same measure, school and year appear twice', UserErrorCode.DUPLICATE);
      seen.add(key);
    });
    return problems;
  }

  /**
   * Records published figures inside the caller's transaction (the CSV import calls this with its
   * own rows and field paths): validated first, then each inserted or, when the measure, school and
   * year already have one, replaced; every write audited with the figure before and after.
   */
  async recordMany(
    ctx: ViewerContext,
    em: EntityManager,
    rows: readonly AnnualMeasureFigureRow[],
    fieldOf: (i: number, name: string) => string[],
  ): Promise<AnnualMeasureFigureEntity[]> {
    const problems = await this.validate(em, rows, fieldOf);
    if (problems.length) throw new UserInputError(problems);
    const saved: AnnualMeasureFigureEntity[] = [];
    const audits = [];
    for (const [i, row] of rows.entries()) {
      const existing = await em
        .createQueryBuilder(AnnualMeasureFigureEntity, 'f')
        .setLock('pessimistic_write')
        .where('f.measure = :measure AND f.school_year_id = :yearId', { measure: row.measure, yearId: row.schoolYearId })
        .andWhere(row.schoolId === null ? 'f.school_id IS NULL' : 'f.school_id = :schoolId', { schoolId: row.schoolId })
        .getOne();
      const before = existing ? { ...existing } : null;
      const figure = existing ?? em.create(AnnualMeasureFigureEntity, { measure: row.measure, schoolYearId: row.schoolYearId, schoolId: row.schoolId });
      Object.assign(figure, {
        value: Math.round(row.value * 100) / 100,
        numerator: row.numerator ?? null,
        denominator: row.denominator ?? null,
        source: row.source ?? null,
        recordedBy: ctx.viewer.userId,
      });
      try {
        await em.save(AnnualMeasureFigureEntity, figure);
      } catch (error) {
        if (isUniqueViolation(error, 'annual_measure_figure_school_key') || isUniqueViolation(error, 'annual_measure_figure_district_key')) {
          throw UserInputError.of(UserErrorCode.CONFLICT, fieldOf(i, 'measure'), 'Someone recorded this figure at the same time; try again');
        }
        throw error;
      }
      saved.push(figure);
      audits.push({ action: before ? 'annual_measure_figure.replace' : 'annual_measure_figure.create', entityType: 'AnnualMeasureFigure', entityId: figure.id, before, after: figure });
    }
    await recordAudits(em, ctx, audits);
    return saved;
  }

  /** The GraphQL mutation: one figure, ids as global ids, in its own transaction. */
  async record(
    ctx: ViewerContext,
    input: { measure: IndicatorKey; schoolYearId: string; schoolId?: string | null; value: number; numerator?: number | null; denominator?: number | null; source?: string | null },
  ): Promise<{ annualMeasureFigure: AnnualMeasureFigureEntity }> {
    const row: AnnualMeasureFigureRow = {
      measure: input.measure,
      schoolYearId: expectGlobalId(input.schoolYearId, 'SchoolYear', 'input.schoolYearId'),
      schoolId: input.schoolId ? expectGlobalId(input.schoolId, 'School', 'input.schoolId') : null,
      value: input.value,
      numerator: input.numerator ?? null,
      denominator: input.denominator ?? null,
      source: input.source ?? null,
    };
    const [figure] = await ctx.db.transaction((em) => this.recordMany(ctx, em, [row], (_i, name) => ['input', name]));
    return { annualMeasureFigure: figure };
  }

  /** Recorded figures, newest year first, then district before schools. */
  list(ctx: RequestContext, filter: { measure?: IndicatorKey | null; schoolYearId?: string | null }): Promise<AnnualMeasureFigureEntity[]> {
    const qb = ctx.db.manager
      .createQueryBuilder(AnnualMeasureFigureEntity, 'f')
      .innerJoin(SchoolYearEntity, 'y', 'y.id = f.school_year_id')
      .orderBy('y.start_date', 'DESC')
      .addOrderBy('f.measure', 'ASC')
      .addOrderBy('f.school_id', 'ASC', 'NULLS FIRST');
    if (filter.measure) qb.andWhere('f.measure = :measure', { measure: filter.measure });
    if (filter.schoolYearId) qb.andWhere('f.school_year_id = :yearId', { yearId: expectGlobalId(filter.schoolYearId, 'SchoolYear', 'schoolYearId') });
    return qb.getMany();
  }
}

export const annualMeasureService = new AnnualMeasureService();
