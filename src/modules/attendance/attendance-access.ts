import { CASELOAD_ROLES, StaffRole, isDistrictRole } from '../../common/auth/roles';
import { registerStudentAccessSource } from '../../common/auth/student-scope';
import type { Viewer } from '../../common/auth/viewer';

/** Who records daily attendance: teachers for their caseload, and the school and district teams. */
export const ATTENDANCE_RECORDERS = [StaffRole.TEACHER, StaffRole.COUNSELOR, StaffRole.SCHOOL_ADMIN, StaffRole.DISTRICT_ADMIN];

/** The attendance team: opens, updates and closes cases. */
export const ATTENDANCE_TEAM = [StaffRole.COUNSELOR, StaffRole.SCHOOL_ADMIN, StaffRole.DISTRICT_ADMIN];

/** Who logs actions: the team on any case they can reach; teachers and interventionists on cases they own. */
export const ACTION_LOGGERS = [StaffRole.TEACHER, StaffRole.INTERVENTIONIST, ...ATTENDANCE_TEAM];

/** Staff who can own a case (be the student's attendance lead or mentor). */
export const CASE_OWNER_ROLES = [
  StaffRole.TEACHER,
  StaffRole.INTERVENTIONIST,
  StaffRole.COUNSELOR,
  StaffRole.SCHOOL_ADMIN,
  StaffRole.DISTRICT_LEAD,
  StaffRole.DISTRICT_ADMIN,
];

/** A school's attendance (its rate, lists and queues): its own staff, and district roles for every school. */
export function canReachSchool(viewer: Viewer, schoolId: string): boolean {
  return isDistrictRole(viewer.role) || viewer.schoolIds.includes(schoolId);
}

/**
 * The owner of an open attendance case sees its student (a teacher mentoring a student they do not
 * teach): they cannot work a case for a student they cannot see. Access ends when the case closes.
 */
registerStudentAccessSource({
  name: 'attendance-case-owner',
  roles: CASELOAD_ROLES,
  sql: `SELECT ac.student_id FROM attendance_case ac
         WHERE ac.owner_id = :viewerId AND ac.status <> 'CLOSED'`,
});
