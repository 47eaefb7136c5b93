import { StaffRole } from '../../src/common/auth/roles';
import { Gender, RaceEthnicity } from '../../src/modules/students/student-demographics';
import { buildContext, type ViewerContext } from '../../src/context';
import { createLogger } from '../../src/logger';
import { tutoringDosageService } from '../../src/modules/tutoring/tutoring-dosage.service';
import { factories, gid } from '../support/factories';
import { TEST_TODAY, startTestApp, type TestApp } from '../support/test-app';
import { INDICATORS_QUERY, indicatorData, totals } from './support';

/*
 * Student-unit indicators on hand-built data: tiers (1, 10, 16), screening (2) and tutoring
 * dosage (8), as of today (2026-10-15) and as of past dates, with a mid-year transfer.
 *
 * School A (K-8) and B. Students (grade 4, female, Hispanic/Latino unless said), enrolled at A
 * from 2026-08-26:
 *   S1 grade 3, English learner: reading T2 from 09-15; reading plan from 09-20; tutoring (math) from 10-12
 *   S2 grade 3: reading T2 and math T3 from 09-15; reading plan from 09-20; math tutoring from 09-21
 *   S3 male: math T2 from 09-15; math tutoring from 09-21, no plan
 *   S4: reading T2 09-15..10-01, Tier 1 from 10-02
 *   S5 Black: reading T2 from 09-15; reading plan 09-16, closed 10-10
 *   S6: at A to 09-30, transferred to B from 10-01; reading T2 from 09-15; reading plan from 09-05 (school A)
 *   S7: social-emotional T3 from 09-15, social-emotional plan from 09-20
 *   S8: social-emotional T2 from 09-15, no plan
 *   S9 grade 5 at B: nothing
 *   S10 grade 9 at A: outside the screened grades
 */
describe('student indicators: tiers, screening, tutoring dosage', () => {
  let app: TestApp;
  let schoolA: string;
  let schoolB: string;
  const tokens: Record<string, string> = {};

  const run = async (variables: Record<string, unknown>, token = tokens.districtAdmin) => {
    const response = await app.gql(INDICATORS_QUERY, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data;
  };

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const d = indicatorData(app.ds);
    const yearId = await d.schoolYear();
    const a = await f.school({ name: 'Alpha School' });
    const b = await f.school({ name: 'Beta School' });
    schoolA = gid('School', a.id);
    schoolB = gid('School', b.id);
    const admin = await f.staff(StaffRole.DISTRICT_ADMIN);
    tokens.districtAdmin = app.token(admin.id);
    tokens.districtLead = app.token((await f.staff(StaffRole.DISTRICT_LEAD)).id);
    tokens.adminA = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [a])).id);
    tokens.counselorB = app.token((await f.staff(StaffRole.COUNSELOR, [b])).id);
    tokens.teacherA = app.token((await f.staff(StaffRole.TEACHER, [a])).id);
    const tutor = await f.staff(StaffRole.TUTOR, [a]);

    const s1 = await f.student(a, { localId: 'S1', gradeLevel: 3, englishLearner: true });
    const s2 = await f.student(a, { localId: 'S2', gradeLevel: 3 });
    const s3 = await f.student(a, { localId: 'S3', gender: Gender.MALE });
    const s4 = await f.student(a, { localId: 'S4' });
    const s5 = await f.student(a, { localId: 'S5', raceEthnicity: RaceEthnicity.BLACK_AFRICAN_AMERICAN });
    const s6 = await f.student(a, { localId: 'S6' }, { exitDate: '2026-09-30' });
    await app.ds.query(`INSERT INTO enrollment (student_id, school_id, grade_level, entry_date) VALUES ($1, $2, 4, '2026-10-01')`, [s6.id, b.id]);
    const s7 = await f.student(a, { localId: 'S7' });
    const s8 = await f.student(a, { localId: 'S8' });
    const s9 = await f.student(b, { localId: 'S9', gradeLevel: 5 });
    await f.student(a, { localId: 'S10', gradeLevel: 9 });

    for (const s of [s1, s2, s4, s5, s6]) await d.placement(s, 'READING', 2, '2026-09-15', s === s4 ? '2026-10-01' : null, admin);
    await d.placement(s4, 'READING', 1, '2026-10-02', null, admin);
    await d.placement(s2, 'MATH', 3, '2026-09-15', null, admin);
    await d.placement(s3, 'MATH', 2, '2026-09-15', null, admin);
    await d.placement(s7, 'SOCIAL_EMOTIONAL', 3, '2026-09-15', null, admin);
    await d.placement(s8, 'SOCIAL_EMOTIONAL', 2, '2026-09-15', null, admin);
    await d.plan(s1, a, tutor, { start: '2026-09-20' });
    await d.plan(s2, a, tutor, { start: '2026-09-20' });
    await d.plan(s5, a, tutor, { start: '2026-09-16', closed: '2026-10-10' });
    await d.plan(s6, a, tutor, { start: '2026-09-05' });
    await d.plan(s7, a, tutor, { domain: 'SOCIAL_EMOTIONAL', tier: 3, start: '2026-09-20' });

    // Fall screening: S1-S5 in reading and math on 09-10; S6 in reading only; S7 both on 10-14.
    for (const s of [s1, s2, s3, s4, s5]) for (const domain of ['READING', 'MATH']) await d.screening(yearId, s, domain, 'FALL', '2026-09-10', admin);
    await d.screening(yearId, s6, 'READING', 'FALL', '2026-09-10', admin);
    for (const domain of ['READING', 'MATH']) await d.screening(yearId, s7, domain, 'FALL', '2026-10-14', admin);
    void s9;

    // Math tutoring, Mon/Wed/Fri: S2 and S3 from Mon 09-21, S1 from Mon 10-12. Sessions held on
    // every Mon/Wed/Fri from 09-21 to 10-14 (11) plus make-ups on Tue 09-22 and Tue 10-06: 13.
    const group = await d.tutoringGroup(yearId, a, tutor, 'MATH');
    const a1 = await d.assign(group, s1, '2026-10-12', null, admin);
    const a2 = await d.assign(group, s2, '2026-09-21', null, admin);
    const a3 = await d.assign(group, s3, '2026-09-21', null, admin);
    const sessions = ['2026-09-21', '2026-09-22', '2026-09-23', '2026-09-25', '2026-09-28', '2026-09-30', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07', '2026-10-09', '2026-10-12', '2026-10-14'];
    for (const [i, date] of sessions.entries()) {
      await d.tutoringSession(group, date, 30, tutor, [
        { assignmentId: a2, student: s2, present: true },
        { assignmentId: a3, student: s3, present: i < 10 },
        ...(date >= '2026-10-12' ? [{ assignmentId: a1, student: s1, present: true }] : []),
      ]);
    }
  });
  afterAll(() => app.close());

  it('counts tiers, screening and tutoring dosage as of today', async () => {
    const data = await run({ keys: ['ACADEMIC_TIER23_WITH_PLAN', 'ACADEMIC_TIER23_SUPPORTED', 'SEL_TIER23_WITH_PLAN', 'SCREENED_IN_WINDOW', 'TUTORING_DOSAGE_MET'] });
    expect(totals(data)).toEqual({
      // Tier 2/3 reading or math on 10-15: S1, S2, S3, S5, S6 (S4 is back in Tier 1) = 5.
      // Every such domain planned: S1, S6 (S2 lacks a math plan, S3 has none, S5's closed 10-10) = 2: 40%.
      ACADEMIC_TIER23_WITH_PLAN: [2, 5, 40],
      // Plan or tutoring in each: S1, S2 (math tutoring), S3 (math tutoring), S6 = 4 of 5: 80%.
      ACADEMIC_TIER23_SUPPORTED: [4, 5, 80],
      // Social-emotional T2/3: S7, S8; with a plan: S7: 1 of 2.
      SEL_TIER23_WITH_PLAN: [1, 2, 50],
      // Enrolled K-8 on 10-15: S1-S9 = 9 (S10 is in grade 9). FALL window; reading and math: S1-S5, S7 = 6: 66.7%.
      SCREENED_IN_WINDOW: [6, 9, 66.7],
      // Window 09-18..10-15. S2: 19 instructional days (09-21..10-15) = 3.8 weeks, 13 sessions attended =
      // 3.42 a week >= 3, 30 min >= 20 (grade 3): meets. S3: 10 attended / 3.8 = 2.63 < 3: misses.
      // S1: 4 days (10-12..10-15), under a school week: not judged. 1 of 2.
      TUTORING_DOSAGE_MET: [1, 2, 50],
    });
  });

  it('gives the then-answer for a past as-of date', async () => {
    const data = await run({ asOf: '2026-10-05', keys: ['ACADEMIC_TIER23_WITH_PLAN', 'ACADEMIC_TIER23_SUPPORTED', 'SCREENED_IN_WINDOW'] });
    expect(totals(data)).toEqual({
      // On 10-05: S4 already back in Tier 1 (10-02), so S1, S2, S3, S5, S6 = 5; S5's plan is still
      // active (closed only on 10-10): S1, S5, S6 = 3 of 5 (today it is 2 of 5).
      ACADEMIC_TIER23_WITH_PLAN: [3, 5, 60],
      // S1, S2 (math tutoring), S3 (math tutoring), S5, S6: all 5.
      ACADEMIC_TIER23_SUPPORTED: [5, 5, 100],
      // S7 not yet screened (10-14): 5 of 9.
      SCREENED_IN_WINDOW: [5, 9, 55.6],
    });
    const early = await run({ asOf: '2026-09-01', keys: ['SCREENED_IN_WINDOW', 'ACADEMIC_TIER23_WITH_PLAN'] });
    // No screening and no placement yet: nothing to count, value null (not 0).
    expect(totals(early)).toEqual({ SCREENED_IN_WINDOW: [0, 0, null], ACADEMIC_TIER23_WITH_PLAN: [0, 0, null] });
  });

  it('counts a transferred student at the school they were enrolled at on the date', async () => {
    const bySchool = async (asOf: string) => {
      const data = await run({ asOf, keys: ['ACADEMIC_TIER23_WITH_PLAN'], breakdown: 'SCHOOL' });
      return Object.fromEntries(data.indicators[0].breakdown.map((c: any) => [c.school.name, [c.cell.numerator, c.cell.denominator]]));
    };
    // 09-25: S6 still at A (exit 09-30): A has S1-S6 = 6, with plans S1, S5, S6 = 3.
    expect(await bySchool('2026-09-25')).toEqual({ 'Alpha School': [3, 6], 'Beta School': [0, 0] });
    // 10-15: S6 at B. A: S1, S2, S3, S5 with S1 planned; B: S6 planned.
    expect(await bySchool('2026-10-15')).toEqual({ 'Alpha School': [1, 4], 'Beta School': [1, 1] });
  });

  it('breaks an indicator down by student group in one query', async () => {
    const data = await run({ keys: ['ACADEMIC_TIER23_WITH_PLAN'], breakdown: 'STUDENT_GROUP' });
    const cells = Object.fromEntries(data.indicators[0].breakdown.map((c: any) => [c.group, [c.cell.numerator, c.cell.denominator]]));
    // Denominator S1 (EL), S2, S3 (male), S5 (Black), S6; numerator S1, S6.
    expect(cells).toMatchObject({
      ENGLISH_LEARNERS: [1, 1],
      STUDENTS_WITH_DISABILITIES: [0, 0],
      GENDER_FEMALE: [2, 4],
      GENDER_MALE: [0, 1],
      RACE_HISPANIC_LATINO: [2, 4],
      RACE_BLACK_AFRICAN_AMERICAN: [0, 1],
      RACE_ASIAN: [0, 0],
    });
    // A scope combining a school and a group: school A's English learners.
    const combined = await run({ keys: ['ACADEMIC_TIER23_WITH_PLAN'], scope: { schoolId: schoolA, group: 'GENDER_FEMALE' } });
    // Female at A on 10-15: S1, S2, S5; planned: S1.
    expect(totals(combined).ACADEMIC_TIER23_WITH_PLAN).toEqual([1, 3, 33.3]);
    const grade3 = await run({ keys: ['ACADEMIC_TIER23_WITH_PLAN'], scope: { gradeLevel: 'G3' } });
    expect(totals(grade3).ACADEMIC_TIER23_WITH_PLAN).toEqual([1, 2, 50]);
  });

  it('draws a weekly trend over the school year in one query', async () => {
    const { data, errors } = await app.gql(
      `query { indicatorTrend(key: ACADEMIC_TIER23_WITH_PLAN, interval: WEEK) { from to points { asOf cell { numerator denominator value } } } }`,
      {},
      tokens.districtAdmin,
    );
    expect(errors).toBeUndefined();
    expect(data.indicatorTrend.from).toBe('2026-08-24');
    expect(data.indicatorTrend.to).toBe('2026-10-15');
    expect(data.indicatorTrend.points.map((p: any) => [p.asOf, p.cell.numerator, p.cell.denominator, p.cell.value])).toEqual([
      ['2026-08-30', 0, 0, null],
      ['2026-09-06', 0, 0, null],
      ['2026-09-13', 0, 0, null],
      // Placements from 09-15: S1-S6; plans active: S1 (09-20), S5 (09-16), S6.
      ['2026-09-20', 3, 6, 50],
      ['2026-09-27', 3, 6, 50],
      // S4 back in Tier 1 from 10-02.
      ['2026-10-04', 3, 5, 60],
      // S5's plan closed 10-10: S1, S6 of 5.
      ['2026-10-11', 2, 5, 40],
      ['2026-10-15', 2, 5, 40],
    ]);
    const monthly = await app.gql(`query { indicatorTrend(key: SEL_TIER23_WITH_PLAN, interval: MONTH) { points { asOf cell { value } } } }`, {}, tokens.districtAdmin);
    expect(monthly.data.indicatorTrend.points.map((p: any) => [p.asOf, p.cell.value])).toEqual([['2026-08-31', null], ['2026-09-30', 50], ['2026-10-15', 50]]);
  });

  it('drills into the students behind a cell, within the viewer scope', async () => {
    const DRILL = `query ($key: IndicatorKey!, $part: IndicatorPart!, $scope: IndicatorScopeInput, $asOf: LocalDate) {
      indicatorStudents(key: $key, part: $part, scope: $scope, asOf: $asOf, first: 10) { totalCount nodes { localId } }
    }`;
    const drill = async (token: string, variables: Record<string, unknown>) => app.gql(DRILL, { key: 'ACADEMIC_TIER23_WITH_PLAN', ...variables }, token);
    const lead = await drill(tokens.districtLead, { part: 'DENOMINATOR', scope: { schoolId: schoolA } });
    expect(lead.data.indicatorStudents.nodes.map((n: any) => n.localId)).toEqual(['S1', 'S2', 'S3', 'S5']);
    const numerator = await drill(tokens.districtLead, { part: 'NUMERATOR' });
    expect(numerator.data.indicatorStudents).toEqual({ totalCount: 2, nodes: [{ localId: 'S1' }, { localId: 'S6' }] });
    // A school admin drills into their own school; a past date's cell lists only students they may see today.
    const own = await drill(tokens.adminA, { part: 'DENOMINATOR', scope: { schoolId: schoolA }, asOf: '2026-09-25' });
    expect(own.data.indicatorStudents.nodes.map((n: any) => n.localId)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
    const leadPast = await drill(tokens.districtLead, { part: 'DENOMINATOR', scope: { schoolId: schoolA }, asOf: '2026-09-25' });
    expect(leadPast.data.indicatorStudents.totalCount).toBe(6);
    // ... and cannot drill into another school, or the district.
    for (const scope of [{ schoolId: schoolB }, {}]) {
      const other = await drill(tokens.adminA, { part: 'DENOMINATOR', scope });
      expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(other.data).toBeNull();
    }
  });

  it('lets school staff read their own schools only, and refuses caseload roles', async () => {
    const own = await app.gql(INDICATORS_QUERY, { scope: { schoolId: schoolB }, keys: ['ACADEMIC_TIER23_WITH_PLAN'] }, tokens.counselorB);
    expect(own.errors).toBeUndefined();
    for (const [token, scope] of [[tokens.counselorB, { schoolId: schoolA }], [tokens.adminA, {}], [tokens.teacherA, { schoolId: schoolA }]] as const) {
      const refused = await app.gql(INDICATORS_QUERY, { scope }, token);
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const unauthenticated = await app.gql(INDICATORS_QUERY, {});
    expect(unauthenticated.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('suppresses small cells for roles below district admin (never showing a 0)', async () => {
    const lead = await run({ keys: ['ACADEMIC_TIER23_WITH_PLAN'] }, tokens.districtLead);
    expect(lead.indicators[0].total).toMatchObject({ suppressed: true, suppression: 'SMALL_CELL', numerator: null, denominator: null, value: null });
    const admin = await run({ keys: ['ACADEMIC_TIER23_WITH_PLAN'] }, tokens.districtAdmin);
    expect(admin.indicators[0].total).toMatchObject({ suppressed: false, numerator: 2, denominator: 5 });
  });

  it('agrees with the tutoring module on who meets the dosage (parity)', async () => {
    const [admin] = await app.ds.query(`SELECT id FROM staff_user WHERE role = 'DISTRICT_ADMIN' LIMIT 1`);
    const ctx = buildContext({
      db: app.ds,
      viewer: { userId: admin.id, email: 'x', role: StaffRole.DISTRICT_ADMIN, schoolIds: [] },
      today: TEST_TODAY,
      log: createLogger('silent'),
    }) as ViewerContext;
    const programs: { id: string }[] = await app.ds.query(`SELECT id FROM tutoring_program`);
    const window = tutoringDosageService.recentWindow(ctx);
    const dosage = await tutoringDosageService.dosage(ctx, app.ds.manager, { programIds: programs.map((p) => p.id) }, window.from, window.to);
    const localIds: { id: string; local_id: string }[] = await app.ds.query(`SELECT id, local_id FROM student`);
    const local = new Map(localIds.map((r) => [r.id, r.local_id]));
    const judged = dosage.filter((d) => d.meetsTarget !== null);
    const drill = async (part: string) => {
      const { data } = await app.gql(
        `query ($part: IndicatorPart!) { indicatorStudents(key: TUTORING_DOSAGE_MET, part: $part) { nodes { localId } } }`,
        { part },
        tokens.districtAdmin,
      );
      return data.indicatorStudents.nodes.map((n: any) => n.localId).sort();
    };
    expect(await drill('DENOMINATOR')).toEqual(judged.map((d) => local.get(d.studentId)).sort());
    expect(await drill('NUMERATOR')).toEqual(judged.filter((d) => d.meetsTarget).map((d) => local.get(d.studentId)).sort());
  });

  it('refuses a future as-of date', async () => {
    const response = await app.gql(INDICATORS_QUERY, { asOf: '2026-10-16' }, tokens.districtAdmin);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
