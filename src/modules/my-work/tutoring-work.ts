import { isoDayOfWeek, mondayOf } from '../../common/dates';
import type { ViewerContext } from '../../context';
import { tutoringChecksService } from '../tutoring/tutoring-checks.service';
import type { TutoringDosage } from '../tutoring/tutoring-dosage.service';
import { tutoringDosageService } from '../tutoring/tutoring-dosage.service';
import { assignmentActiveOn, namedQuery } from '../tutoring/tutoring-sql';
import { MyWorkKind } from './my-work.types';
import type { WorkItem } from './work-item';

const DAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

interface TutoredGroup {
  id: string;
  name: string;
  schoolId: string;
  programId: string;
  daysOfWeek: number[];
  studentsToday: number;
  meetsToday: boolean;
  loggedToday: boolean;
}

interface TutoredAssignment {
  id: string;
  studentId: string;
  programId: string;
  groupId: string;
  schoolId: string;
}

/** The groups the viewer tutors, with whether each meets today (its day, an instructional day, within the program) and has a session logged today. */
export function groupsTutoredBy(ctx: ViewerContext): Promise<TutoredGroup[]> {
  return namedQuery<TutoredGroup>(
    ctx.db.manager,
    `SELECT g.id, g.name, g.school_id AS "schoolId", g.program_id AS "programId", g.days_of_week AS "daysOfWeek",
            (SELECT count(*)::int FROM tutoring_assignment a WHERE a.group_id = g.id AND ${assignmentActiveOn('a', 'p', ':today::date')}) AS "studentsToday",
            (:isoDay = ANY(g.days_of_week) AND :today::date BETWEEN p.start_date AND p.end_date
              AND EXISTS (SELECT 1 FROM instructional_day d WHERE d.calendar_date = :today::date)) AS "meetsToday",
            EXISTS (SELECT 1 FROM tutoring_session s WHERE s.group_id = g.id AND s.session_date = :today::date) AS "loggedToday"
       FROM tutoring_group g JOIN tutoring_program p ON p.id = g.program_id
      WHERE g.tutor_staff_id = :tutorId
      ORDER BY g.name, g.id`,
    { tutorId: ctx.viewer.userId, today: ctx.today, isoDay: isoDayOfWeek(ctx.today) },
  );
}

/** Today's groups to log: a group of the viewer's with students that meets today and has no session (held or cancelled) logged today. */
export function groupsToLogToday(ctx: ViewerContext, groups: TutoredGroup[]): WorkItem[] {
  return groups
    .filter((g) => g.meetsToday && g.studentsToday > 0 && !g.loggedToday)
    .map((g) => ({
      kind: MyWorkKind.TUTORING_SESSION_TO_LOG,
      studentId: null,
      schoolId: g.schoolId,
      reason: `${g.name} meets ${g.daysOfWeek.map((d) => DAY_NAMES[d]).join(', ')} with ${g.studentsToday} student${g.studentsToday === 1 ? '' : 's'}; no session logged today`,
      dueDate: ctx.today,
      subject: { type: 'TutoringGroup', id: g.id },
      priority: 1,
    }));
}

function belowDosageReason(d: TutoringDosage): string {
  const perWeek = d.sessionsPerWeek ?? 0;
  const minutes = d.averageMinutesPerSession === null ? 'no sessions attended' : `${d.averageMinutesPerSession} minutes a session against ${d.targetMinutesPerSession}`;
  return `Attended ${perWeek} sessions a week from ${d.fromDate} to ${d.toDate} against a target of ${d.targetSessionsPerWeek}; ${minutes}`;
}

const dosageItem = (d: TutoringDosage, subject: WorkItem['subject'], schoolId: string | null): WorkItem => ({
  kind: MyWorkKind.TUTORING_BELOW_DOSAGE,
  studentId: d.studentId,
  schoolId,
  reason: belowDosageReason(d),
  dueDate: null,
  // The further below the target, the sooner: 0 sessions a week first.
  priority: Math.min(9, Math.floor((d.sessionsPerWeek ?? 0) * 2)),
  subject,
});

/**
 * Students in the viewer's groups below their program's dosage target over the last four weeks
 * (tutoring checks), one item per assignment in force today.
 */
export async function belowDosageInGroups(ctx: ViewerContext, groups: TutoredGroup[]): Promise<WorkItem[]> {
  if (groups.length === 0) return [];
  const assignments = await namedQuery<TutoredAssignment>(
    ctx.db.manager,
    `SELECT a.id, a.student_id AS "studentId", g.program_id AS "programId", g.id AS "groupId", g.school_id AS "schoolId"
       FROM tutoring_assignment a JOIN tutoring_group g ON g.id = a.group_id JOIN tutoring_program p ON p.id = g.program_id
      WHERE g.id = ANY(:groupIds::uuid[]) AND ${assignmentActiveOn('a', 'p', ':today::date')}`,
    { groupIds: groups.map((g) => g.id), today: ctx.today },
  );
  const byStudentProgram = new Map(assignments.map((a) => [`${a.studentId}|${a.programId}`, a]));
  const window = tutoringDosageService.recentWindow(ctx);
  const programIds = [...new Set(groups.map((g) => g.programId))];
  const below = (
    await Promise.all(
      programIds.map((programId) =>
        tutoringChecksService.studentsBelowDosage(ctx, { kind: 'program', programId, schoolIds: [], subjects: [] }, window.from, window.to),
      ),
    )
  ).flat();
  return below.flatMap((d) => {
    const assignment = byStudentProgram.get(`${d.studentId}|${d.programId}`);
    return assignment ? [dosageItem(d, { type: 'TutoringAssignment', id: assignment.id }, assignment.schoolId)] : [];
  });
}

/** A school's tutoring queues: groups with no session this week, students below dosage. */
export async function schoolTutoringItems(ctx: ViewerContext, schoolId: string): Promise<WorkItem[]> {
  const window = tutoringDosageService.recentWindow(ctx);
  const scope = { kind: 'school' as const, schoolId };
  const [groupIds, below] = await Promise.all([
    tutoringChecksService.groupsWithoutSessionThisWeek(ctx, scope),
    tutoringChecksService.studentsBelowDosage(ctx, scope, window.from, window.to),
  ]);
  const monday = mondayOf(ctx.today);
  const names = new Map(
    groupIds.length
      ? ((await ctx.db.query('SELECT id, name FROM tutoring_group WHERE id = ANY($1::uuid[])', [groupIds])) as { id: string; name: string }[]).map((g) => [g.id, g.name])
      : [],
  );
  return [
    ...groupIds.map((id) => ({
      kind: MyWorkKind.TUTORING_GROUP_WITHOUT_SESSION,
      studentId: null,
      schoolId,
      reason: `${names.get(id)} had a scheduled day since Monday ${monday} and no session logged since`,
      dueDate: ctx.today,
      subject: { type: 'TutoringGroup', id },
      priority: 2,
    })),
    ...below.map((d) => dosageItem(d, { type: 'Student', id: d.studentId }, schoolId)),
  ];
}
