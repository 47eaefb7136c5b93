import type { DataSource } from 'typeorm';
import { StaffRole } from '../../src/common/auth/roles';
import { addDays } from '../../src/common/dates';
import { toGlobalId } from '../../src/common/graphql/global-id';
import type { TestApp } from '../support/test-app';

/**
 * The stable handles documented operations name in their variables ("$SCHOOL_ID"), resolved
 * against the seeded demo district for the demo user running the document (docs/operations/README.md
 * lists them). Each is looked up when its document runs, after the documents before it, so a
 * mutation never reuses a record an earlier one changed.
 */
export interface HandleContext {
  app: TestApp;
  ds: DataSource;
  role: StaffRole;
  userId: string;
  token: string;
  today: string;
}

type Resolver = (h: HandleContext) => Promise<unknown>;

const one = async (h: HandleContext, sql: string, params: unknown[], what: string): Promise<string> => {
  const [row] = await h.ds.query(sql, params);
  if (!row) throw new Error(`the demo district has no ${what} for ${h.role}`);
  return row.id;
};

/** The demo user's school (school-based demo users all work at the district's first school). */
const schoolOf = (h: HandleContext) =>
  one(h, `SELECT m.school_id AS id FROM school_membership m JOIN staff_user u ON u.id = m.staff_user_id
           WHERE u.email = 'school.admin@demo.tiered.test' ORDER BY m.start_date LIMIT 1`, [], 'school');

/** Active plans the demo interventionist delivers, with nothing logged or measured today. */
const openPlans = (h: HandleContext): Promise<{ id: string }[]> =>
  h.ds.query(
    `SELECT p.id FROM intervention_plan p
      WHERE p.interventionist_id = $1 AND p.status = 'ACTIVE' AND p.start_date <= $2
        AND NOT EXISTS (SELECT 1 FROM intervention_session_attendance a JOIN intervention_session s ON s.id = a.session_id
                         WHERE a.plan_id = p.id AND s.session_date = $2)
        AND NOT EXISTS (SELECT 1 FROM progress_point pp WHERE pp.plan_id = p.id AND pp.measured_on = $2)
      ORDER BY p.id LIMIT 2`,
    [h.userId, h.today],
  );

const tutorGroup = (h: HandleContext) =>
  one(h, `SELECT g.id FROM tutoring_group g JOIN tutoring_program p ON p.id = g.program_id
           WHERE g.tutor_staff_id = $1 AND $2::date BETWEEN p.start_date AND p.end_date
             AND EXISTS (SELECT 1 FROM tutoring_assignment a WHERE a.group_id = g.id AND a.start_date <= $2 AND COALESCE(a.end_date, p.end_date) >= $2)
             AND NOT EXISTS (SELECT 1 FROM tutoring_session s WHERE s.group_id = g.id AND s.session_date = $2)
           ORDER BY g.name, g.id LIMIT 1`, [h.userId, h.today], 'tutoring group to log');

const roomyGroup = async (h: HandleContext) =>
  one(h, `SELECT g.id FROM tutoring_group g JOIN tutoring_program p ON p.id = g.program_id
           WHERE g.school_id = $1 AND $2::date BETWEEN p.start_date AND p.end_date
             AND (SELECT count(*) FROM tutoring_assignment a WHERE a.group_id = g.id AND COALESCE(a.end_date, p.end_date) >= $2) < g.capacity
           ORDER BY g.name, g.id LIMIT 1`, [await schoolOf(h), h.today], 'tutoring group with a free place');

/** Students enrolled today at the demo school, as SQL (parameters $1 school, $2 today). */
const ENROLLED = `SELECT e.student_id AS id FROM enrollment e JOIN student s ON s.id = e.student_id AND s.deleted_at IS NULL
                   WHERE e.school_id = $1 AND e.entry_date < $2 AND (e.exit_date IS NULL OR e.exit_date >= $2)`;

export const HANDLES: Record<string, Resolver> = {
  $TODAY: async (h) => h.today,
  $IN_A_WEEK: async (h) => addDays(h.today, 7),
  $SCHOOL_ID: async (h) => toGlobalId('School', await schoolOf(h)),
  /** The first student the user sees (the same list `students` gives them). */
  $STUDENT_ID: async (h) => {
    const response = await h.app.gql('{ students(first: 1) { nodes { id } } }', {}, h.token);
    const [student] = response.data?.students.nodes ?? [];
    if (!student) throw new Error(`${h.role} sees no student in the demo district`);
    return student.id;
  },
  $PLAN_ID: async (h) => {
    const [plan] = await openPlans(h);
    if (!plan) throw new Error('the demo interventionist has no plan to log');
    return toGlobalId('InterventionPlan', plan.id);
  },
  $SECOND_PLAN_ID: async (h) => {
    const plans = await openPlans(h);
    if (plans.length < 2) throw new Error('the demo interventionist has fewer than two plans to log');
    return toGlobalId('InterventionPlan', plans[1].id);
  },
  $TUTORING_GROUP_ID: async (h) => toGlobalId('TutoringGroup', await tutorGroup(h)),
  /** Everyone assigned today to that group, present. */
  $TUTORING_GROUP_ATTENDANCE: async (h) => {
    const rows: { id: string }[] = await h.ds.query(
      `SELECT a.student_id AS id FROM tutoring_assignment a JOIN tutoring_group g ON g.id = a.group_id JOIN tutoring_program p ON p.id = g.program_id
        WHERE a.group_id = $1 AND a.start_date <= $2 AND COALESCE(a.end_date, p.end_date) >= $2 ORDER BY a.student_id`,
      [await tutorGroup(h), h.today],
    );
    return rows.map((r) => ({ studentId: toGlobalId('Student', r.id), present: true }));
  },
  /** A student the counselor's myWork suggests a case for, else any student at the school without one. */
  $CASE_CANDIDATE_ID: async (h) => {
    const response = await h.app.gql('{ myWork(first: 1, filter: { kinds: [ATTENDANCE_TRIGGERED_WITHOUT_CASE] }) { nodes { subjectId } } }', {}, h.token);
    const [item] = response.data?.myWork.nodes ?? [];
    if (item) return item.subjectId;
    return toGlobalId('Student', await one(h, `${ENROLLED} AND NOT EXISTS (SELECT 1 FROM attendance_case c WHERE c.student_id = e.student_id AND c.status <> 'CLOSED') ORDER BY e.student_id LIMIT 1`, [await schoolOf(h), h.today], 'student without a case'));
  },
  $ATTENDANCE_CASE_ID: async (h) =>
    toGlobalId('AttendanceCase', await one(h, `SELECT id FROM attendance_case WHERE school_id = $1 AND status <> 'CLOSED' AND opened_on <= $2 ORDER BY opened_on, id LIMIT 1`, [await schoolOf(h), h.today], 'open attendance case')),
  /** A student at the school with no reading placement yet. */
  $TIER_CANDIDATE_ID: async (h) =>
    toGlobalId('Student', await one(h, `${ENROLLED} AND NOT EXISTS (SELECT 1 FROM tier_placement tp WHERE tp.student_id = e.student_id AND tp.domain = 'READING') ORDER BY e.student_id LIMIT 1`, [await schoolOf(h), h.today], 'student without a reading tier')),
  $TUTORING_GROUP_WITH_ROOM_ID: async (h) => toGlobalId('TutoringGroup', await roomyGroup(h)),
  /** A student at the school in no group of that group's program from today on. */
  $UNASSIGNED_STUDENT_ID: async (h) =>
    toGlobalId('Student', await one(h, `${ENROLLED} AND NOT EXISTS (
        SELECT 1 FROM tutoring_assignment a JOIN tutoring_group g ON g.id = a.group_id JOIN tutoring_program p ON p.id = g.program_id
         WHERE a.student_id = e.student_id AND g.program_id = (SELECT program_id FROM tutoring_group WHERE id = $3) AND COALESCE(a.end_date, p.end_date) >= $2)
      ORDER BY e.student_id LIMIT 1`, [await schoolOf(h), h.today, await roomyGroup(h)], 'student to assign')),
};

/** Replaces every string value that names a handle with its value, resolving each once. */
export async function resolveHandles(value: unknown, h: HandleContext, cache = new Map<string, unknown>()): Promise<unknown> {
  if (typeof value === 'string' && value.startsWith('$')) {
    const resolve = HANDLES[value];
    if (!resolve) throw new Error(`unknown handle ${value}: document it in docs/operations/README.md and resolve it here`);
    if (!cache.has(value)) cache.set(value, await resolve(h));
    return cache.get(value);
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => resolveHandles(v, h, cache)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await resolveHandles(v, h, cache);
    return out;
  }
  return value;
}
