import type { RequestContext } from './context';
import { createCalendarLoaders } from './modules/calendar/calendar.loaders';
import { createCaseloadLoaders } from './modules/caseloads/caseload.loaders';
import { createSchoolLoaders } from './modules/schools/school.loaders';
import { createStaffLoaders } from './modules/staff/staff.loaders';
import { createStudentLoaders } from './modules/students/student.loaders';
import { createTierLoaders } from './modules/tiers/tier.loaders';
import { createAttendanceLoaders } from './modules/attendance/attendance.loaders';
import { createMeetingLoaders } from './modules/meetings/meeting.loaders';
import { createInterventionLoaders } from './modules/interventions/intervention.loaders';
import { createTutoringLoaders } from './modules/tutoring/tutoring.loaders';

/** Every module's DataLoaders, created per request. */
export function createLoaders(ctx: RequestContext) {
  return {
    calendar: createCalendarLoaders(ctx),
    caseloads: createCaseloadLoaders(ctx),
    schools: createSchoolLoaders(ctx),
    staff: createStaffLoaders(ctx),
    students: createStudentLoaders(ctx),
    tiers: createTierLoaders(ctx),
    attendance: createAttendanceLoaders(ctx),
    meetings: createMeetingLoaders(ctx),
    interventions: createInterventionLoaders(ctx),
    tutoring: createTutoringLoaders(ctx),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
