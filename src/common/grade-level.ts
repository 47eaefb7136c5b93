import { registerEnumType } from 'type-graphql';

/**
 * Grade levels. Stored as a smallint (PK = -1, K = 0, 1..12) so ranges and ordering are plain
 * comparisons in SQL; the API speaks the enum.
 */
export enum GradeLevel {
  PK = 'PK',
  KG = 'KG',
  G1 = 'G1',
  G2 = 'G2',
  G3 = 'G3',
  G4 = 'G4',
  G5 = 'G5',
  G6 = 'G6',
  G7 = 'G7',
  G8 = 'G8',
  G9 = 'G9',
  G10 = 'G10',
  G11 = 'G11',
  G12 = 'G12',
}

registerEnumType(GradeLevel, { name: 'GradeLevel', description: 'PK (pre-kindergarten), KG (kindergarten), G1-G12' });

const ORDER = Object.values(GradeLevel);

export const MIN_GRADE = -1;
export const MAX_GRADE = 12;

export function gradeToNumber(grade: GradeLevel): number {
  return ORDER.indexOf(grade) - 1;
}

export function gradeFromNumber(value: number): GradeLevel {
  const grade = ORDER[value + 1];
  if (grade === undefined) throw new RangeError(`grade ${value} is outside PK-12`);
  return grade;
}
