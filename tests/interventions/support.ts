import type { DataSource } from 'typeorm';
import { datesBetween, dayOfWeek } from '../../src/common/dates';
import { MtssDomain } from '../../src/common/mtss';
import { InstructionalDayEntity, SchoolYearEntity } from '../../src/modules/calendar/calendar.entity';
import { InterventionClass, InterventionDelivery, InterventionPlanStatus } from '../../src/modules/interventions/intervention-enums';
import { InterventionPlanEntity } from '../../src/modules/interventions/intervention-plan.entity';
import { InterventionEntity } from '../../src/modules/interventions/intervention.entity';
import type { StaffUserEntity } from '../../src/modules/staff/staff.entity';
import type { StudentEntity } from '../../src/modules/students/student.entity';
import type { GraphQLResponse } from '../support/test-app';

let counter = 0;

/** Intervention-module records for tests, built directly in the database. */
export function interventionFactories(ds: DataSource) {
  const em = ds.manager;
  return {
    /**
     * The 2026-2027 school year, 2026-08-26 to 2027-06-15: every weekday is an instructional day
     * except the `closed` dates.
     */
    async schoolYear(closed: string[] = []) {
      const year = await em.save(SchoolYearEntity, em.create(SchoolYearEntity, { name: '2026-2027', startDate: '2026-08-26', endDate: '2027-06-15' }));
      const days = datesBetween(year.startDate, year.endDate).filter((d) => ![0, 6].includes(dayOfWeek(d)) && !closed.includes(d));
      await em.insert(InstructionalDayEntity, days.map((calendarDate) => ({ calendarDate, schoolYearId: year.id })));
      return year;
    },

    async intervention(overrides: Partial<InterventionEntity> = {}) {
      const n = ++counter;
      return em.save(InterventionEntity, em.create(InterventionEntity, {
        name: `Test Intervention ${n} ${Math.random().toString(36).slice(2, 8)}`,
        domain: MtssDomain.READING,
        tiers: [2, 3],
        delivery: InterventionDelivery.SMALL_GROUP,
        interventionClass: InterventionClass.INSTRUCTION,
        recommendedSessionsPerWeek: 3,
        recommendedMinutesPerSession: 30,
        recommendedWeeks: 10,
        minDosageMinutes: null,
        maxDosageMinutes: null,
        evidenceNote: null,
        active: true,
        ...overrides,
      }));
    },

    /** An ACTIVE plan at `schoolId`, 3 x 30 minutes a week from 2026-09-14 to 2026-12-18. */
    async plan(student: StudentEntity, schoolId: string, interventionist: StaffUserEntity, overrides: Partial<InterventionPlanEntity> = {}) {
      return em.save(InterventionPlanEntity, em.create(InterventionPlanEntity, {
        studentId: student.id,
        schoolId,
        interventionId: null,
        customName: 'Custom reading group',
        domain: MtssDomain.READING,
        tier: 2,
        goalMeasure: 'Words correct per minute',
        goalBaseline: 40,
        goalTarget: 70,
        goalTargetDate: '2026-12-18',
        interventionistId: interventionist.id,
        sessionsPerWeek: 3,
        minutesPerSession: 30,
        startDate: '2026-09-14',
        plannedEndDate: '2026-12-18',
        reviewDate: '2026-10-26',
        status: InterventionPlanStatus.ACTIVE,
        closedDate: null,
        outcome: null,
        discontinuedReason: null,
        closeNote: null,
        createdBy: interventionist.id,
        ...overrides,
      }));
    },
  };
}

export const USER_ERRORS = 'userErrors { code field message }';

/** The response's data, after checking there are no top-level errors. */
export function ok<T = any>(response: GraphQLResponse<T>): T {
  expect(response.errors).toBeUndefined();
  expect(response.status).toBe(200);
  return response.data as T;
}

/** The database id inside a global id. */
export const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
