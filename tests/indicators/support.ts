import type { DataSource } from 'typeorm';
import { datesBetween, dayOfWeek } from '../../src/common/dates';
import type { SchoolEntity } from '../../src/modules/schools/school.entity';
import type { StaffUserEntity } from '../../src/modules/staff/staff.entity';
import type { StudentEntity } from '../../src/modules/students/student.entity';

/**
 * Records for the indicator tests, written straight into the database so each test states its
 * data in a line. The school year 2026-2027 runs 2026-08-24 to 2027-06-11 and every weekday is an
 * instructional day (no holidays), so day counts are easy to work out by hand; today is Thursday
 * 2026-10-15 (tests/support/test-app.ts).
 */
export function indicatorData(ds: DataSource) {
  const q = (sql: string, params: unknown[] = []) => ds.query(sql, params);
  return {
    async schoolYear(): Promise<string> {
      const [year] = await q(`INSERT INTO school_year (name, start_date, end_date) VALUES ('2026-2027', '2026-08-24', '2027-06-11') RETURNING id`);
      const days = datesBetween('2026-08-24', '2027-06-11').filter((d) => ![0, 6].includes(dayOfWeek(d)));
      await q(`INSERT INTO instructional_day (calendar_date, school_year_id) SELECT unnest($1::date[]), $2`, [days, year.id]);
      return year.id;
    },

    async placement(student: StudentEntity, domain: string, tier: number, start: string, end: string | null, by: StaffUserEntity) {
      await q(`INSERT INTO tier_placement (student_id, domain, tier, start_date, end_date, reason, decided_by) VALUES ($1, $2, $3, $4, $5, 'test', $6)`, [
        student.id, domain, tier, start, end, by.id,
      ]);
    },

    /** A plan: 3 sessions a week of 30 minutes, goal 20 -> 60 by 2027-01-15 (a rising goal), unless overridden. */
    async plan(
      student: StudentEntity,
      school: SchoolEntity,
      by: StaffUserEntity,
      o: { domain?: string; tier?: number; start: string; closed?: string | null; review?: string; perWeek?: number; minutes?: number; baseline?: number; target?: number; targetDate?: string },
    ): Promise<string> {
      const closed = o.closed ?? null;
      const [row] = await q(
        `INSERT INTO intervention_plan (student_id, school_id, custom_name, domain, tier, goal_measure, goal_baseline, goal_target, goal_target_date,
           interventionist_id, sessions_per_week, minutes_per_session, start_date, planned_end_date, review_date, status, closed_date, outcome, created_by)
         VALUES ($1, $2, 'Test plan', $3, $4, 'Score', $5, $6, $7, $8, $9, $10, $11, '2027-01-15', $12, $13, $14, $15, $8) RETURNING id`,
        [
          student.id, school.id, o.domain ?? 'READING', o.tier ?? 2, o.baseline ?? 20, o.target ?? 60, o.targetDate ?? '2027-01-15', by.id,
          o.perWeek ?? 3, o.minutes ?? 30, o.start, o.review ?? '2026-12-01', closed ? 'COMPLETED' : 'ACTIVE', closed, closed ? 'PROGRESS_MADE' : null,
        ],
      );
      return row.id;
    },

    /** One intervention session on `date` of `minutes`, with each plan's student present or not. */
    async session(school: SchoolEntity, by: StaffUserEntity, date: string, minutes: number, plans: { planId: string; student: StudentEntity; present: boolean }[]) {
      const [session] = await q(
        `INSERT INTO intervention_session (school_id, logged_by, interventionist_id, session_date, minutes) VALUES ($1, $2, $2, $3, $4) RETURNING id`,
        [school.id, by.id, date, minutes],
      );
      for (const p of plans) {
        await q(
          `INSERT INTO intervention_session_attendance (session_id, plan_id, student_id, present, absence_reason) VALUES ($1, $2, $3, $4, $5)`,
          [session.id, p.planId, p.student.id, p.present, p.present ? null : 'STUDENT_ABSENT'],
        );
      }
    },

    async point(planId: string, student: StudentEntity, date: string, score: number, by: StaffUserEntity) {
      await q(`INSERT INTO progress_point (plan_id, student_id, measured_on, score, recorded_by) VALUES ($1, $2, $3, $4, $5)`, [planId, student.id, date, score, by.id]);
    },

    async screening(yearId: string, student: StudentEntity, domain: string, window: string, on: string, by: StaffUserEntity) {
      await q(
        `INSERT INTO screening_result (student_id, school_year_id, domain, screening_window, assessment, administered_on, score, percentile, recorded_by)
         VALUES ($1, $2, $3, $4, 'Screener', $5, 100, 50, $6)`,
        [student.id, yearId, domain, window, on, by.id],
      );
    },

    async meeting(school: SchoolEntity, kind: string, on: string, by: StaffUserEntity, students: StudentEntity[] = []): Promise<string> {
      const [m] = await q(`INSERT INTO team_meeting (school_id, kind, held_on, created_by) VALUES ($1, $2, $3, $4) RETURNING id`, [school.id, kind, on, by.id]);
      for (const s of students) await q(`INSERT INTO team_meeting_student (meeting_id, student_id) VALUES ($1, $2)`, [m.id, s.id]);
      return m.id;
    },

    /** A tutoring program (NSSA defaults: 3 a week, 30 min, 20 in K-3, 4 per tutor) with one group meeting Mon/Wed/Fri. */
    async tutoringGroup(yearId: string, school: SchoolEntity, tutor: StaffUserEntity, subject = 'MATH'): Promise<string> {
      const [program] = await q(
        `INSERT INTO tutoring_program (name, school_year_id, subjects, provider, setting, start_date, end_date, created_by)
         VALUES ($1, $2, $3::mtss_domain[], 'IN_HOUSE', 'DURING_SCHOOL', '2026-09-01', '2027-05-28', $4) RETURNING id`,
        [`Program ${Math.random().toString(36).slice(2, 8)}`, yearId, `{${subject}}`, tutor.id],
      );
      await q(`INSERT INTO tutoring_program_school (program_id, school_id) VALUES ($1, $2)`, [program.id, school.id]);
      const [group] = await q(
        `INSERT INTO tutoring_group (program_id, school_id, name, subject, tutor_staff_id, days_of_week, start_time, minutes, capacity)
         VALUES ($1, $2, 'Group', $3, $4, '{1,3,5}', '10:00', 30, 8) RETURNING id`,
        [program.id, school.id, subject, tutor.id],
      );
      return group.id;
    },

    async assign(groupId: string, student: StudentEntity, start: string, end: string | null, by: StaffUserEntity): Promise<string> {
      const [a] = await q(
        `INSERT INTO tutoring_assignment (group_id, student_id, start_date, end_date, reason, created_by) VALUES ($1, $2, $3, $4, 'test', $5) RETURNING id`,
        [groupId, student.id, start, end, by.id],
      );
      return a.id;
    },

    /** A HELD tutoring session with the given assignments' students present (others absent). */
    async tutoringSession(groupId: string, date: string, minutes: number, by: StaffUserEntity, attendance: { assignmentId: string; student: StudentEntity; present: boolean }[]) {
      const [s] = await q(
        `INSERT INTO tutoring_session (group_id, session_date, status, minutes, led_by_staff_id, led_by_assigned_tutor, logged_by)
         VALUES ($1, $2, 'HELD', $3, $4, true, $4) RETURNING id`,
        [groupId, date, minutes, by.id],
      );
      for (const a of attendance) {
        await q(`INSERT INTO tutoring_attendance (session_id, assignment_id, student_id, present) VALUES ($1, $2, $3, $4)`, [s.id, a.assignmentId, a.student.id, a.present]);
      }
    },
  };
}

export const INDICATORS_QUERY = `query ($scope: IndicatorScopeInput, $asOf: LocalDate, $period: IndicatorPeriod, $keys: [IndicatorKey!], $breakdown: IndicatorBreakdown) {
  indicators(scope: $scope, asOf: $asOf, period: $period, keys: $keys, breakdown: $breakdown) {
    indicator { key target direction }
    asOf periodStart
    total { available numerator denominator value target gapToTarget meetsTarget suppressed suppression note }
    breakdown { dimension gradeLevel group school { id name } cell { available numerator denominator value suppressed suppression } }
  }
}`;

/** The totals of an `indicators` answer, by key: [numerator, denominator, value]. */
export function totals(data: any): Record<string, [number | null, number | null, number | null]> {
  return Object.fromEntries(data.indicators.map((r: any) => [r.indicator.key, [r.total.numerator, r.total.denominator, r.total.value]]));
}
