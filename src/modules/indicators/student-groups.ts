import { registerEnumType } from 'type-graphql';
import { Gender, RaceEthnicity } from '../students/student-demographics';

/**
 * The student groups indicators are broken down by, as Connecticut reports equity (EdSight): the
 * three program groups, each federal race/ethnicity category and each gender. Built from the
 * students module's demographic enums, so a new category there is a new group here.
 */
export const StudentGroup = {
  ENGLISH_LEARNERS: 'ENGLISH_LEARNERS',
  STUDENTS_WITH_DISABILITIES: 'STUDENTS_WITH_DISABILITIES',
  FREE_REDUCED_MEALS: 'FREE_REDUCED_MEALS',
  ...(Object.fromEntries(Object.values(RaceEthnicity).map((r) => [`RACE_${r}`, `RACE_${r}`])) as Record<`RACE_${RaceEthnicity}`, `RACE_${RaceEthnicity}`>),
  ...(Object.fromEntries(Object.values(Gender).map((g) => [`GENDER_${g}`, `GENDER_${g}`])) as Record<`GENDER_${Gender}`, `GENDER_${Gender}`>),
} as const;
export type StudentGroup = (typeof StudentGroup)[keyof typeof StudentGroup];

registerEnumType(StudentGroup, {
  name: 'StudentGroup',
  description: 'English learners, students with disabilities, free/reduced meals, each race/ethnicity (RACE_*) and each gender (GENDER_*)',
});

/**
 * Groups that partition the students (each student in exactly one group of the family) or stand
 * alone. Complementary suppression works within a family: only a partition's cells add up to the
 * total, so only there can a hidden cell be recovered by subtraction.
 */
export type GroupFamily = 'ENGLISH_LEARNERS' | 'STUDENTS_WITH_DISABILITIES' | 'FREE_REDUCED_MEALS' | 'RACE_ETHNICITY' | 'GENDER';

export interface StudentGroupDefinition {
  group: StudentGroup;
  family: GroupFamily;
  label: string;
  /** Membership, as SQL over a row carrying the student's columns under `alias`. */
  sql: (alias: string) => string;
}

const words = (value: string) => value.toLowerCase().replace(/_/g, ' ');

export const STUDENT_GROUPS: readonly StudentGroupDefinition[] = [
  { group: StudentGroup.ENGLISH_LEARNERS, family: 'ENGLISH_LEARNERS', label: 'English learners', sql: (s) => `${s}.english_learner` },
  { group: StudentGroup.STUDENTS_WITH_DISABILITIES, family: 'STUDENTS_WITH_DISABILITIES', label: 'Students with disabilities', sql: (s) => `${s}.student_with_disability` },
  { group: StudentGroup.FREE_REDUCED_MEALS, family: 'FREE_REDUCED_MEALS', label: 'Free/reduced meals', sql: (s) => `${s}.free_reduced_meals` },
  ...Object.values(RaceEthnicity).map((r): StudentGroupDefinition => ({
    group: `RACE_${r}`,
    family: 'RACE_ETHNICITY',
    label: `Race/ethnicity: ${words(r)}`,
    sql: (s) => `(${s}.race_ethnicity = '${r}')`,
  })),
  ...Object.values(Gender).map((g): StudentGroupDefinition => ({
    group: `GENDER_${g}`,
    family: 'GENDER',
    label: `Gender: ${words(g)}`,
    sql: (s) => `(${s}.gender = '${g}')`,
  })),
];

export function studentGroup(group: StudentGroup): StudentGroupDefinition {
  const found = STUDENT_GROUPS.find((g) => g.group === group);
  if (!found) throw new RangeError(`unknown student group ${group}`);
  return found;
}
