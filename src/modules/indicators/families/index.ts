import type { FamilyKey, IndicatorFamily } from './family';
import { meetingsFamily } from './meetings';
import { plansFamily } from './plans';
import { screeningFamily } from './screening';
import { tiersFamily } from './tiers';
import { tutoringDosageFamily, tutoringSessionsFamily } from './tutoring';

export type { FamilyKey, IndicatorFamily } from './family';

/**
 * Every family, by key. Attendance indicators (chronic absence, triggers, cases, actions,
 * improvement) join as one more family built on the attendance module's rule fragments once that
 * module lands: add its key to FamilyKey, its entry here and its indicators to the registry.
 */
export const FAMILIES: Record<FamilyKey, IndicatorFamily> = {
  tiers: tiersFamily,
  screening: screeningFamily,
  plans: plansFamily,
  tutoringDosage: tutoringDosageFamily,
  tutoringSessions: tutoringSessionsFamily,
  meetings: meetingsFamily,
};
