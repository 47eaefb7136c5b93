import { stringify } from 'csv-stringify/sync';
import { gradeFromNumber } from '../../common/grade-level';
import type { ViewerContext } from '../../context';
import { SchoolEntity } from '../schools/school.entity';
import type { IndicatorCell } from './indicator-cells';
import { indicatorService, type IndicatorResult, type RollupQuery } from './indicator.service';
import { studentGroup } from './student-groups';

export const CSV_COLUMNS = [
  'indicator_key', 'indicator', 'priority', 'kind', 'as_of', 'period_start', 'scope_school', 'scope_grade', 'scope_group',
  'breakdown', 'cell', 'numerator', 'denominator', 'value_percent', 'target_percent', 'gap_to_target', 'meets_target',
  'suppressed', 'note',
] as const;

/**
 * A rollup as CSV (RFC 4180, via csv-stringify): one row for each indicator's total and one per
 * breakdown cell. Exports leave the system, so small cells are ALWAYS suppressed here, whoever
 * asks (a district admin's screen shows them; their export does not): a suppressed cell's
 * figures are empty and `suppressed` is true, never a 0.
 */
export async function rollupCsv(ctx: ViewerContext, query: RollupQuery): Promise<string> {
  const [results, schools] = await Promise.all([
    indicatorService.rollup(ctx, query, true),
    ctx.db.manager.find(SchoolEntity),
  ]);
  const schoolName = new Map(schools.map((s) => [s.id, s.name]));
  const scope = [
    query.scope.schoolId ? schoolName.get(query.scope.schoolId) ?? query.scope.schoolId : 'District',
    query.scope.gradeLevel !== undefined ? gradeFromNumber(query.scope.gradeLevel) : '',
    query.scope.group ? studentGroup(query.scope.group).label : '',
  ];
  const line = (result: IndicatorResult, breakdown: string, cell: string, figures: IndicatorCell) => [
    result.definition.key,
    result.definition.title,
    result.definition.priority,
    result.definition.kind,
    result.asOf,
    result.periodStart ?? '',
    ...scope,
    breakdown,
    cell,
    figures.numerator ?? '',
    figures.denominator ?? '',
    figures.value ?? '',
    figures.target ?? '',
    figures.gapToTarget ?? '',
    figures.meetsTarget === null ? '' : String(figures.meetsTarget),
    String(figures.suppressed),
    figures.note ?? '',
  ];
  const rows = results.flatMap((result) => [
    line(result, '', 'Total', result.total),
    ...(result.breakdown ?? []).map((b) =>
      line(
        result,
        b.dimension,
        b.schoolId ? schoolName.get(b.schoolId) ?? b.schoolId : b.gradeLevel !== null ? gradeFromNumber(b.gradeLevel) : b.group ? studentGroup(b.group).label : '',
        b.cell,
      ),
    ),
  ]);
  return stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: '\r\n' });
}
