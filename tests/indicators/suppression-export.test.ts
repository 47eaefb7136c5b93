import { parse } from 'csv-parse/sync';
import { StaffRole } from '../../src/common/auth/roles';
import type { SchoolEntity } from '../../src/modules/schools/school.entity';
import type { StudentEntity } from '../../src/modules/students/student.entity';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { INDICATORS_QUERY, indicatorData } from './support';

/*
 * Small cells at the edges of Connecticut's rule, complementary suppression and the CSV export,
 * on SEL_TIER23_WITH_PLAN. Every student is in social-emotional Tier 2 from 09-15:
 *   School A: 30 students, 19 of them English learners; 6 plans (all English learners)
 *   School B: 20 students, all free/reduced meals; 5 plans
 *   School C: 25 students, 20 of them with disabilities (the 5th to 24th); 10 plans (the first 10: 6 with disabilities)
 * District: 21 plans of 75 = 28%.
 */
describe('small-cell suppression, complementary suppression and CSV export', () => {
  let app: TestApp;
  const tokens: Record<string, string> = {};
  let schoolA: string;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const d = indicatorData(app.ds);
    await d.schoolYear();
    const [a, b, c] = [await f.school({ name: 'Alpha School' }), await f.school({ name: 'Beta School' }), await f.school({ name: 'Gamma School' })];
    schoolA = gid('School', a.id);
    const admin = await f.staff(StaffRole.DISTRICT_ADMIN);
    tokens.districtAdmin = app.token(admin.id);
    tokens.districtLead = app.token((await f.staff(StaffRole.DISTRICT_LEAD)).id);
    tokens.adminA = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [a])).id);
    const counselor = await f.staff(StaffRole.COUNSELOR, [a, b, c]);
    const cohort = async (school: SchoolEntity, count: number, planned: number, flags: (i: number) => Partial<StudentEntity>) => {
      for (let i = 0; i < count; i++) {
        const student = await f.student(school, flags(i));
        await d.placement(student, 'SOCIAL_EMOTIONAL', 2, '2026-09-15', null, admin);
        if (i < planned) await d.plan(student, school, counselor, { domain: 'SOCIAL_EMOTIONAL', start: '2026-09-20' });
      }
    };
    await cohort(a, 30, 6, (i) => ({ englishLearner: i < 19 }));
    await cohort(b, 20, 5, () => ({ freeReducedMeals: true }));
    await cohort(c, 25, 10, (i) => ({ studentWithDisability: i >= 4 && i < 24 }));
  });
  afterAll(() => app.close());

  const query = async (token: string, variables: Record<string, unknown>) => {
    const response = await app.gql(INDICATORS_QUERY, { keys: ['SEL_TIER23_WITH_PLAN'], ...variables }, token);
    expect(response.errors).toBeUndefined();
    return response.data.indicators[0];
  };

  it('suppresses a small school and, complementarily, the next smallest, for a district lead', async () => {
    const result = await query(tokens.districtLead, { breakdown: 'SCHOOL' });
    expect(result.total).toMatchObject({ numerator: 21, denominator: 75, value: 28, suppressed: false });
    expect(result.breakdown.map((c: any) => [c.school.name, c.cell.numerator, c.cell.denominator, c.cell.value, c.cell.suppression])).toEqual([
      // 6 of 30: exactly at both edges, shown.
      ['Alpha School', 6, 30, 20, null],
      // 5 plans < 6: suppressed; alone it would be 21 - 6 - 10 = 5 of 75 - 30 - 25 = 20 ...
      ['Beta School', null, null, null, 'SMALL_CELL'],
      // ... so the next smallest school (C, 25 < A's 30) is hidden too.
      ['Gamma School', null, null, null, 'COMPLEMENTARY'],
    ]);
    // A district admin's screen shows every figure.
    const admin = await query(tokens.districtAdmin, { breakdown: 'SCHOOL' });
    expect(admin.breakdown.map((c: any) => [c.cell.numerator, c.cell.denominator, c.cell.suppressed])).toEqual([[6, 30, false], [5, 20, false], [10, 25, false]]);
  });

  it('suppresses groups at the edges: numerator 5 vs 6, denominator 19 vs 20', async () => {
    const result = await query(tokens.districtLead, { breakdown: 'STUDENT_GROUP' });
    const cells = Object.fromEntries(result.breakdown.map((c: any) => [c.group, [c.cell.numerator, c.cell.denominator, c.cell.suppression]]));
    // 19 English learners with 6 plans: the denominator is under 20.
    expect(cells.ENGLISH_LEARNERS).toEqual([null, null, 'SMALL_CELL']);
    // 20 students with disabilities with 6 plans: exactly at both edges, shown.
    expect(cells.STUDENTS_WITH_DISABILITIES).toEqual([6, 20, null]);
    // 20 free/reduced meals students with 5 plans: the numerator is under 6.
    expect(cells.FREE_REDUCED_MEALS).toEqual([null, null, 'SMALL_CELL']);
    // Everyone is female and Hispanic/Latino: those cells equal the total; the empty ones are hidden, never 0.
    expect(cells.GENDER_FEMALE).toEqual([21, 75, null]);
    expect(cells.GENDER_MALE).toEqual([null, null, 'SMALL_CELL']);
  });

  it('suppresses a school admin’s own small cells too', async () => {
    const result = await query(tokens.adminA, { scope: { schoolId: schoolA }, breakdown: 'STUDENT_GROUP' });
    expect(result.total).toMatchObject({ numerator: 6, denominator: 30 });
    // A's English learners: 6 of 19.
    expect(result.breakdown.find((c: any) => c.group === 'ENGLISH_LEARNERS').cell).toMatchObject({ suppressed: true, numerator: null });
  });

  it('exports the rollup as CSV with the same suppression, even for a district admin', async () => {
    const response = await app.gql(`query { indicatorsCsv(keys: [SEL_TIER23_WITH_PLAN], breakdown: SCHOOL) }`, {}, tokens.districtAdmin);
    expect(response.errors).toBeUndefined();
    const csv: string = response.data.indicatorsCsv;
    const rows: Record<string, string>[] = parse(csv, { columns: true });
    expect(csv.split('\r\n')[0]).toBe(
      'indicator_key,indicator,priority,kind,as_of,period_start,scope_school,scope_grade,scope_group,breakdown,cell,numerator,denominator,value_percent,target_percent,gap_to_target,meets_target,suppressed,note',
    );
    expect(rows.map((r) => [r.breakdown, r.cell, r.numerator, r.denominator, r.value_percent, r.suppressed])).toEqual([
      ['', 'Total', '21', '75', '28', 'false'],
      ['SCHOOL', 'Alpha School', '6', '30', '20', 'false'],
      ['SCHOOL', 'Beta School', '', '', '', 'true'],
      ['SCHOOL', 'Gamma School', '', '', '', 'true'],
    ]);
    expect(rows[0]).toMatchObject({ indicator_key: 'SEL_TIER23_WITH_PLAN', as_of: '2026-10-15', period_start: '2026-08-24', scope_school: 'District', priority: '2' });
    // A school admin exports their own school only.
    const forA = await app.gql(`query ($s: ID!) { indicatorsCsv(scope: { schoolId: $s }, keys: [SEL_TIER23_WITH_PLAN]) }`, { s: schoolA }, tokens.adminA);
    expect(parse(forA.data.indicatorsCsv, { columns: true })[0]).toMatchObject({ scope_school: 'Alpha School', numerator: '6', denominator: '30' });
    const refused = await app.gql(`query { indicatorsCsv }`, {}, tokens.adminA);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
