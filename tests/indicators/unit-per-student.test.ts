import { StaffRole } from '../../src/common/auth/roles';
import { FAMILIES } from '../../src/modules/indicators/families';
import { IndicatorBreakdown, IndicatorPeriod, TrendInterval } from '../../src/modules/indicators/indicator-enums';
import { INDICATORS, type IndicatorSql, isPublished } from '../../src/modules/indicators/registry';
import { type DatesSpec, familyStatement } from '../../src/modules/indicators/rollup-sql';
import { namedQuery } from '../../src/modules/tutoring/tutoring-sql';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { indicatorData } from './support';

/*
 * Families marked oneUnitPerStudent count a cell's students by counting its units, not with
 * count(DISTINCT student_id). That holds only while each of their CTEs keeps at most one unit per
 * student and date, so the data here gives the students everything that could make two: a
 * transfer (two enrollments on consecutive days; on one day the database refuses them,
 * enrollment_no_overlap, which is what lets the roster skip keeping one), placements in two domains, two plans in one
 * domain, tutoring in two programs, two screenings of a domain, two attendance cases in the year,
 * each with actions. Every week of the year to date, every breakdown: the figures with counting
 * equal the figures with distinct counting, and no unit repeats a student.
 */
describe('indicator families with one unit per student', () => {
  let app: TestApp;
  const spec: DatesSpec = { kind: 'series', from: '2026-08-24', to: '2026-10-15', interval: TrendInterval.WEEK };

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const d = indicatorData(app.ds);
    const yearId = await d.schoolYear();
    const a = await f.school({ name: 'Alpha School' });
    const b = await f.school({ name: 'Beta School' });
    const admin = await f.staff(StaffRole.DISTRICT_ADMIN);
    const tutor = await f.staff(StaffRole.TUTOR, [a, b]);
    const q = (sql: string, params: unknown[]) => app.ds.query(sql, params);

    const m1 = await f.student(a, { localId: 'M1', gradeLevel: 3 }, { entryDate: '2026-08-24', exitDate: '2026-09-30' });
    await q(`INSERT INTO enrollment (student_id, school_id, grade_level, entry_date) VALUES ($1, $2, 3, '2026-10-01')`, [m1.id, b.id]);
    const m2 = await f.student(a, { localId: 'M2', gradeLevel: 4 }, { entryDate: '2026-08-24' });
    for (const s of [m1, m2]) {
      await d.placement(s, 'READING', 2, '2026-09-01', null, admin);
      await d.placement(s, 'MATH', 3, '2026-09-01', null, admin);
      await d.placement(s, 'SOCIAL_EMOTIONAL', 2, '2026-09-01', null, admin);
      await d.plan(s, a, tutor, { start: '2026-09-02' });
      await d.plan(s, a, tutor, { start: '2026-09-03' });
      await d.plan(s, a, tutor, { domain: 'MATH', start: '2026-09-03' });
      for (const domain of ['READING', 'MATH']) {
        await d.screening(yearId, s, domain, 'FALL', '2026-09-10', admin);
        await q(
          `INSERT INTO screening_result (student_id, school_year_id, domain, screening_window, assessment, administered_on, score, percentile, recorded_by)
           VALUES ($1, $2, $3, 'FALL', 'Second screener', '2026-09-11', 90, 40, $4)`,
          [s.id, yearId, domain, admin.id],
        );
      }
      for (const groupId of [await d.tutoringGroup(yearId, a, tutor), await d.tutoringGroup(yearId, a, tutor)]) {
        const assignmentId = await d.assign(groupId, s, '2026-09-07', null, tutor);
        for (const date of ['2026-09-14', '2026-09-16', '2026-09-18', '2026-09-21', '2026-09-23', '2026-10-05', '2026-10-07']) {
          await d.tutoringSession(groupId, date, 30, tutor, [{ assignmentId, student: s, present: true }]);
        }
      }
      for (const date of ['2026-08-25', '2026-08-26', '2026-08-27', '2026-09-08', '2026-09-09', '2026-09-29', '2026-09-30']) {
        await q(`INSERT INTO attendance_day (student_id, calendar_date, school_id, category) VALUES ($1, $2, $3, 'UNEXCUSED_ABSENCE')`, [s.id, date, a.id]);
      }
      for (const [opened, closed, acted] of [['2026-09-07', '2026-09-09', '2026-09-08'], ['2026-09-10', null, '2026-09-10']]) {
        const [c] = await q(
          `INSERT INTO attendance_case (student_id, school_id, school_year_id, tier, reason, owner_id, status, opened_on, opened_by, closed_on, outcome)
           VALUES ($1, $2, $3, 2, 'test', $4, $5, $6, $4, $7, $8) RETURNING id`,
          [s.id, a.id, yearId, admin.id, closed ? 'CLOSED' : 'OPEN', opened, closed, closed ? 'IMPROVED' : null],
        );
        await q(`INSERT INTO attendance_action (case_id, student_id, type, action_date, staff_id, recorded_by) VALUES ($1, $2, 'PHONE_CALL_HOME', $3, $4, $4)`, [
          c.id, s.id, acted, admin.id,
        ]);
      }
    }
    // Statistics, as a seeded or running database has them: on empty-table estimates PostgreSQL 15
    // plans the intervention windows of a weekly series with nested loops that take seconds.
    await app.ds.query('ANALYZE');
  });

  afterAll(() => app.close());

  const marked = Object.values(FAMILIES).filter((family) => family.oneUnitPerStudent);

  it.each(marked.map((family) => [family.key, family] as const))('%s: counting units counts distinct students', async (_key, family) => {
    const indicators = INDICATORS.filter((i) => !isPublished(i) && (i.source as IndicatorSql).family === family.key);
    const distinct = { ...family, oneUnitPerStudent: false };
    for (const breakdown of [IndicatorBreakdown.SCHOOL, IndicatorBreakdown.GRADE, IndicatorBreakdown.STUDENT_GROUP]) {
      const rows = async (f: typeof family) => {
        const statement = familyStatement(f, indicators, spec, IndicatorPeriod.SCHOOL_YEAR_TO_DATE, {}, breakdown);
        const result = await namedQuery<Record<string, unknown>>(app.ds.manager, statement.sql, statement.params);
        return result.sort((x, y) => `${x.as_of}|${x.cell}`.localeCompare(`${y.as_of}|${y.cell}`));
      };
      const counted = await rows(family);
      expect(counted.some((r) => Number(r.ds0) > 0)).toBe(true);
      expect(counted).toEqual(await rows(distinct));
    }
    const units = familyStatement(family, indicators, spec, IndicatorPeriod.SCHOOL_YEAR_TO_DATE, {});
    const repeated = await namedQuery(
      app.ds.manager,
      `${units.sql.slice(0, units.sql.indexOf('SELECT d.as_of::text AS as_of'))}
       SELECT u.as_of, u.student_id FROM in_scope u GROUP BY u.as_of, u.student_id HAVING count(*) > 1`,
      units.params,
    );
    expect(repeated).toEqual([]);
  });
});
