import type { SelectQueryBuilder } from 'typeorm';
import { StaffRole, isDistrictRole } from '../../common/auth/roles';
import type { Viewer } from '../../common/auth/viewer';
import type { ViewerContext } from '../../context';

/** Who records team meetings: the school's MTSS coordinator / admin and counselors. */
export const MEETING_WRITERS = [StaffRole.COUNSELOR, StaffRole.SCHOOL_ADMIN, StaffRole.DISTRICT_ADMIN];

/**
 * Who reads restricted notes and follow-ups (health, family circumstances): counselors and school
 * admins, and district admins; never teachers, interventionists or tutors.
 */
export const RESTRICTED_READERS = [StaffRole.COUNSELOR, StaffRole.SCHOOL_ADMIN, StaffRole.DISTRICT_ADMIN];

export const readsRestricted = (viewer: Viewer) => RESTRICTED_READERS.includes(viewer.role);

/**
 * Meetings a viewer may open: every meeting for district roles; otherwise the meetings of their
 * schools and those they attended. What is shown inside (students, notes) is scoped again.
 */
export function scopeMeetings<T extends object>(qb: SelectQueryBuilder<T>, ctx: ViewerContext, alias = 'm'): SelectQueryBuilder<T> {
  if (isDistrictRole(ctx.viewer.role)) return qb;
  return qb.andWhere(
    `(${alias}.school_id = ANY(:meetingSchools) OR EXISTS (SELECT 1 FROM team_meeting_attendee a WHERE a.meeting_id = ${alias}.id AND a.staff_user_id = :meetingViewer))`,
    { meetingSchools: ctx.viewer.schoolIds, meetingViewer: ctx.viewer.userId },
  );
}

/** A school whose meetings the viewer may record: any for a district admin, else their own. */
export function canWriteMeetingsAt(viewer: Viewer, schoolId: string): boolean {
  return viewer.role === StaffRole.DISTRICT_ADMIN || (MEETING_WRITERS.includes(viewer.role) && viewer.schoolIds.includes(schoolId));
}
