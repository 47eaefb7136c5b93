import { schoolYearStartOn } from './effective-dates';
import { FAMILIES, type IndicatorFamily } from './families';
import { ROSTER_CTE } from './families/family';
import { IndicatorBreakdown, IndicatorPeriod, TrendInterval } from './indicator-enums';
import type { IndicatorDefinition, IndicatorSql } from './registry';
import { STUDENT_GROUPS, studentGroup, type StudentGroup } from './student-groups';

/** Which part of the district a figure covers: any combination of a school, a grade and a student group. */
export interface ResolvedScope {
  schoolId?: string;
  /** As stored: PK = -1, K = 0, 1..12. */
  gradeLevel?: number;
  group?: StudentGroup;
}

/** The as-of dates of a statement: one (a rollup) or a generated series (a trend). */
export type DatesSpec =
  | { kind: 'single'; asOf: string }
  | { kind: 'series'; from: string; to: string; interval: TrendInterval };

export interface Statement {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * `dates (as_of, period_from)`: the as-of dates and, for each, the first day of its period. A
 * series is generated in SQL (every 7th day from the first week's end, or every month's end, and
 * the last day), so a trend is one statement however many points it has.
 */
export function datesCte(spec: DatesSpec, period: IndicatorPeriod): Statement {
  let base: string;
  if (spec.kind === 'single') {
    base = 'SELECT CAST(:asOf AS date) AS as_of';
  } else if (spec.interval === TrendInterval.WEEK) {
    base = `SELECT g::date AS as_of FROM generate_series(CAST(:seriesFrom AS date) + 6, CAST(:seriesTo AS date), interval '7 days') AS g
            UNION SELECT CAST(:seriesTo AS date)`;
  } else {
    base = `SELECT least((date_trunc('month', g) + interval '1 month' - interval '1 day')::date, CAST(:seriesTo AS date)) AS as_of
              FROM generate_series(date_trunc('month', CAST(:seriesFrom AS date)::timestamp), CAST(:seriesTo AS date)::timestamp, interval '1 month') AS g
            UNION SELECT CAST(:seriesTo AS date)`;
  }
  const periodFrom = period === IndicatorPeriod.LAST_FOUR_WEEKS ? 'b.as_of - 27' : `coalesce(${schoolYearStartOn('b.as_of')}, b.as_of)`;
  const params = spec.kind === 'single' ? { asOf: spec.asOf } : { seriesFrom: spec.from, seriesTo: spec.to };
  return { sql: `dates AS (SELECT b.as_of, ${periodFrom} AS period_from FROM (${base}) b)`, params };
}

const STUDENT_COLUMNS = 's.english_learner, s.student_with_disability, s.free_reduced_meals, s.race_ethnicity, s.gender';

/** The scope as a condition on the `scoped` rows (alias `u`, student columns joined in). */
function scopeCondition(scope: ResolvedScope): Statement {
  const parts: string[] = ['true'];
  const params: Record<string, unknown> = {};
  if (scope.schoolId) {
    parts.push('u.school_id = CAST(:scopeSchoolId AS uuid)');
    params.scopeSchoolId = scope.schoolId;
  }
  if (scope.gradeLevel !== undefined) {
    parts.push('u.grade_level = CAST(:scopeGrade AS int)');
    params.scopeGrade = scope.gradeLevel;
  }
  if (scope.group) parts.push(studentGroup(scope.group).sql('u'));
  return { sql: parts.join(' AND '), params };
}

/**
 * The family's CTEs, filtered to the scope, as `scoped` (units, with their students' columns when
 * `studentColumns`). The student table is joined only when a student group is read (the scope's or
 * the breakdown's): otherwise the join changes no row (a left join on the key) and only hashed or
 * probed every student of the district for every family, a cost that grew with the district.
 */
function scopedCtes(family: IndicatorFamily, spec: DatesSpec, period: IndicatorPeriod, scope: ResolvedScope, studentColumns: boolean): Statement {
  const dates = datesCte(spec, period);
  const where = scopeCondition(scope);
  const sql = `WITH ${dates.sql},${family.usesRoster ? `${ROSTER_CTE},` : ''}${family.ctes},
  scoped AS (
    ${studentColumns ? `SELECT un.*, ${STUDENT_COLUMNS} FROM units un LEFT JOIN student s ON s.id = un.student_id` : 'SELECT un.* FROM units un'}
  )`;
  return { sql: `${sql}, in_scope AS (SELECT * FROM scoped u WHERE ${where.sql})`, params: { ...dates.params, ...where.params } };
}

/** Whether a statement reads the students' group columns: a student-group scope or breakdown does. */
const readsStudentColumns = (scope: ResolvedScope, breakdown?: IndicatorBreakdown): boolean =>
  scope.group !== undefined || breakdown === IndicatorBreakdown.STUDENT_GROUP;

/** Whether the family can be cut by the scope's grade or student group at all. */
export function familySupportsScope(family: IndicatorFamily, scope: ResolvedScope): boolean {
  return family.studentUnits || (scope.gradeLevel === undefined && !scope.group);
}

export function familySupportsBreakdown(family: IndicatorFamily, breakdown: IndicatorBreakdown): boolean {
  return family.studentUnits || breakdown === IndicatorBreakdown.SCHOOL;
}

/** The cell key a breakdown dimension gives each unit (a lateral expansion: one row per cell it counts in). */
function expansion(breakdown: IndicatorBreakdown): string {
  switch (breakdown) {
    case IndicatorBreakdown.SCHOOL:
      return 'SELECT u.school_id::text AS cell';
    case IndicatorBreakdown.GRADE:
      return 'SELECT u.grade_level::text AS cell WHERE u.grade_level IS NOT NULL';
    case IndicatorBreakdown.STUDENT_GROUP:
      return `SELECT v.cell FROM (VALUES ${STUDENT_GROUPS.map((g) => `('${g.group}', ${g.sql('u')})`).join(', ')}) AS v(cell, member) WHERE v.member`;
  }
}

const inPopulation = (source: IndicatorSql) => `(${source.population})`;
const inNumerator = (source: IndicatorSql) =>
  source.aggregate === 'count' ? `(${source.population}) AND (${source.numerator})` : `(${source.population}) AND (${source.numeratorAmount}) > 0`;

/** numerator, denominator and the distinct students behind each, for indicator `i` of a statement. */
function aggregates(source: IndicatorSql, i: number, oneUnitPerStudent: boolean): string {
  const students = oneUnitPerStudent ? 'count(u.student_id)' : 'count(DISTINCT u.student_id)';
  const counts =
    source.aggregate === 'count'
      ? `count(u.as_of) FILTER (WHERE ${inNumerator(source)})::float8 AS n${i}, count(u.as_of) FILTER (WHERE ${inPopulation(source)})::float8 AS d${i}`
      : `coalesce(sum(${source.numeratorAmount}) FILTER (WHERE ${inPopulation(source)}), 0)::float8 AS n${i},
         coalesce(sum(${source.denominatorAmount}) FILTER (WHERE ${inPopulation(source)}), 0)::float8 AS d${i}`;
  return `${counts},
         ${students} FILTER (WHERE ${inNumerator(source)})::int AS ns${i},
         ${students} FILTER (WHERE ${inPopulation(source)})::int AS ds${i}`;
}

/** One row of a family statement: the cell (null: the scope's total), then n/d/ns/ds per indicator. */
export interface FamilyRow {
  as_of: string;
  period_from: string | null;
  cell: string | null;
  [figure: string]: string | number | null;
}

/**
 * ONE statement computing every given indicator of one family for the scope, on every as-of date,
 * as the scope's total and (with a breakdown) per cell of the breakdown: the total groups by date;
 * each cell groups by date and the unit's cell key (school, grade, or each student group it
 * belongs to). Dates without units still get a total row (zeros).
 *
 * On a single date the total is one aggregate over the date's units (no GROUP BY, so one row of
 * zeros when there are none, as the grouped join gives): grouped, the planner took the units for a
 * few rows and sorted all of them (every student of the district for the attendance family) to
 * form the one group, a sort that cost more per row as the district grew. A series keeps the
 * grouped join, which reads the units once for every date.
 */
export function familyStatement(
  family: IndicatorFamily,
  indicators: readonly IndicatorDefinition[],
  spec: DatesSpec,
  period: IndicatorPeriod,
  scope: ResolvedScope,
  breakdown?: IndicatorBreakdown,
): Statement {
  const sources = indicators.map((d) => d.source as IndicatorSql);
  const base = scopedCtes(family, spec, period, scope, readsStudentColumns(scope, breakdown));
  const figures = sources.map((s, i) => aggregates(s, i, family.oneUnitPerStudent)).join(',\n         ');
  let sql = `${base.sql}
  SELECT d.as_of::text AS as_of, d.period_from::text AS period_from, NULL::text AS cell,
         ${spec.kind === 'single' ? `f.* FROM dates d CROSS JOIN LATERAL (SELECT ${figures} FROM in_scope u WHERE u.as_of = d.as_of) f` : `${figures}
    FROM dates d LEFT JOIN in_scope u ON u.as_of = d.as_of
   GROUP BY d.as_of, d.period_from`}`;
  if (breakdown) {
    sql += `
  UNION ALL
  SELECT u.as_of::text AS as_of, NULL::text AS period_from, k.cell,
         ${figures}
    FROM in_scope u CROSS JOIN LATERAL (${expansion(breakdown)}) AS k
   GROUP BY u.as_of, k.cell`;
  }
  return { sql, params: base.params };
}

/**
 * The students behind one side of a cell: the distinct students of the units in the population
 * (denominator) or also in the numerator, on one date, in the scope. A subquery selecting
 * `student_id`, for the drill-through to page and scope.
 */
export function drillStatement(family: IndicatorFamily, definition: IndicatorDefinition, asOf: string, period: IndicatorPeriod, scope: ResolvedScope, numerator: boolean): Statement {
  const source = definition.source as IndicatorSql;
  const base = scopedCtes(family, { kind: 'single', asOf }, period, scope, readsStudentColumns(scope));
  return {
    sql: `${base.sql} SELECT DISTINCT u.student_id FROM in_scope u WHERE u.student_id IS NOT NULL AND ${numerator ? inNumerator(source) : inPopulation(source)}`,
    params: base.params,
  };
}

export const familyOf = (definition: IndicatorDefinition): IndicatorFamily => FAMILIES[(definition.source as IndicatorSql).family];
