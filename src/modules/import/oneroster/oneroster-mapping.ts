import { StaffRole } from '../../../common/auth/roles';
import { GradeLevel } from '../../../common/grade-level';
import { Gender, RaceEthnicity } from '../../students/student-demographics';

/**
 * OneRoster roles (1.1, and the 1.2 names districts already send) to ours, or null for roles we do
 * not model (guardians). Decisions:
 * - administrator -> SCHOOL_ADMIN, only with a school org: district-wide roles (DISTRICT_LEAD,
 *   DISTRICT_ADMIN) see every student and are granted in the app, never by a roster file;
 * - aide and proctor -> INTERVENTIONIST: staff who support students without a class of their own;
 *   like interventionists they see only the students assigned to them (caseload, plans);
 * - counselor (OneRoster 1.2) -> COUNSELOR.
 */
export const ONEROSTER_STAFF_ROLES: Record<string, StaffRole> = {
  teacher: StaffRole.TEACHER,
  administrator: StaffRole.SCHOOL_ADMIN,
  aide: StaffRole.INTERVENTIONIST,
  proctor: StaffRole.INTERVENTIONIST,
  counselor: StaffRole.COUNSELOR,
};

export const ONEROSTER_SKIPPED_ROLES = ['guardian', 'parent', 'relative', 'districtadministrator', 'sitedministrator', 'systemadministrator'];

export const ONEROSTER_USER_ROLES = ['student', ...Object.keys(ONEROSTER_STAFF_ROLES), 'guardian', 'parent', 'relative'];

/**
 * CEDS grade codes (OneRoster `grades`) to ours: PK and TK (transitional kindergarten) are PK;
 * infant/toddler, preschool, grade 13, ungraded and other have no place in a PK-12 record.
 */
export function gradeFromCeds(code: string): GradeLevel | null {
  const key = code.trim().toUpperCase();
  if (key === 'PK' || key === 'TK') return GradeLevel.PK;
  if (key === 'KG' || key === 'K') return GradeLevel.KG;
  const n = /^\d{1,2}$/.test(key) ? Number(key) : NaN;
  return n >= 1 && n <= 12 ? (`G${n}` as GradeLevel) : null;
}

/** OneRoster 1.1 sex is male/female; 1.2 adds other and unspecified. */
export function genderFromOneRoster(sex: string): Gender | null {
  switch (sex.trim().toLowerCase()) {
    case 'female':
      return Gender.FEMALE;
    case 'male':
      return Gender.MALE;
    case 'other':
      return Gender.NONBINARY;
    case 'unspecified':
    case '':
      return Gender.NOT_REPORTED;
    default:
      return null;
  }
}

export const RACE_COLUMNS: [string, RaceEthnicity][] = [
  ['americanIndianOrAlaskaNative', RaceEthnicity.AMERICAN_INDIAN_ALASKA_NATIVE],
  ['asian', RaceEthnicity.ASIAN],
  ['blackOrAfricanAmerican', RaceEthnicity.BLACK_AFRICAN_AMERICAN],
  ['nativeHawaiianOrOtherPacificIslander', RaceEthnicity.NATIVE_HAWAIIAN_PACIFIC_ISLANDER],
  ['white', RaceEthnicity.WHITE],
];

/**
 * OneRoster's race booleans and ethnicity to the federal reporting category (the U.S. Department
 * of Education's 2007 guidance): Hispanic/Latino of any race first; otherwise two or more races
 * when several race flags are true (or demographicRaceTwoOrMoreRaces is); otherwise the one race
 * flagged; otherwise not reported.
 */
export function raceEthnicityFromOneRoster(flags: { hispanic: boolean; twoOrMore: boolean; races: RaceEthnicity[] }): RaceEthnicity {
  if (flags.hispanic) return RaceEthnicity.HISPANIC_LATINO;
  if (flags.twoOrMore || flags.races.length > 1) return RaceEthnicity.TWO_OR_MORE;
  return flags.races[0] ?? RaceEthnicity.NOT_REPORTED;
}

/**
 * District flags that core OneRoster demographics do not carry, read from OneRoster extension
 * columns when a file has them (absent columns leave our values unchanged).
 */
export const FLAG_COLUMNS = {
  englishLearner: 'metadata.englishLearner',
  studentWithDisability: 'metadata.studentWithDisability',
  freeReducedMeals: 'metadata.freeReducedMeals',
} as const;

/** A school code from the org's identifier (the state or SIS code), else its sourcedId when it fits. */
export function schoolCode(identifier: string, sourcedId: string): string | null {
  const fits = (v: string) => v.length >= 1 && v.length <= 20 && /^[A-Za-z0-9_-]+$/.test(v);
  if (identifier && fits(identifier)) return identifier;
  if (!identifier && fits(sourcedId)) return sourcedId;
  return null;
}

/** The district's student id: the user's identifier (the SIS number), else its sourcedId, when it fits. */
export function studentLocalId(identifier: string, sourcedId: string): string | null {
  const fits = (v: string) => v.length >= 1 && v.length <= 40 && /^[A-Za-z0-9_-]+$/.test(v);
  if (identifier) return fits(identifier) ? identifier : null;
  return fits(sourcedId) ? sourcedId : null;
}
