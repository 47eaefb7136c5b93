import { StaffRole } from '../src/common/auth/roles';

/**
 * The demo district's sign-in users, one per role, with fixed emails so the README, `npm run token`
 * and the documented operations can name them. School-based demo users work at the first school
 * (by code) of the generated district; the teacher, interventionist and tutor have caseloads there.
 */
export const DEMO_USERS: Record<StaffRole, { email: string; givenName: string; familyName: string }> = {
  [StaffRole.TEACHER]: { email: 'teacher@demo.tiered.test', givenName: 'Tamsin', familyName: 'Okafor' },
  [StaffRole.INTERVENTIONIST]: { email: 'interventionist@demo.tiered.test', givenName: 'Ines', familyName: 'Varga' },
  [StaffRole.TUTOR]: { email: 'tutor@demo.tiered.test', givenName: 'Tobiah', familyName: 'Lindqvist' },
  [StaffRole.COUNSELOR]: { email: 'counselor@demo.tiered.test', givenName: 'Corin', familyName: 'Abernathy' },
  [StaffRole.SCHOOL_ADMIN]: { email: 'school.admin@demo.tiered.test', givenName: 'Saoirse', familyName: 'Delacroix-Ng' },
  [StaffRole.DISTRICT_LEAD]: { email: 'district.lead@demo.tiered.test', givenName: 'Dariusz', familyName: 'Mbeki' },
  [StaffRole.DISTRICT_ADMIN]: { email: 'district.admin@demo.tiered.test', givenName: 'Adaeze', familyName: 'Quintero' },
};
