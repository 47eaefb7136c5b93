import { In } from 'typeorm';
import { badUserInput } from '../../common/errors';
import { gradeToNumber, type GradeLevel } from '../../common/grade-level';
import { expectGlobalId } from '../../common/graphql/global-id';
import type { ViewerContext } from '../../context';
import { SchoolYearEntity } from '../calendar/calendar.entity';
import { SchoolEntity } from '../schools/school.entity';
import { namedQuery } from '../tutoring/tutoring-sql';
import { type PublishedFigureRow, publishedFiguresStatement } from './annual-measure.service';
import { FAMILIES, type FamilyKey } from './families';
import { assertScopeVisible, suppressesFor } from './indicator-access';
import { type CellFigures, type IndicatorCell, computedCell, publishedCell, unavailableCell } from './indicator-cells';
import { IndicatorBreakdown, IndicatorKey, IndicatorPeriod, TrendInterval } from './indicator-enums';
import { INDICATORS, type IndicatorDefinition, type IndicatorSql, indicatorDefinition, isPublished } from './registry';
import { type DatesSpec, type FamilyRow, type ResolvedScope, datesCte, familyStatement, familySupportsBreakdown, familySupportsScope } from './rollup-sql';
import { STUDENT_GROUPS, type StudentGroup, studentGroup } from './student-groups';
import { type SuppressibleCell, suppressCells } from './suppression';

/** A scope as clients give it (global ids, grade names). */
export interface IndicatorScopeArgs {
  schoolId?: string | null;
  gradeLevel?: GradeLevel | null;
  group?: StudentGroup | null;
}

export interface BreakdownCell {
  dimension: IndicatorBreakdown;
  schoolId: string | null;
  gradeLevel: number | null;
  group: StudentGroup | null;
  cell: IndicatorCell;
}

export interface IndicatorResult {
  definition: IndicatorDefinition;
  asOf: string;
  /** First day of the period (period-based indicators); null for published figures. */
  periodStart: string | null;
  total: IndicatorCell;
  /** Null without a breakdown; empty when the indicator cannot be cut that way. */
  breakdown: BreakdownCell[] | null;
}

export interface RollupQuery {
  scope: ResolvedScope;
  asOf: string;
  period: IndicatorPeriod;
  keys?: readonly IndicatorKey[] | null;
  breakdown?: IndicatorBreakdown | null;
}

export interface TrendPoint {
  asOf: string;
  cell: IndicatorCell;
}

const EMPTY: CellFigures = { numerator: 0, denominator: 0, numeratorStudents: 0, denominatorStudents: 0 };

function figuresOf(row: FamilyRow | undefined, i: number): CellFigures {
  if (!row) return EMPTY;
  return { numerator: Number(row[`n${i}`]), denominator: Number(row[`d${i}`]), numeratorStudents: Number(row[`ns${i}`]), denominatorStudents: Number(row[`ds${i}`]) };
}

/** The partition a breakdown cell belongs to, for complementary suppression. */
function cellFamily(dimension: IndicatorBreakdown, key: string): string {
  return dimension === IndicatorBreakdown.STUDENT_GROUP ? studentGroup(key as StudentGroup).family : dimension;
}

export class IndicatorService {
  /** Decodes and checks a client's scope; school staff may only name their own schools. */
  resolveScope(ctx: ViewerContext, args?: IndicatorScopeArgs | null): ResolvedScope {
    const scope: ResolvedScope = {};
    if (args?.schoolId) scope.schoolId = expectGlobalId(args.schoolId, 'School', 'scope.schoolId');
    if (args?.gradeLevel) scope.gradeLevel = gradeToNumber(args.gradeLevel);
    if (args?.group) scope.group = args.group;
    assertScopeVisible(ctx.viewer, scope);
    return scope;
  }

  /** The as-of date: today unless given, never in the future (nothing has happened there yet). */
  asOf(ctx: ViewerContext, asOf?: string | null): string {
    const date = asOf ?? ctx.today;
    if (date > ctx.today) throw badUserInput('asOf', 'cannot be in the future');
    return date;
  }

  /**
   * Indicators for a scope on a date, with an optional breakdown: ONE statement per indicator
   * family (all its indicators, the total and every cell of the breakdown together) and one for
   * all published figures, run concurrently. Small cells are suppressed unless `suppress` is false.
   */
  async rollup(ctx: ViewerContext, query: RollupQuery, suppress = suppressesFor(ctx.viewer)): Promise<IndicatorResult[]> {
    const definitions = query.keys?.length ? INDICATORS.filter((d) => query.keys!.includes(d.key)) : INDICATORS;
    const spec: DatesSpec = { kind: 'single', asOf: query.asOf };
    const byFamily = new Map<FamilyKey, IndicatorDefinition[]>();
    for (const d of definitions) {
      if (isPublished(d)) continue;
      const family = (d.source as IndicatorSql).family;
      byFamily.set(family, [...(byFamily.get(family) ?? []), d]);
    }
    const published = definitions.filter(isPublished);
    const em = ctx.db.manager;
    const [familyRows, figures, schools] = await Promise.all([
      Promise.all(
        [...byFamily].map(async ([key, defs]) => {
          const family = FAMILIES[key];
          if (!familySupportsScope(family, query.scope)) return { key, rows: null };
          const breakdown = query.breakdown && familySupportsBreakdown(family, query.breakdown) ? query.breakdown : undefined;
          const statement = familyStatement(family, defs, spec, query.period, query.scope, breakdown);
          return { key, rows: await namedQuery<FamilyRow>(em, statement.sql, statement.params) };
        }),
      ),
      published.length && query.scope.gradeLevel === undefined && !query.scope.group
        ? (() => {
            const statement = publishedFiguresStatement(spec, published.map((d) => d.key), query.scope.schoolId);
            return namedQuery<PublishedFigureRow>(em, statement.sql, statement.params);
          })()
        : Promise.resolve([] as PublishedFigureRow[]),
      query.breakdown === IndicatorBreakdown.SCHOOL ? this.schoolsOf(ctx, query.scope) : Promise.resolve([] as SchoolEntity[]),
    ]);
    const rowsByFamily = new Map(familyRows.map((f) => [f.key, f.rows]));

    return definitions.map((definition) => {
      if (isPublished(definition)) return this.publishedResult(definition, query, figures, schools);
      const family = FAMILIES[(definition.source as IndicatorSql).family];
      const rows = rowsByFamily.get(family.key) ?? null;
      if (!rows) {
        return {
          definition,
          asOf: query.asOf,
          periodStart: null,
          total: unavailableCell(definition, 'Not counted by grade or student group: these figures are not about individual students'),
          breakdown: query.breakdown ? [] : null,
        };
      }
      const i = byFamily.get(family.key)!.indexOf(definition);
      const totalRow = rows.find((r) => r.cell === null);
      const cells: { dimension: IndicatorBreakdown; key: string; figures: CellFigures }[] = [];
      if (query.breakdown && familySupportsBreakdown(family, query.breakdown)) {
        for (const key of this.cellKeys(query.breakdown, rows, schools)) {
          cells.push({ dimension: query.breakdown, key, figures: figuresOf(rows.find((r) => r.cell === key), i) });
        }
      }
      const totalFigures = figuresOf(totalRow, i);
      const reasons =
        suppress && definition.suppressible
          ? suppressCells([
              { key: '\u0000total', family: '\u0000total', ...totalFigures },
              ...cells.map((c): SuppressibleCell => ({ key: c.key, family: cellFamily(c.dimension, c.key), ...c.figures })),
            ])
          : new Map();
      return {
        definition,
        asOf: query.asOf,
        periodStart: totalRow?.period_from ?? null,
        total: computedCell(definition, totalFigures, reasons.get('\u0000total')),
        breakdown: query.breakdown ? cells.map((c) => this.breakdownCell(c.dimension, c.key, computedCell(definition, c.figures, reasons.get(c.key)))) : null,
      };
    });
  }

  /**
   * One indicator over a school year (the given one, else the current one) up to today, a point
   * every week or month: ONE statement over a generated series of dates. Each point is a total,
   * suppressed on its own when small.
   */
  async trend(
    ctx: ViewerContext,
    args: { key: IndicatorKey; scope: ResolvedScope; schoolYearId?: string | null; interval: TrendInterval; period: IndicatorPeriod },
    suppress = suppressesFor(ctx.viewer),
  ): Promise<{ definition: IndicatorDefinition; from: string; to: string; points: TrendPoint[] }> {
    const definition = indicatorDefinition(args.key);
    const year = await this.schoolYear(ctx, args.schoolYearId);
    const to = year.endDate < ctx.today ? year.endDate : ctx.today;
    if (to < year.startDate) throw badUserInput('schoolYearId', 'The school year has not begun');
    const spec: DatesSpec = { kind: 'series', from: year.startDate, to, interval: args.interval };
    const em = ctx.db.manager;
    if (isPublished(definition)) {
      if (args.scope.gradeLevel !== undefined || args.scope.group) {
        throw badUserInput('scope', 'Published figures are per school or district, not per grade or student group');
      }
      const statement = publishedFiguresStatement(spec, [definition.key], args.scope.schoolId);
      const rows = await namedQuery<PublishedFigureRow>(em, statement.sql, statement.params);
      const points = await this.seriesDates(ctx, spec);
      return {
        definition,
        from: year.startDate,
        to,
        points: points.map((asOf) => ({
          asOf,
          cell: publishedCell(definition, rows.find((r) => r.as_of === asOf && r.school_id === (args.scope.schoolId ?? null))),
        })),
      };
    }
    const family = FAMILIES[(definition.source as IndicatorSql).family];
    if (!familySupportsScope(family, args.scope)) throw badUserInput('scope', 'This indicator is not counted by grade or student group');
    const statement = familyStatement(family, [definition], spec, args.period, args.scope);
    const rows = await namedQuery<FamilyRow>(em, statement.sql, statement.params);
    const points = rows
      .sort((a, b) => a.as_of.localeCompare(b.as_of))
      .map((row) => {
        const figures = figuresOf(row, 0);
        const reasons = suppress && definition.suppressible ? suppressCells([{ key: 'point', family: 'point', ...figures }]) : new Map();
        return { asOf: row.as_of, cell: computedCell(definition, figures, reasons.get('point')) };
      });
    return { definition, from: year.startDate, to, points };
  }

  private async seriesDates(ctx: ViewerContext, spec: DatesSpec): Promise<string[]> {
    const statement = familyStatementDates(spec);
    const rows = await namedQuery<{ as_of: string }>(ctx.db.manager, statement.sql, statement.params);
    return rows.map((r) => r.as_of).sort();
  }

  private async schoolYear(ctx: ViewerContext, schoolYearId?: string | null): Promise<SchoolYearEntity> {
    const qb = ctx.db.manager.createQueryBuilder(SchoolYearEntity, 'y');
    if (schoolYearId) qb.where('y.id = :id', { id: expectGlobalId(schoolYearId, 'SchoolYear', 'schoolYearId') });
    else qb.where('y.start_date <= :today', { today: ctx.today }).orderBy('y.start_date', 'DESC');
    const year = await qb.getOne();
    if (!year) throw badUserInput('schoolYearId', 'No such school year');
    return year;
  }

  /** The schools a school breakdown lists: the scope's school, or every school, by name. */
  private schoolsOf(ctx: ViewerContext, scope: ResolvedScope): Promise<SchoolEntity[]> {
    return ctx.db.manager.find(SchoolEntity, { where: scope.schoolId ? { id: In([scope.schoolId]) } : {}, order: { name: 'ASC', id: 'ASC' } });
  }

  /** The cells a breakdown lists: every school or group (empty ones too), or the grades counted. */
  private cellKeys(breakdown: IndicatorBreakdown, rows: FamilyRow[], schools: SchoolEntity[]): string[] {
    if (breakdown === IndicatorBreakdown.SCHOOL) return schools.map((s) => s.id);
    if (breakdown === IndicatorBreakdown.STUDENT_GROUP) return STUDENT_GROUPS.map((g) => g.group);
    return [...new Set(rows.filter((r) => r.cell !== null).map((r) => r.cell!))].sort((a, b) => Number(a) - Number(b));
  }

  private breakdownCell(dimension: IndicatorBreakdown, key: string, cell: IndicatorCell): BreakdownCell {
    return {
      dimension,
      schoolId: dimension === IndicatorBreakdown.SCHOOL ? key : null,
      gradeLevel: dimension === IndicatorBreakdown.GRADE ? Number(key) : null,
      group: dimension === IndicatorBreakdown.STUDENT_GROUP ? (key as StudentGroup) : null,
      cell,
    };
  }

  private publishedResult(definition: IndicatorDefinition, query: RollupQuery, figures: PublishedFigureRow[], schools: SchoolEntity[]): IndicatorResult {
    const mine = figures.filter((f) => f.measure === definition.key);
    const base = { definition, asOf: query.asOf, periodStart: null };
    if (query.scope.gradeLevel !== undefined || query.scope.group) {
      return { ...base, total: unavailableCell(definition, 'Published figures are per school or district, not per grade or student group'), breakdown: query.breakdown ? [] : null };
    }
    const total = publishedCell(definition, mine.find((f) => f.school_id === (query.scope.schoolId ?? null)));
    let breakdown: BreakdownCell[] | null = null;
    if (query.breakdown === IndicatorBreakdown.SCHOOL) {
      breakdown = schools.map((s) => this.breakdownCell(IndicatorBreakdown.SCHOOL, s.id, publishedCell(definition, mine.find((f) => f.school_id === s.id))));
    } else if (query.breakdown) {
      breakdown = [];
    }
    return { ...base, total, breakdown };
  }
}

/** Just the dates of a series (the points of a published measure's trend). */
function familyStatementDates(spec: DatesSpec) {
  const dates = datesCte(spec, IndicatorPeriod.SCHOOL_YEAR_TO_DATE);
  return { sql: `WITH ${dates.sql} SELECT as_of::text AS as_of FROM dates`, params: dates.params };
}

export const indicatorService = new IndicatorService();
