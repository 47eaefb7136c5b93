import { mondayOf } from '../../common/dates';
import type { ViewerContext } from '../../context';
import { IndicatorBreakdown, IndicatorPeriod } from '../indicators/indicator-enums';
import { indicatorService } from '../indicators/indicator.service';
import { SchoolEntity } from '../schools/school.entity';
import { namedQuery } from '../tutoring/tutoring-sql';
import { MyWorkKind } from './my-work.types';
import type { WorkItem } from './work-item';

/** How many of a school's indicators a district lead is shown: the ones furthest from target. */
export const WORST_INDICATORS_PER_SCHOOL = 3;

/**
 * Per school, the indicators furthest from their targets, school year to date (the indicator
 * service's rollup broken down by school, suppression included): at most
 * {@link WORST_INDICATORS_PER_SCHOOL} per school, largest gap first. The gap is in percentage
 * points in the indicator's direction, so "lower is better" rates rank with the rest.
 */
export async function indicatorsOffTarget(ctx: ViewerContext): Promise<WorkItem[]> {
  const results = await indicatorService.rollup(ctx, {
    scope: {},
    asOf: ctx.today,
    period: IndicatorPeriod.SCHOOL_YEAR_TO_DATE,
    breakdown: IndicatorBreakdown.SCHOOL,
  });
  const schools = new Map((await ctx.db.manager.find(SchoolEntity)).map((s) => [s.id, s]));
  const bySchool = new Map<string, WorkItem[]>();
  for (const result of results) {
    for (const cell of result.breakdown ?? []) {
      const gap = cell.cell.gapToTarget;
      if (!cell.schoolId || gap === null || gap <= 0 || cell.cell.value === null) continue;
      const school = schools.get(cell.schoolId);
      const items = bySchool.get(cell.schoolId) ?? [];
      items.push({
        kind: MyWorkKind.INDICATOR_OFF_TARGET,
        studentId: null,
        schoolId: cell.schoolId,
        reason: `${result.definition.title} at ${school?.name ?? 'a school'}: ${cell.cell.value}% against a target of ${cell.cell.target}% (${gap} points from it)`,
        dueDate: null,
        subject: { type: 'School', id: cell.schoolId },
        // Largest gap first: 100 points off sorts before 1.
        priority: Math.max(0, 1000 - Math.round(gap * 10)),
      });
      bySchool.set(cell.schoolId, items);
    }
  }
  return [...bySchool.values()].flatMap((items) => items.sort((a, b) => a.priority - b.priority).slice(0, WORST_INDICATORS_PER_SCHOOL));
}

interface SchoolWeek {
  schoolId: string;
  name: string;
  attendanceDays: number;
  activePlans: number;
  interventionSessions: number;
  activeGroups: number;
  tutoringSessions: number;
}

/**
 * Schools whose data looks stale: from this week's Monday to today (when that span has school
 * days), no attendance recorded for any student, or no intervention session logged although the
 * school has active plans, or no tutoring session logged (held or cancelled) although it has
 * groups with students. One statement for the district.
 */
export async function staleSchools(ctx: ViewerContext): Promise<WorkItem[]> {
  const monday = mondayOf(ctx.today);
  const rows = await namedQuery<SchoolWeek & { schoolDays: number }>(
    ctx.db.manager,
    `SELECT sc.id AS "schoolId", sc.name,
            (SELECT count(*)::int FROM instructional_day d WHERE d.calendar_date BETWEEN :monday::date AND :today::date) AS "schoolDays",
            (SELECT count(*)::int FROM attendance_day ad WHERE ad.school_id = sc.id AND ad.calendar_date BETWEEN :monday::date AND :today::date) AS "attendanceDays",
            (SELECT count(*)::int FROM intervention_plan ip WHERE ip.school_id = sc.id AND ip.status = 'ACTIVE' AND ip.start_date < :monday::date) AS "activePlans",
            (SELECT count(*)::int FROM intervention_session s WHERE s.school_id = sc.id AND s.session_date BETWEEN :monday::date AND :today::date) AS "interventionSessions",
            (SELECT count(DISTINCT g.id)::int FROM tutoring_group g JOIN tutoring_program p ON p.id = g.program_id
               JOIN tutoring_assignment a ON a.group_id = g.id AND a.start_date <= :monday::date AND COALESCE(a.end_date, p.end_date) >= :today::date
              WHERE g.school_id = sc.id) AS "activeGroups",
            (SELECT count(*)::int FROM tutoring_session ts JOIN tutoring_group g ON g.id = ts.group_id
              WHERE g.school_id = sc.id AND ts.session_date BETWEEN :monday::date AND :today::date) AS "tutoringSessions"
       FROM school sc
      ORDER BY sc.name, sc.id`,
    { monday, today: ctx.today },
  );
  return rows.flatMap((r) => {
    if (r.schoolDays === 0) return [];
    const missing = [
      r.attendanceDays === 0 ? 'no attendance recorded' : null,
      r.activePlans > 0 && r.interventionSessions === 0 ? `no intervention session logged for its ${r.activePlans} active plans` : null,
      r.activeGroups > 0 && r.tutoringSessions === 0 ? `no tutoring session logged for its ${r.activeGroups} tutoring groups` : null,
    ].filter(Boolean);
    if (missing.length === 0) return [];
    return [{
      kind: MyWorkKind.SCHOOL_DATA_STALE,
      studentId: null,
      schoolId: r.schoolId,
      reason: `${r.name}: since Monday ${monday} (${r.schoolDays} school day${r.schoolDays === 1 ? '' : 's'}), ${missing.join('; ')}`,
      dueDate: ctx.today,
      subject: { type: 'School', id: r.schoolId },
      priority: 3 - missing.length,
    }];
  });
}
