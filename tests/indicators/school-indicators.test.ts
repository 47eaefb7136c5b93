import { StaffRole } from '../../src/common/auth/roles';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { INDICATORS_QUERY, indicatorData, totals } from './support';

const RECORD = `mutation ($input: AnnualMeasureRecordInput!) {
  annualMeasureRecord(input: $input) { annualMeasureFigure { id measure value numerator denominator source version school { name } } userErrors { code field message } }
}`;

/*
 * Indicators about sessions and schools (9, 17) and the annual measures fed by published figures.
 * Schools A and B have students; C has none. Today is Thursday 2026-10-15.
 */
describe('session, school and published indicators', () => {
  let app: TestApp;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const d = indicatorData(app.ds);
    const yearId = await d.schoolYear();
    const [lastYear] = await app.ds.query(`INSERT INTO school_year (name, start_date, end_date) VALUES ('2025-2026', '2025-08-25', '2026-06-12') RETURNING id`);
    ids.thisYear = gid('SchoolYear', yearId);
    ids.lastYear = gid('SchoolYear', lastYear.id);
    const a = await f.school({ name: 'Alpha School' });
    const b = await f.school({ name: 'Beta School' });
    await f.school({ name: 'Gamma School' });
    ids.a = gid('School', a.id);
    ids.b = gid('School', b.id);
    const admin = await f.staff(StaffRole.DISTRICT_ADMIN);
    tokens.districtAdmin = app.token(admin.id);
    tokens.districtLead = app.token((await f.staff(StaffRole.DISTRICT_LEAD)).id);
    tokens.adminA = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [a])).id);
    const tutor = await f.staff(StaffRole.TUTOR, [a, b]);

    // Tutoring at A: six students in one group. Held 10-01 with 4 present, 10-05 with 5, 10-07 with 3;
    // a session at B on 09-10 with 2 present.
    const students = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => f.student(a, { localId: `T${n}` })));
    const group = await d.tutoringGroup(yearId, a, tutor);
    const assignments = await Promise.all(students.map((s) => d.assign(group, s, '2026-09-01', null, admin)));
    const attend = (present: number) => students.map((student, i) => ({ assignmentId: assignments[i], student, present: i < present }));
    await d.tutoringSession(group, '2026-10-01', 30, tutor, attend(4));
    await d.tutoringSession(group, '2026-10-05', 30, tutor, attend(5));
    await d.tutoringSession(group, '2026-10-07', 30, tutor, attend(3));
    await app.ds.query(
      `INSERT INTO tutoring_session (group_id, session_date, status, cancel_reason, logged_by) VALUES ($1, '2026-10-09', 'CANCELLED', 'SCHOOL_CLOSED', $2)`,
      [group, tutor.id],
    );
    const bStudents = await Promise.all([1, 2].map((n) => f.student(b, { localId: `B${n}` })));
    const bGroup = await d.tutoringGroup(yearId, b, tutor, 'READING');
    const bAssignments = await Promise.all(bStudents.map((s) => d.assign(bGroup, s, '2026-09-01', null, admin)));
    await d.tutoringSession(bGroup, '2026-09-10', 30, tutor, bStudents.map((student, i) => ({ assignmentId: bAssignments[i], student, present: true })));

    // Team meetings in the four weeks ending 10-15 (09-18..09-24, 09-25..10-01, 10-02..10-08, 10-09..10-15):
    // A holds both kinds every week; B misses the attendance meeting of the week 10-02..10-08.
    for (const day of ['2026-09-22', '2026-09-29', '2026-10-06', '2026-10-13']) {
      await d.meeting(a, 'MTSS', day, admin);
      await d.meeting(b, 'MTSS', day, admin);
    }
    for (const day of ['2026-09-23', '2026-09-30', '2026-10-07', '2026-10-14']) await d.meeting(a, 'ATTENDANCE', day, admin);
    for (const day of ['2026-09-23', '2026-09-30', '2026-10-14']) await d.meeting(b, 'ATTENDANCE', day, admin);
  });
  afterAll(() => app.close());

  const run = async (variables: Record<string, unknown>, token = tokens.districtAdmin) => {
    const response = await app.gql(INDICATORS_QUERY, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data;
  };

  it('counts tutoring sessions within the ratio, by school and period', async () => {
    const data = await run({ keys: ['TUTORING_SESSIONS_WITHIN_RATIO'], breakdown: 'SCHOOL' });
    // Held this school year: 10-01 (4 present) yes, 10-05 (5) no, 10-07 (3) yes, B 09-10 (2) yes; the cancelled one is no session. 3 of 4.
    expect(totals(data).TUTORING_SESSIONS_WITHIN_RATIO).toEqual([3, 4, 75]);
    expect(data.indicators[0].breakdown.map((c: any) => [c.school.name, c.cell.numerator, c.cell.denominator])).toEqual([
      ['Alpha School', 2, 3],
      ['Beta School', 1, 1],
      ['Gamma School', 0, 0],
    ]);
    // The last four weeks (09-18..10-15) leave out B's 09-10 session: 2 of 3.
    expect(totals(await run({ keys: ['TUTORING_SESSIONS_WITHIN_RATIO'], period: 'LAST_FOUR_WEEKS' })).TUTORING_SESSIONS_WITHIN_RATIO).toEqual([2, 3, 66.7]);
    // Sessions are not a student group's: no figure, said so (not a zero); no cut by group either.
    const byGroup = await run({ keys: ['TUTORING_SESSIONS_WITHIN_RATIO'], scope: { group: 'ENGLISH_LEARNERS' } });
    expect(byGroup.indicators[0].total).toMatchObject({ available: false, numerator: null, value: null });
    expect((await run({ keys: ['TUTORING_SESSIONS_WITHIN_RATIO'], breakdown: 'GRADE' })).indicators[0].breakdown).toEqual([]);
  });

  it('counts schools holding both team meetings every week, never suppressed', async () => {
    // Schools with students: A, B. A met both ways every week; B missed one attendance meeting. 1 of 2.
    expect(totals(await run({ keys: ['SCHOOLS_HOLDING_TEAM_MEETINGS'] }, tokens.districtLead)).SCHOOLS_HOLDING_TEAM_MEETINGS).toEqual([1, 2, 50]);
    // On 10-08 the four weeks start 09-11: nobody met in 09-11..09-17. 0 of 2.
    expect(totals(await run({ keys: ['SCHOOLS_HOLDING_TEAM_MEETINGS'], asOf: '2026-10-08' })).SCHOOLS_HOLDING_TEAM_MEETINGS).toEqual([0, 2, 0]);
  });

  it('records published figures (district admins only) and carries them with their targets', async () => {
    const record = (input: Record<string, unknown>, token = tokens.districtAdmin) => app.gql(RECORD, { input }, token);
    const district = await record({ measure: 'GRADUATION_RATE', schoolYearId: ids.lastYear, value: 79.5, numerator: 795, denominator: 1000, source: 'CSDE EdSight' });
    expect(district.data.annualMeasureRecord).toMatchObject({ userErrors: [], annualMeasureFigure: { value: 79.5, numerator: 795, school: null, version: 1 } });
    const school = await record({ measure: 'GRADUATION_RATE', schoolYearId: ids.lastYear, schoolId: ids.a, value: 80 });
    expect(school.data.annualMeasureRecord.userErrors).toEqual([]);
    // Recording again replaces the figure.
    const again = await record({ measure: 'GRADUATION_RATE', schoolYearId: ids.lastYear, schoolId: ids.a, value: 85 });
    expect(again.data.annualMeasureRecord.annualMeasureFigure).toMatchObject({ value: 85, version: 2, school: { name: 'Alpha School' } });

    const refused = await record({ measure: 'ACADEMIC_TIER23_WITH_PLAN', schoolYearId: ids.lastYear, value: 10, numerator: 1, denominator: 3 });
    expect(refused.data.annualMeasureRecord.userErrors.map((e: any) => e.field.join('.'))).toEqual(['input.measure', 'input.value']);
    const noCount = await record({ measure: 'FRESHMEN_ON_TRACK', schoolYearId: ids.lastYear, value: 50, numerator: 5 });
    expect(noCount.data.annualMeasureRecord.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'denominator'], message: 'Give both counts or neither' }]);
    for (const token of [tokens.districtLead, tokens.adminA]) {
      expect((await record({ measure: 'GRADUATION_RATE', schoolYearId: ids.lastYear, value: 1 }, token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }

    // As of today (2026-2027 has no figure yet) the latest published year carries: 79.5 against 83 is 3.5 short.
    const data = await run({ keys: ['GRADUATION_RATE', 'GRADE3_READING_PROFICIENT'], breakdown: 'SCHOOL' }, tokens.districtLead);
    const [graduation, reading] = data.indicators;
    expect(graduation.total).toMatchObject({ value: 79.5, numerator: 795, denominator: 1000, target: 83, gapToTarget: 3.5, meetsTarget: false, suppressed: false, note: 'Published figure for 2025-2026' });
    expect(graduation.breakdown.map((c: any) => [c.school.name, c.cell.value, c.cell.available])).toEqual([
      ['Alpha School', 85, true],
      ['Beta School', null, false],
      ['Gamma School', null, false],
    ]);
    expect(reading.total).toMatchObject({ available: false, value: null, target: 48 });
    // A school's own figure for school staff; none by grade or group.
    const forA = await run({ keys: ['GRADUATION_RATE'], scope: { schoolId: ids.a } }, tokens.adminA);
    expect(forA.indicators[0].total).toMatchObject({ value: 85, gapToTarget: -2, meetsTarget: true });
    const byGrade = await run({ keys: ['GRADUATION_RATE'], scope: { gradeLevel: 'G12' } });
    expect(byGrade.indicators[0].total.available).toBe(false);

    const list = await app.gql(`query ($m: IndicatorKey) { annualMeasureFigures(measure: $m) { measure value school { name } } }`, { m: 'GRADUATION_RATE' }, tokens.districtLead);
    expect(list.data.annualMeasureFigures).toEqual([
      { measure: 'GRADUATION_RATE', value: 79.5, school: null },
      { measure: 'GRADUATION_RATE', value: 85, school: { name: 'Alpha School' } },
    ]);
  });

  it('lists every indicator with its definition in words and its target', async () => {
    const { data } = await app.gql(`query { indicatorDefinitions { key priority kind numerator denominator asOfRule direction target countedUnit breakdowns } }`, {}, tokens.districtLead);
    const byKey = Object.fromEntries(data.indicatorDefinitions.map((d: any) => [d.key, d]));
    expect(Object.keys(byKey)).toHaveLength(23);
    expect(byKey.GRADE3_READING_PROFICIENT).toMatchObject({ target: 48, kind: 'ANNUAL_MEASURE', countedUnit: 'PUBLISHED_PERCENT' });
    expect(byKey.FRESHMEN_ON_TRACK.target).toBe(85.3);
    expect(byKey.SCHOOLS_HOLDING_TEAM_MEETINGS).toMatchObject({ priority: 2, countedUnit: 'SCHOOLS', breakdowns: ['SCHOOL'] });
    expect(byKey.ACADEMIC_TIER23_WITH_PLAN.breakdowns).toEqual(['SCHOOL', 'GRADE', 'STUDENT_GROUP']);
  });
});
