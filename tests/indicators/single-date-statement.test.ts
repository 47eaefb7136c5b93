import { StaffRole } from '../../src/common/auth/roles';
import { FAMILIES } from '../../src/modules/indicators/families';
import { IndicatorBreakdown, IndicatorPeriod, TrendInterval } from '../../src/modules/indicators/indicator-enums';
import { INDICATORS, type IndicatorSql, isPublished } from '../../src/modules/indicators/registry';
import { type DatesSpec, type ResolvedScope, familyStatement, familySupportsScope } from '../../src/modules/indicators/rollup-sql';
import { StudentGroup } from '../../src/modules/indicators/student-groups';
import { namedQuery } from '../../src/modules/tutoring/tutoring-sql';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { indicatorData } from './support';

/*
 * A rollup's statement (one as-of date) takes its total as one aggregate over the date's units and
 * joins the student table only when a student group is read; a trend's statement (a series of
 * dates) groups the units joined to the dates. Both must give the same figures: here, for every
 * family, on a date before the school year (a total of zeros), during the year and after a
 * mid-year transfer, district-wide and for a student group, the single-date statement's rows equal
 * those of a series of that one date, and its total equals the total of a statement broken down by
 * student group (which joins the students' columns).
 */
describe('single-date family statements', () => {
  let app: TestApp;

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

    const s1 = await f.student(a, { localId: 'S1', gradeLevel: 3, englishLearner: true }, { entryDate: '2026-08-24' });
    const s2 = await f.student(a, { localId: 'S2', gradeLevel: 5 }, { entryDate: '2026-08-24', exitDate: '2026-09-29' });
    await q(`INSERT INTO enrollment (student_id, school_id, grade_level, entry_date) VALUES ($1, $2, 5, '2026-09-30')`, [s2.id, b.id]);
    const s3 = await f.student(b, { localId: 'S3', gradeLevel: 7, englishLearner: true }, { entryDate: '2026-08-24' });
    const gone = await f.student(b, { localId: 'S4', gradeLevel: 2 }, { entryDate: '2026-08-24' });
    const students = [s1, s2, s3, gone];
    // Where each student's attendance is taken (a school they are enrolled at that day).
    const home = [a, a, b, b];
    for (const [i, s] of students.entries()) {
      await d.placement(s, 'READING', 2 + (i % 2), '2026-09-01', null, admin);
      await d.placement(s, 'SOCIAL_EMOTIONAL', 2, '2026-09-08', null, admin);
      const planId = await d.plan(s, i % 2 ? b : a, tutor, { start: '2026-09-02', review: '2026-10-01' });
      await d.session(i % 2 ? b : a, tutor, '2026-09-10', 30, [{ planId, student: s, present: i !== 2 }]);
      await d.point(planId, s, '2026-09-20', 30 + i * 10, tutor);
      for (const domain of i === 1 ? ['READING'] : ['READING', 'MATH']) await d.screening(yearId, s, domain, 'FALL', '2026-09-10', admin);
      const groupId = await d.tutoringGroup(yearId, i % 2 ? b : a, tutor, 'READING');
      const assignmentId = await d.assign(groupId, s, '2026-09-07', null, tutor);
      for (const date of ['2026-09-14', '2026-09-16', '2026-09-18', '2026-10-05', '2026-10-07']) {
        await d.tutoringSession(groupId, date, 30, tutor, [{ assignmentId, student: s, present: date !== '2026-09-16' || i === 0 }]);
      }
      for (const date of ['2026-08-25', '2026-08-26', '2026-09-08', '2026-09-09', '2026-09-29', '2026-09-30'].slice(0, 2 + 2 * i)) {
        await q(`INSERT INTO attendance_day (student_id, calendar_date, school_id, category) VALUES ($1, $2, $3, 'UNEXCUSED_ABSENCE')`, [s.id, date, home[i].id]);
      }
      const [c] = await q(
        `INSERT INTO attendance_case (student_id, school_id, school_year_id, tier, reason, owner_id, status, opened_on, opened_by)
         VALUES ($1, $2, $3, 2, 'test', $4, 'OPEN', '2026-09-10', $4) RETURNING id`,
        [s.id, home[i].id, yearId, admin.id],
      );
      await q(`INSERT INTO attendance_action (case_id, student_id, type, action_date, staff_id, recorded_by) VALUES ($1, $2, 'PHONE_CALL_HOME', '2026-09-11', $3, $3)`, [
        c.id, s.id, admin.id,
      ]);
    }
    await d.meeting(a, 'MTSS', '2026-10-13', admin, [s1]);
    await d.meeting(a, 'ATTENDANCE', '2026-10-14', admin);
    await q(`UPDATE student SET deleted_at = now() WHERE id = $1`, [gone.id]);
    await app.ds.query('ANALYZE');
  });

  afterAll(() => app.close());

  const rows = async (statement: { sql: string; params: Record<string, unknown> }) => {
    const result = await namedQuery<Record<string, unknown>>(app.ds.manager, statement.sql, statement.params);
    return result.sort((x, y) => `${x.as_of}|${x.cell}`.localeCompare(`${y.as_of}|${y.cell}`));
  };
  const scopes: [string, ResolvedScope][] = [
    ['the district', {}],
    ['English learners', { group: StudentGroup.ENGLISH_LEARNERS }],
  ];

  it.each(Object.values(FAMILIES).map((family) => [family.key, family] as const))('%s: the same figures as a series of that date', async (_key, family) => {
    const indicators = INDICATORS.filter((i) => !isPublished(i) && (i.source as IndicatorSql).family === family.key);
    let counted = 0;
    for (const asOf of ['2026-08-20', '2026-09-21', '2026-10-15']) {
      const single: DatesSpec = { kind: 'single', asOf };
      const series: DatesSpec = { kind: 'series', from: asOf, to: asOf, interval: TrendInterval.WEEK };
      for (const [, scope] of scopes) {
        if (!familySupportsScope(family, scope)) continue;
        const bySchool = await rows(familyStatement(family, indicators, single, IndicatorPeriod.SCHOOL_YEAR_TO_DATE, scope, IndicatorBreakdown.SCHOOL));
        expect(bySchool).toEqual(await rows(familyStatement(family, indicators, series, IndicatorPeriod.SCHOOL_YEAR_TO_DATE, scope, IndicatorBreakdown.SCHOOL)));
        const total = bySchool.filter((r) => r.cell === null);
        expect(total).toHaveLength(1);
        if (asOf === '2026-08-20') expect(Object.entries(total[0]).filter(([k, v]) => /^(n|d|ns|ds)\d+$/.test(k) && Number(v) !== 0)).toEqual([]);
        counted += Number(total[0].d0);
        if (family.studentUnits) {
          const byGroup = await rows(familyStatement(family, indicators, single, IndicatorPeriod.SCHOOL_YEAR_TO_DATE, scope, IndicatorBreakdown.STUDENT_GROUP));
          expect(byGroup.filter((r) => r.cell === null)).toEqual(total);
        }
      }
    }
    expect(counted).toBeGreaterThan(0);
  });

  it('reads the student table only for a student group', () => {
    const indicators = INDICATORS.filter((i) => !isPublished(i) && (i.source as IndicatorSql).family === 'tiers');
    const single: DatesSpec = { kind: 'single', asOf: '2026-10-15' };
    const statement = (scope: ResolvedScope, breakdown?: IndicatorBreakdown) =>
      familyStatement(FAMILIES.tiers, indicators, single, IndicatorPeriod.SCHOOL_YEAR_TO_DATE, scope, breakdown).sql;
    expect(statement({}, IndicatorBreakdown.SCHOOL)).not.toContain('english_learner');
    expect(statement({}, IndicatorBreakdown.GRADE)).not.toContain('english_learner');
    expect(statement({}, IndicatorBreakdown.STUDENT_GROUP)).toContain('english_learner');
    expect(statement({ group: StudentGroup.ENGLISH_LEARNERS })).toContain('english_learner');
  });
});
