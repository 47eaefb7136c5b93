import { attendanceCasesFamily, attendanceFamily } from './attendance';
import { attendanceInterventionsFamily, attendanceTriggersFamily } from './attendance-team';
import type { FamilyKey, IndicatorFamily } from './family';
import { meetingsFamily } from './meetings';
import { plansFamily } from './plans';
import { screeningFamily } from './screening';
import { tiersFamily } from './tiers';
import { tutoringDosageFamily, tutoringSessionsFamily } from './tutoring';

export type { FamilyKey, IndicatorFamily } from './family';

/**
 * Every family, by key. Attendance: students (chronic absence, cases of the chronically absent),
 * open cases (recent team action), students who hit a trigger (the team's response) and students
 * with an intervention (improvement), built on the attendance module's rule fragments.
 */
export const FAMILIES: Record<FamilyKey, IndicatorFamily> = {
  tiers: tiersFamily,
  screening: screeningFamily,
  plans: plansFamily,
  tutoringDosage: tutoringDosageFamily,
  tutoringSessions: tutoringSessionsFamily,
  meetings: meetingsFamily,
  attendance: attendanceFamily,
  attendanceCases: attendanceCasesFamily,
  attendanceTriggers: attendanceTriggersFamily,
  attendanceInterventions: attendanceInterventionsFamily,
};
