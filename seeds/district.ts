import type { EntityManager } from 'typeorm';
import { seedAttendance } from './attendance';
import { loadSeedContext } from './context';
import { seedDistrict, type SeedOptions, type SeedSummary } from './generate';
import { seedInterventions, type InterventionSeedSummary } from './interventions';
import { seedMtss, type MtssSeedSummary } from './mtss';
import { seedTutoring, type TutoringSeedSummary } from './tutoring';

export interface DemoDistrictOptions extends SeedOptions {
  /** The date the district's records run up to (year to date); the same seed and date give the same district. */
  asOf: string;
}

export type DemoDistrictSummary = SeedSummary & MtssSeedSummary & InterventionSeedSummary & {
  attendanceDays: number;
  attendanceCases: number;
  attendanceActions: number;
  tutoringPrograms: number;
  tutoringGroups: number;
  tutoringAssignments: number;
  tutoringSessions: number;
};

/** The whole synthetic district: foundation, then each module's records, in one transaction. */
export async function seedDemoDistrict(em: EntityManager, options: DemoDistrictOptions): Promise<DemoDistrictSummary> {
  const started = Date.now();
  const base = await seedDistrict(em, options);
  const ctx = await loadSeedContext(em, options.asOf);
  const mtss = await seedMtss(em, ctx, options.seed);
  const interventions = await seedInterventions(em, ctx, options.seed);
  const attendance = await seedAttendance(em, { seed: options.seed, asOf: ctx.asOf });
  const tutoring: TutoringSeedSummary = await seedTutoring(em, { seed: options.seed, asOf: ctx.asOf });
  return {
    ...base,
    ...mtss,
    ...interventions,
    attendanceDays: attendance.attendanceDays,
    attendanceCases: attendance.cases,
    attendanceActions: attendance.actions,
    tutoringPrograms: tutoring.programs,
    tutoringGroups: tutoring.groups,
    tutoringAssignments: tutoring.assignments,
    tutoringSessions: tutoring.sessions,
    ms: Date.now() - started,
  };
}
