import type { Viewer } from './viewer';
import { CASELOAD_ROLES, SCHOOL_WIDE_ROLES, StaffRole, isDistrictRole } from './roles';

/**
 * One way a staff user comes to have access to a student. Each module that links staff to students
 * (caseloads here; intervention plans and tutoring groups in their modules) registers a source, and
 * every read of student-owned data goes through {@link studentScope}, so no module scopes on its own.
 *
 * `sql` selects `student_id` and may use the named parameters :viewerId, :schoolIds and :today.
 */
export interface StudentAccessSource {
  name: string;
  roles: StaffRole[];
  sql: string;
}

const sources: StudentAccessSource[] = [];

export function registerStudentAccessSource(source: StudentAccessSource): void {
  const existing = sources.findIndex((s) => s.name === source.name);
  if (existing >= 0) sources[existing] = source;
  else sources.push(source);
}

export function studentAccessSources(): readonly StudentAccessSource[] {
  return sources;
}

export type StudentScope =
  | { kind: 'district' }
  | { kind: 'restricted'; subquery: string; params: { viewerId: string; schoolIds: string[]; today: string } };

/**
 * Which students a viewer may see, as of `today` (FERPA's least privilege, 34 CFR 99.31):
 * - district leads and admins: every student in the district;
 * - counselors and school admins: students enrolled today at one of their schools, plus their caseload;
 * - teachers, interventionists and tutors: students on their caseload (homeroom, sections, explicit
 *   assignment) and those reached through the plans and groups they run.
 * A student outside scope is treated exactly like a missing one.
 */
export function studentScope(viewer: Viewer, today: string): StudentScope {
  if (isDistrictRole(viewer.role)) return { kind: 'district' };
  const parts = sources.filter((s) => s.roles.includes(viewer.role)).map((s) => s.sql);
  const subquery = parts.length > 0 ? parts.join('\nUNION\n') : 'SELECT NULL::uuid AS student_id WHERE false';
  return { kind: 'restricted', subquery, params: { viewerId: viewer.userId, schoolIds: viewer.schoolIds, today } };
}

/**
 * A WHERE condition (TypeORM named parameters) restricting `column` (a student id) to the viewer's
 * scope, or `undefined` when the viewer sees the whole district.
 */
export function studentScopeCondition(
  viewer: Viewer,
  today: string,
  column: string,
): { condition: string; params: Record<string, unknown> } | undefined {
  const scope = studentScope(viewer, today);
  if (scope.kind === 'district') return undefined;
  return { condition: `${column} IN (${scope.subquery})`, params: scope.params };
}

registerStudentAccessSource({
  name: 'caseload',
  roles: [...CASELOAD_ROLES, ...SCHOOL_WIDE_ROLES],
  sql: `SELECT ca.student_id FROM caseload_assignment ca
         WHERE ca.staff_user_id = :viewerId AND ca.start_date <= :today
           AND (ca.end_date IS NULL OR ca.end_date >= :today)`,
});

const schoolEnrollment: StudentAccessSource = {
  name: 'school-enrollment',
  roles: SCHOOL_WIDE_ROLES,
  sql: `SELECT e.student_id FROM enrollment e
         WHERE e.school_id = ANY(:schoolIds) AND e.entry_date <= :today
           AND (e.exit_date IS NULL OR e.exit_date >= :today)`,
};
registerStudentAccessSource(schoolEnrollment);

/**
 * Whether the viewer's scope on `today` holds every student with an enrollment at `schoolId`
 * covering `today`, so that a read confined to such enrollments (same school, same day) needs no
 * scope condition: it would be true on every row. District roles see every student; a school-wide
 * role at one of their own schools reaches each such student through the school-enrollment source
 * above, whose rows are exactly those enrollments, and the scope is the union of the role's
 * sources, which the others only widen. Tied to that source object: once it is replaced or stops
 * serving the role this answers false and callers apply the scope in full.
 */
export function scopeCoversSchoolEnrollment(viewer: Viewer, schoolId: string): boolean {
  if (isDistrictRole(viewer.role)) return true;
  return sources.includes(schoolEnrollment) && schoolEnrollment.roles.includes(viewer.role) && viewer.schoolIds.includes(schoolId);
}
