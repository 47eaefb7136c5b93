import { registerEnumType } from 'type-graphql';

export enum ImportKind {
  /** OneRoster 1.1 CSV: a folder or a zip with manifest.csv. */
  ONEROSTER = 'ONEROSTER',
  /** Universal screening results: one row per student, screener and window. */
  SCREENING = 'SCREENING',
  /** Daily attendance: one row per student and day. */
  ATTENDANCE = 'ATTENDANCE',
  /** Published annual measures (state data) for the indicators. */
  ANNUAL_MEASURES = 'ANNUAL_MEASURES',
}

registerEnumType(ImportKind, { name: 'ImportKind', description: 'What a file holds, which decides how it is read' });

/** The command-line names of the kinds (`npm run import -- <kind> <path>`). */
export const KIND_NAMES: Record<string, ImportKind> = {
  oneroster: ImportKind.ONEROSTER,
  screening: ImportKind.SCREENING,
  attendance: ImportKind.ATTENDANCE,
  'annual-measures': ImportKind.ANNUAL_MEASURES,
};
