import { mondayOf } from '../../common/dates';
import { ACADEMIC_DOMAINS, type MtssDomain } from '../../common/mtss';
import type { ViewerContext } from '../../context';
import { programScopeSql } from './tutoring-access';
import { type TutoringDosage, tutoringDosageService } from './tutoring-dosage.service';
import { K3_HIGHEST_GRADE, SCHOOL_DAYS_PER_WEEK } from './tutoring-standards';
import { assignmentActiveOn, namedQuery, studentScopeSql } from './tutoring-sql';

export interface GroupOverRatio {
  groupId: string;
  programId: string;
  capacity: number;
  studentsAssigned: number;
  maxStudentsPerTutor: number;
}

export interface SessionUnderMinutes {
  sessionId: string;
  programId: string;
  minutes: number;
  minimumMinutes: number;
}

/** A program measured against its target dosage (the NSSA standards unless changed). */
export interface TutoringProgramChecks {
  programId: string;
  asOf: string;
  windowStart: string;
  instructionalWeeks: number;
  shorterThanMinWeeks: boolean;
  groupsOverRatio: GroupOverRatio[];
  sessionsUnderMinutes: SessionUnderMinutes[];
  studentsBelowSessionsPerWeek: TutoringDosage[];
}

/** Which part of the district a queue covers. */
export type TutoringQueueScope =
  | { kind: 'school'; schoolId: string }
  | { kind: 'program'; programId: string; schoolIds: string[]; subjects: MtssDomain[] };

export interface SupportGap {
  studentId: string;
  domain: MtssDomain;
  tier: number;
  placementId: string;
}

/** Program length in instructional weeks: the district's instructional days in its span / 5. */
const PROGRAM_LENGTH_SQL = `
  SELECT p.id AS "programId", round(count(d.calendar_date) / ${SCHOOL_DAYS_PER_WEEK}.0, 2)::float8 AS weeks,
         count(d.calendar_date) / ${SCHOOL_DAYS_PER_WEEK}.0 < p.min_weeks AS short
    FROM tutoring_program p
    LEFT JOIN instructional_day d ON d.calendar_date BETWEEN p.start_date AND p.end_date
   WHERE p.id = ANY(:programIds::uuid[])
   GROUP BY p.id`;

/** Groups whose capacity, or whose students assigned today, exceed the program's students-per-tutor ratio. */
const GROUPS_OVER_RATIO_SQL = `
  SELECT g.id AS "groupId", g.program_id AS "programId", g.capacity, p.max_students_per_tutor AS "maxStudentsPerTutor",
         count(a.id)::int AS "studentsAssigned"
    FROM tutoring_group g
    JOIN tutoring_program p ON p.id = g.program_id
    LEFT JOIN tutoring_assignment a ON a.group_id = g.id AND ${assignmentActiveOn('a', 'p', ':today::date')}
   WHERE g.program_id = ANY(:programIds::uuid[])
   GROUP BY g.id, p.id
  HAVING g.capacity > p.max_students_per_tutor OR count(a.id) > p.max_students_per_tutor
   ORDER BY g.name, g.id`;

/**
 * Held sessions in the window shorter than the program's minimum: the K-3 minimum when every
 * student present was in grade PK-3, the standard minimum otherwise (or when nobody was present).
 */
const SESSIONS_UNDER_MINUTES_SQL = `
  SELECT s.id AS "sessionId", g.program_id AS "programId", s.minutes,
         CASE WHEN bool_and(st.grade_level <= ${K3_HIGHEST_GRADE}) THEN p.target_minutes_per_session_k3 ELSE p.target_minutes_per_session END AS "minimumMinutes"
    FROM tutoring_session s
    JOIN tutoring_group g ON g.id = s.group_id
    JOIN tutoring_program p ON p.id = g.program_id
    LEFT JOIN tutoring_attendance att ON att.session_id = s.id AND att.present
    LEFT JOIN student st ON st.id = att.student_id
   WHERE g.program_id = ANY(:programIds::uuid[]) AND s.status = 'HELD'
     AND s.session_date BETWEEN :windowStart::date AND :today::date
   GROUP BY s.id, g.program_id, p.id
  HAVING s.minutes < CASE WHEN bool_and(st.grade_level <= ${K3_HIGHEST_GRADE}) THEN p.target_minutes_per_session_k3 ELSE p.target_minutes_per_session END
   ORDER BY s.session_date DESC, s.id`;

/**
 * Groups in the queue's scope with students assigned today, with at least one scheduled
 * instructional day from this week's Monday to today within the program's dates, and no session
 * logged (held or cancelled) since Monday.
 */
const GROUPS_WITHOUT_SESSION_SQL = (scopeSql: string, visibleSql: string) => `
  SELECT g.id FROM tutoring_group g
    JOIN tutoring_program p ON p.id = g.program_id
   WHERE ${scopeSql} AND ${visibleSql}
     AND EXISTS (SELECT 1 FROM tutoring_assignment a WHERE a.group_id = g.id AND ${assignmentActiveOn('a', 'p', ':today::date')})
     AND EXISTS (SELECT 1 FROM instructional_day d
                  WHERE d.calendar_date BETWEEN GREATEST(:monday::date, p.start_date) AND LEAST(:today::date, p.end_date)
                    AND extract(isodow FROM d.calendar_date)::int = ANY(g.days_of_week))
     AND NOT EXISTS (SELECT 1 FROM tutoring_session s WHERE s.group_id = g.id AND s.session_date BETWEEN :monday::date AND :today::date)
   ORDER BY g.name, g.id`;

/**
 * Students in Tier 2 or 3 today in reading or math (their placement in force today) enrolled
 * today at one of the scope's schools, with neither an ACTIVE intervention plan in that domain
 * nor tutoring in that subject today: the MTSS promise of a Tier 2/3 support left unkept.
 */
const SUPPORT_GAPS_SQL = (viewerSql: string) => `
  SELECT tp.student_id AS "studentId", tp.domain, tp.tier, tp.id AS "placementId"
    FROM tier_placement tp
    JOIN student st ON st.id = tp.student_id AND st.deleted_at IS NULL
   WHERE tp.tier >= 2 AND tp.domain = ANY(:queueDomains::mtss_domain[])
     AND tp.start_date <= :today::date AND (tp.end_date IS NULL OR tp.end_date >= :today::date)
     AND EXISTS (SELECT 1 FROM enrollment e WHERE e.student_id = tp.student_id AND e.school_id = ANY(:queueSchoolIds::uuid[])
                   AND e.entry_date <= :today::date AND (e.exit_date IS NULL OR e.exit_date >= :today::date))
     AND NOT EXISTS (SELECT 1 FROM intervention_plan ip
                      WHERE ip.student_id = tp.student_id AND ip.domain = tp.domain AND ip.status = 'ACTIVE')
     AND NOT EXISTS (SELECT 1 FROM tutoring_assignment a
                       JOIN tutoring_group g ON g.id = a.group_id
                       JOIN tutoring_program p ON p.id = g.program_id
                      WHERE a.student_id = tp.student_id AND g.subject = tp.domain AND ${assignmentActiveOn('a', 'p', ':today::date')})
     AND ${viewerSql}
   ORDER BY st.family_name, st.given_name, st.id, tp.domain`;

/** Set-based checks of programs against their targets, and the work queues of a school or program. */
export class TutoringChecksService {
  /**
   * Checks programs against the standards, one query per check for the whole batch: the program's
   * length in weeks, groups over the students-per-tutor ratio (today), and over the last four
   * weeks sessions under the minutes and students attending fewer sessions a week than the target.
   */
  async checks(ctx: ViewerContext, programIds: readonly string[]): Promise<TutoringProgramChecks[]> {
    const em = ctx.db.manager;
    const window = tutoringDosageService.recentWindow(ctx);
    const params = { programIds: [...programIds], today: ctx.today, windowStart: window.from };
    const [lengths, overRatio, underMinutes, dosage] = await Promise.all([
      namedQuery<{ programId: string; weeks: number; short: boolean }>(em, PROGRAM_LENGTH_SQL, params),
      namedQuery<GroupOverRatio>(em, GROUPS_OVER_RATIO_SQL, params),
      namedQuery<SessionUnderMinutes>(em, SESSIONS_UNDER_MINUTES_SQL, params),
      tutoringDosageService.dosage(ctx, em, { programIds }, window.from, window.to),
    ]);
    return programIds.map((programId) => {
      const length = lengths.find((l) => l.programId === programId);
      return {
        programId,
        asOf: ctx.today,
        windowStart: window.from,
        instructionalWeeks: length?.weeks ?? 0,
        shorterThanMinWeeks: length?.short ?? true,
        groupsOverRatio: overRatio.filter((g) => g.programId === programId),
        sessionsUnderMinutes: underMinutes.filter((s) => s.programId === programId),
        studentsBelowSessionsPerWeek: dosage.filter((d) => d.programId === programId && d.belowSessionsTarget),
      };
    });
  }

  /** Students in the scope whose dosage over [from, to] misses their program's target. */
  async studentsBelowDosage(ctx: ViewerContext, scope: TutoringQueueScope, from: string, to: string): Promise<TutoringDosage[]> {
    const dosageScope = scope.kind === 'school' ? { schoolId: scope.schoolId } : { programIds: [scope.programId] };
    const rows = await tutoringDosageService.dosage(ctx, ctx.db.manager, dosageScope, from, to);
    return rows.filter((d) => d.meetsTarget === false);
  }

  async groupsWithoutSessionThisWeek(ctx: ViewerContext, scope: TutoringQueueScope): Promise<string[]> {
    const target = scope.kind === 'school'
      ? { sql: 'g.school_id = :queueSchoolId', params: { queueSchoolId: scope.schoolId } }
      : { sql: 'g.program_id = :queueProgramId', params: { queueProgramId: scope.programId } };
    const visible = programScopeSql(ctx, 'g.program_id');
    const rows = await namedQuery<{ id: string }>(ctx.db.manager, GROUPS_WITHOUT_SESSION_SQL(target.sql, visible.sql), {
      ...visible.params,
      ...target.params,
      today: ctx.today,
      monday: mondayOf(ctx.today),
    });
    return rows.map((r) => r.id);
  }

  async supportGaps(ctx: ViewerContext, scope: TutoringQueueScope): Promise<SupportGap[]> {
    const viewer = studentScopeSql(ctx, 'tp.student_id');
    return namedQuery<SupportGap>(ctx.db.manager, SUPPORT_GAPS_SQL(viewer.sql), {
      ...viewer.params,
      today: ctx.today,
      queueSchoolIds: scope.kind === 'school' ? [scope.schoolId] : scope.schoolIds,
      queueDomains: scope.kind === 'school' ? ACADEMIC_DOMAINS : scope.subjects.filter((s) => ACADEMIC_DOMAINS.includes(s)),
    });
  }
}

export const tutoringChecksService = new TutoringChecksService();
