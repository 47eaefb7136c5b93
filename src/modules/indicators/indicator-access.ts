import { StaffRole, isDistrictRole, isSchoolWideRole } from '../../common/auth/roles';
import type { Viewer } from '../../common/auth/viewer';
import { forbidden } from '../../common/errors';
import type { ResolvedScope } from './rollup-sql';

/**
 * Who reads indicators: district leads and admins for any scope; school admins (MTSS coordinators)
 * and counselors for their own schools. Teachers, interventionists and tutors work from the queues.
 */
export const INDICATOR_ROLES = [StaffRole.DISTRICT_LEAD, StaffRole.DISTRICT_ADMIN, StaffRole.SCHOOL_ADMIN, StaffRole.COUNSELOR];

/**
 * A school admin or counselor must name one of their own schools in the scope: a district-wide
 * figure (or another school's) is built from students outside their reach, so it is FORBIDDEN
 * rather than quietly narrowed to their schools, which would be mistaken for the district's.
 */
export function assertScopeVisible(viewer: Viewer, scope: ResolvedScope): void {
  if (isDistrictRole(viewer.role)) return;
  if (!isSchoolWideRole(viewer.role)) throw forbidden('Indicators are for school and district leaders; your work lists are the queues');
  if (!scope.schoolId) throw forbidden('School staff see the indicators of their own schools: name one in scope.schoolId');
  if (!viewer.schoolIds.includes(scope.schoolId)) throw forbidden('You see the indicators of your own schools only');
}

/** Every cell shown below district admin is suppressed when small (and every export, whoever asks). */
export const suppressesFor = (viewer: Viewer): boolean => viewer.role !== StaffRole.DISTRICT_ADMIN;
