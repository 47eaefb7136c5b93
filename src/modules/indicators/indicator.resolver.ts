import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { StaffRole } from '../../common/auth/roles';
import { gradeFromNumber } from '../../common/grade-level';
import { mapConnection } from '../../common/graphql/connection';
import { LocalDate } from '../../common/graphql/scalars';
import { payloadOf } from '../../common/graphql/user-error';
import type { ViewerContext } from '../../context';
import { SchoolType } from '../schools/school.type';
import { StudentConnection, StudentType } from '../students/student.type';
import { annualMeasureService } from './annual-measure.service';
import { INDICATOR_ROLES } from './indicator-access';
import { rollupCsv } from './indicator-csv';
import { indicatorDrillService } from './indicator-drill.service';
import { IndicatorBreakdown, IndicatorKey, IndicatorPart, IndicatorPeriod, TrendInterval } from './indicator-enums';
import { AnnualMeasureRecordInput, IndicatorScopeInput } from './indicator.inputs';
import { type IndicatorResult, indicatorService } from './indicator.service';
import {
  AnnualMeasureFigureType,
  AnnualMeasureRecordPayload,
  IndicatorBreakdownCellType,
  IndicatorCellType,
  IndicatorResultType,
  IndicatorTrendType,
  IndicatorType,
} from './indicator.types';
import { INDICATORS } from './registry';

function toResultType(result: IndicatorResult): IndicatorResultType {
  return Object.assign(new IndicatorResultType(), {
    indicator: IndicatorType.from(result.definition),
    asOf: result.asOf,
    periodStart: result.periodStart,
    total: IndicatorCellType.from(result.total),
    breakdown:
      result.breakdown?.map((b) =>
        Object.assign(new IndicatorBreakdownCellType(), {
          schoolDbId: b.schoolId,
          dimension: b.dimension,
          gradeLevel: b.gradeLevel === null ? null : gradeFromNumber(b.gradeLevel),
          group: b.group,
          cell: IndicatorCellType.from(b.cell),
        }),
      ) ?? null,
  });
}

const PERIOD_ARG = { defaultValue: IndicatorPeriod.SCHOOL_YEAR_TO_DATE, description: 'The window of period-based indicators' };

/**
 * The plan's indicators: rollups for a scope and date, breakdowns, trends, drill-through and CSV
 * export. District leads and admins see every scope; school admins and counselors their own
 * schools' (indicator-access.ts); other roles are refused.
 */
@Authorized(INDICATOR_ROLES)
@Resolver()
export class IndicatorResolver {
  @Query(() => [IndicatorType], { description: 'Every indicator: what it counts, its as-of rule and target' })
  indicatorDefinitions(): IndicatorType[] {
    return INDICATORS.map(IndicatorType.from);
  }

  @Query(() => [IndicatorResultType], { description: 'Indicators for a scope as of a date (default today), optionally broken down by school, grade or student group' })
  async indicators(
    @Ctx() ctx: ViewerContext,
    @Arg('scope', () => IndicatorScopeInput, { nullable: true }) scope?: IndicatorScopeInput,
    @Arg('asOf', () => LocalDate, { nullable: true }) asOf?: string,
    @Arg('period', () => IndicatorPeriod, PERIOD_ARG) period: IndicatorPeriod = IndicatorPeriod.SCHOOL_YEAR_TO_DATE,
    @Arg('keys', () => [IndicatorKey], { nullable: true, description: 'Default: every indicator' }) keys?: IndicatorKey[],
    @Arg('breakdown', () => IndicatorBreakdown, { nullable: true }) breakdown?: IndicatorBreakdown,
  ): Promise<IndicatorResultType[]> {
    const results = await indicatorService.rollup(ctx, {
      scope: indicatorService.resolveScope(ctx, scope),
      asOf: indicatorService.asOf(ctx, asOf),
      period,
      keys,
      breakdown,
    });
    return results.map(toResultType);
  }

  @Query(() => IndicatorTrendType, { description: 'One indicator over a school year (default: the current one), a point a week or a month' })
  async indicatorTrend(
    @Ctx() ctx: ViewerContext,
    @Arg('key', () => IndicatorKey) key: IndicatorKey,
    @Arg('scope', () => IndicatorScopeInput, { nullable: true }) scope?: IndicatorScopeInput,
    @Arg('schoolYearId', () => ID, { nullable: true }) schoolYearId?: string,
    @Arg('interval', () => TrendInterval, { defaultValue: TrendInterval.WEEK }) interval: TrendInterval = TrendInterval.WEEK,
    @Arg('period', () => IndicatorPeriod, PERIOD_ARG) period: IndicatorPeriod = IndicatorPeriod.SCHOOL_YEAR_TO_DATE,
  ): Promise<IndicatorTrendType> {
    const trend = await indicatorService.trend(ctx, { key, scope: indicatorService.resolveScope(ctx, scope), schoolYearId, interval, period });
    return Object.assign(new IndicatorTrendType(), {
      indicator: IndicatorType.from(trend.definition),
      from: trend.from,
      to: trend.to,
      points: trend.points.map((p) => ({ asOf: p.asOf, cell: IndicatorCellType.from(p.cell) })),
    });
  }

  @Query(() => StudentConnection, { description: "The students behind a cell's numerator or denominator (the scope is the cell), those you may see" })
  async indicatorStudents(
    @Ctx() ctx: ViewerContext,
    @Arg('key', () => IndicatorKey) key: IndicatorKey,
    @Arg('part', () => IndicatorPart) part: IndicatorPart,
    @Arg('scope', () => IndicatorScopeInput, { nullable: true }) scope?: IndicatorScopeInput,
    @Arg('asOf', () => LocalDate, { nullable: true }) asOf?: string,
    @Arg('period', () => IndicatorPeriod, PERIOD_ARG) period: IndicatorPeriod = IndicatorPeriod.SCHOOL_YEAR_TO_DATE,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<StudentConnection> {
    const page = await indicatorDrillService.students(ctx, {
      key,
      part,
      scope: indicatorService.resolveScope(ctx, scope),
      asOf: indicatorService.asOf(ctx, asOf),
      period,
      first,
      after,
    });
    return mapConnection(page, StudentType.from) as unknown as StudentConnection;
  }

  @Query(() => String, { description: 'The same rollup as CSV text (RFC 4180), small cells always suppressed' })
  async indicatorsCsv(
    @Ctx() ctx: ViewerContext,
    @Arg('scope', () => IndicatorScopeInput, { nullable: true }) scope?: IndicatorScopeInput,
    @Arg('asOf', () => LocalDate, { nullable: true }) asOf?: string,
    @Arg('period', () => IndicatorPeriod, PERIOD_ARG) period: IndicatorPeriod = IndicatorPeriod.SCHOOL_YEAR_TO_DATE,
    @Arg('keys', () => [IndicatorKey], { nullable: true }) keys?: IndicatorKey[],
    @Arg('breakdown', () => IndicatorBreakdown, { nullable: true }) breakdown?: IndicatorBreakdown,
  ): Promise<string> {
    return rollupCsv(ctx, {
      scope: indicatorService.resolveScope(ctx, scope),
      asOf: indicatorService.asOf(ctx, asOf),
      period,
      keys,
      breakdown,
    });
  }

  @Query(() => [AnnualMeasureFigureType], { description: 'Recorded published figures of the annual measures' })
  async annualMeasureFigures(
    @Ctx() ctx: ViewerContext,
    @Arg('measure', () => IndicatorKey, { nullable: true }) measure?: IndicatorKey,
    @Arg('schoolYearId', () => ID, { nullable: true }) schoolYearId?: string,
  ): Promise<AnnualMeasureFigureType[]> {
    return (await annualMeasureService.list(ctx, { measure, schoolYearId })).map(AnnualMeasureFigureType.from);
  }

  @Authorized([StaffRole.DISTRICT_ADMIN])
  @Mutation(() => AnnualMeasureRecordPayload, { description: 'Records (or replaces) the published figure of an annual measure for a school or the district and a year' })
  annualMeasureRecord(@Ctx() ctx: ViewerContext, @Arg('input', () => AnnualMeasureRecordInput) input: AnnualMeasureRecordInput) {
    return payloadOf('annualMeasureFigure', AnnualMeasureFigureType.from, () => annualMeasureService.record(ctx, input));
  }
}

@Authorized(INDICATOR_ROLES)
@Resolver(() => IndicatorBreakdownCellType)
export class IndicatorBreakdownCellResolver {
  @FieldResolver(() => SchoolType, { nullable: true, description: 'The school, in a breakdown by school' })
  async school(@Root() cell: IndicatorBreakdownCellType, @Ctx() ctx: ViewerContext): Promise<SchoolType | null> {
    if (!cell.schoolDbId) return null;
    const school = await ctx.loaders.schools.schoolById.load(cell.schoolDbId);
    return school ? SchoolType.from(school) : null;
  }
}

@Authorized(INDICATOR_ROLES)
@Resolver(() => AnnualMeasureFigureType)
export class AnnualMeasureFigureResolver {
  @FieldResolver(() => SchoolType, { nullable: true, description: 'Null for the district-wide figure' })
  async school(@Root() figure: AnnualMeasureFigureType, @Ctx() ctx: ViewerContext): Promise<SchoolType | null> {
    if (!figure.schoolDbId) return null;
    const school = await ctx.loaders.schools.schoolById.load(figure.schoolDbId);
    return school ? SchoolType.from(school) : null;
  }
}

export const indicatorResolvers = [IndicatorResolver, IndicatorBreakdownCellResolver, AnnualMeasureFigureResolver] as const;
