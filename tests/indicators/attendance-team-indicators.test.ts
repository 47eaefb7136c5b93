import { parse } from 'csv-parse/sync';
import { StaffRole } from '../../src/common/auth/roles';
import { triggeredStudentsSql } from '../../src/modules/attendance/attendance-queues';
import { runSql } from '../../src/modules/attendance/attendance-sql';
import { rebuildSummaries } from '../../src/modules/attendance/attendance-summary';
import { triggerResponseCtes } from '../../src/modules/attendance/attendance-totals';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { INDICATORS_QUERY, indicatorData, totals } from './support';

/*
 * Indicator 12 (TRIGGERED_WITH_TIMELY_ACTION) on hand-built data. The school year starts Monday
 * 2026-08-24; every weekday is a school day (tests/indicators/support.ts); today is 2026-10-15.
 * School days by number: 08-24 = 1, 08-26 = 3, 08-28 = 5, 09-04 = 10, 09-09 = 13, 09-11 = 15,
 * 09-14 = 16, 09-16 = 18, 09-18 = 20, 09-22 = 22, 09-28 = 26, 09-30 = 28, 10-06 = 32, 10-13 = 37,
 * 10-14 = 38, 10-15 = 39. Default settings: at risk at 5% absent and chronic at 10% once enrolled
 * 10 days; 2 absences in month one (to 09-23) or 4 in months one and two (to 10-23) trigger early.
 * The window is the trigger day and the next 10 school days.
 *
 * Students (A = Alpha, B = Beta), all grade 4 unless said:
 * - P1 at A: absent 09-01 (day 7, not yet rated); day 10 (09-04) 1/10 = 10% -> trigger 09-04, window
 *   to 09-18; action 09-10: on time. (By day 21 the rate is under 5%: the trigger still happened.)
 * - P2 at A: absent 08-25, 08-26 -> month one, trigger 08-26, window to 09-09; action 09-10: late.
 * - P3 at A: absent 09-14 (day 16: 1/16 = 6.3%, any absence up to day 20 is 5%) -> trigger 09-14, window
 *   to 09-28; action 09-28: on the window's last day, on time.
 * - P4 at B: a case from 08-28 with an action that day; absent 09-21 (1/21 = 4.8%), 09-22 (2/22)
 *   -> trigger 09-22, window to 10-06; no action in it: late (the earlier action does not count).
 * - P5 at A 08-24..09-11, then at B (grade 5) from 09-14: absent at B 09-16 (1/18 = 5.6%) -> trigger
 *   09-16 at B, window to 09-30; action 09-18: on time. Counted at B, grade 5.
 * - P6 at A 08-24..09-30, then at B (grade 5) from 10-01: absent 08-27, 08-28 -> trigger 08-28 at A,
 *   window to 09-11; no action: late. Counted at A, grade 4, though at B today.
 * - P7 at B: absent 10-13 (1/37), 10-14 (2/38 = 5.3%) -> trigger 10-14, window to 10-28: still open
 *   today and no action: left out.
 * - P8 at A: absent 10-12 (1/36), 10-13 (2/37) -> trigger 10-13, window open; action 10-15: counted.
 * - P9 at A: absent 10-02 only (1/30 = 3.3%, then lower): never triggered.
 * - P10 at A from 10-08: absent 10-08, 10-09: 6 days enrolled (no rate), not month one, 2 < 4 in
 *   months one and two: never triggered.
 */
describe('attendance team indicator: triggered students with a timely action', () => {
  let app: TestApp;
  let token: string;
  const local: Record<string, string> = {};
  const schools: Record<string, string> = {};
  let yearId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    yearId = await indicatorData(app.ds).schoolYear();
    const a = await f.school({ name: 'Alpha School' });
    const b = await f.school({ name: 'Beta School' });
    schools.a = a.id;
    schools.b = b.id;
    const admin = await f.staff(StaffRole.DISTRICT_ADMIN);
    token = app.token(admin.id);

    const enroll = async (name: string, school: typeof a, entryDate: string, exitDate?: string) => {
      const s = await f.student(school, { localId: name }, { entryDate, ...(exitDate ? { exitDate } : {}) });
      local[s.id] = name;
      return s;
    };
    const transfer = (studentId: string, schoolId: string, entryDate: string) =>
      app.ds.query(`INSERT INTO enrollment (student_id, school_id, grade_level, entry_date) VALUES ($1, $2, 5, $3)`, [studentId, schoolId, entryDate]);
    const absent = async (studentId: string, schoolId: string, dates: string[]) => {
      for (const date of dates) {
        await app.ds.query(`INSERT INTO attendance_day (student_id, calendar_date, school_id, category) VALUES ($1, $2, $3, 'UNEXCUSED_ABSENCE')`, [studentId, date, schoolId]);
      }
    };
    const openCase = async (studentId: string, schoolId: string, openedOn: string): Promise<string> => {
      const [row] = await app.ds.query(
        `INSERT INTO attendance_case (student_id, school_id, school_year_id, tier, reason, owner_id, status, opened_on, opened_by)
         VALUES ($1, $2, $3, 2, 'test', $4, 'OPEN', $5, $4) RETURNING id`,
        [studentId, schoolId, yearId, admin.id, openedOn],
      );
      return row.id;
    };
    const action = (caseId: string, studentId: string, date: string) =>
      app.ds.query(
        `INSERT INTO attendance_action (case_id, student_id, type, action_date, staff_id, recorded_by) VALUES ($1, $2, 'PHONE_CALL_HOME', $3, $4, $4)`,
        [caseId, studentId, date, admin.id],
      );

    const p1 = await enroll('P1', a, '2026-08-24');
    await absent(p1.id, a.id, ['2026-09-01']);
    await action(await openCase(p1.id, a.id, '2026-09-10'), p1.id, '2026-09-10');

    const p2 = await enroll('P2', a, '2026-08-24');
    await absent(p2.id, a.id, ['2026-08-25', '2026-08-26']);
    await action(await openCase(p2.id, a.id, '2026-09-10'), p2.id, '2026-09-10');

    const p3 = await enroll('P3', a, '2026-08-24');
    await absent(p3.id, a.id, ['2026-09-14']);
    await action(await openCase(p3.id, a.id, '2026-09-28'), p3.id, '2026-09-28');

    const p4 = await enroll('P4', b, '2026-08-24');
    await action(await openCase(p4.id, b.id, '2026-08-28'), p4.id, '2026-08-28');
    await absent(p4.id, b.id, ['2026-09-21', '2026-09-22']);

    const p5 = await enroll('P5', a, '2026-08-24', '2026-09-11');
    await transfer(p5.id, b.id, '2026-09-14');
    await absent(p5.id, b.id, ['2026-09-16']);
    await action(await openCase(p5.id, b.id, '2026-09-18'), p5.id, '2026-09-18');

    const p6 = await enroll('P6', a, '2026-08-24', '2026-09-30');
    await transfer(p6.id, b.id, '2026-10-01');
    await absent(p6.id, a.id, ['2026-08-27', '2026-08-28']);

    const p7 = await enroll('P7', b, '2026-08-24');
    await absent(p7.id, b.id, ['2026-10-13', '2026-10-14']);

    const p8 = await enroll('P8', a, '2026-08-24');
    await absent(p8.id, a.id, ['2026-10-12', '2026-10-13']);
    await action(await openCase(p8.id, a.id, '2026-10-15'), p8.id, '2026-10-15');

    const p9 = await enroll('P9', a, '2026-08-24');
    await absent(p9.id, a.id, ['2026-10-02']);

    const p10 = await enroll('P10', a, '2026-10-08');
    await absent(p10.id, a.id, ['2026-10-08', '2026-10-09']);

    await rebuildSummaries(app.ds.manager);
  });
  afterAll(() => app.close());

  const KEY = 'TRIGGERED_WITH_TIMELY_ACTION';
  const run = async (variables: Record<string, unknown>) => {
    const response = await app.gql(INDICATORS_QUERY, { keys: [KEY], ...variables }, token);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const cells = (data: any) =>
    data.indicators[0].breakdown.map((c: any) => [c.school?.name ?? c.gradeLevel, c.cell.numerator, c.cell.denominator]);
  const drill = async (part: string, asOf?: string, scope?: Record<string, unknown>) => {
    const response = await app.gql(
      `query ($part: IndicatorPart!, $asOf: LocalDate, $scope: IndicatorScopeInput) {
        indicatorStudents(key: ${KEY}, part: $part, asOf: $asOf, scope: $scope, first: 50) { totalCount nodes { localId } }
      }`,
      { part, asOf, scope },
      token,
    );
    expect(response.errors).toBeUndefined();
    return response.data.indicatorStudents.nodes.map((n: any) => n.localId).sort();
  };

  it('finds the day each student first hit a trigger, and the end of their 10-school-day window', async () => {
    const rows = await app.ds.query(`
      WITH years AS (SELECT id AS year_id, start_date AS year_from, DATE '2026-10-15' AS up_to FROM school_year),
      ${triggerResponseCtes('years')}
      SELECT student_id, to_char(triggered_on, 'MM-DD') AS triggered, to_char(respond_by, 'MM-DD') AS respond_by,
             to_char(responded_on, 'MM-DD') AS responded, school_id, grade_level FROM att_trigger`);
    const byName = Object.fromEntries(
      rows.map((r: any) => [local[r.student_id], [r.triggered, r.respond_by, r.responded, r.school_id === schools.a ? 'A' : 'B', r.grade_level]]),
    );
    expect(byName).toEqual({
      P1: ['09-04', '09-18', '09-10', 'A', 4],
      P2: ['08-26', '09-09', null, 'A', 4],
      P3: ['09-14', '09-28', '09-28', 'A', 4],
      P4: ['09-22', '10-06', null, 'B', 4],
      P5: ['09-16', '09-30', '09-18', 'B', 5],
      P6: ['08-28', '09-11', null, 'A', 4],
      P7: ['10-14', '10-28', null, 'B', 4],
      P8: ['10-13', '10-27', '10-15', 'A', 4],
    });
  });

  it('agrees with the triggered-students queue: the trigger day is the first school day the queue lists the student (parity)', async () => {
    const days: string[] = (await app.ds.query(`SELECT to_char(calendar_date, 'YYYY-MM-DD') AS d FROM instructional_day WHERE calendar_date <= '2026-10-15' ORDER BY 1`)).map(
      (r: any) => r.d,
    );
    const firstListed: Record<string, string> = {};
    for (const day of days) {
      const listed = await runSql<{ studentId: string; schoolId: string }>(app.ds.manager, triggeredStudentsSql({ bySchool: false }, false), {
        fromDate: '2026-08-24',
        toDate: day,
      });
      for (const row of listed) firstListed[local[row.studentId]] ??= day.slice(5);
    }
    const rows = await app.ds.query(`
      WITH years AS (SELECT id AS year_id, start_date AS year_from, DATE '2026-10-15' AS up_to FROM school_year),
      ${triggerResponseCtes('years')}
      SELECT student_id, to_char(triggered_on, 'MM-DD') AS triggered FROM att_trigger`);
    expect(Object.fromEntries(rows.map((r: any) => [local[r.student_id], r.triggered]))).toEqual(firstListed);
  });

  it('counts triggered students acted on within 10 school days, where they were on the trigger day', async () => {
    const data = await run({ breakdown: 'SCHOOL' });
    // Denominator P1-P6 and P8 (P7's window is open with no action); numerator P1, P3, P5, P8. 4 of 7.
    expect(totals(data)[KEY]).toEqual([4, 7, 57.1]);
    // A: P1, P2, P3, P6, P8 (P6 triggered at A, now at B) -> 3/5; B: P4, P5 (triggered after moving to B) -> 1/2.
    expect(cells(data)).toEqual([
      ['Alpha School', 3, 5],
      ['Beta School', 1, 2],
    ]);
    // Grades on the trigger day: P5 was in grade 5 at B; P6, in grade 4 at A, is in grade 5 today but counts in 4.
    expect(cells(await run({ breakdown: 'GRADE' }))).toEqual([
      ['G4', 3, 6],
      ['G5', 1, 1],
    ]);
    expect(totals(await run({ scope: { schoolId: gid('School', schools.b) } }))[KEY]).toEqual([1, 2, 50]);
  });

  it('reads past dates as the data stood then: open windows wait, later actions do not count', async () => {
    // 09-08: P2 (window to 09-09), P6 (to 09-11) and P1 (to 09-18, action on 09-10) are all still in their windows
    // with no action yet: nobody counts.
    expect(totals(await run({ asOf: '2026-09-08' }))[KEY]).toEqual([0, 0, null]);
    // 09-11: P1 acted on 09-10 (in); P2's window closed 09-09 with no action in it (its 09-10 action is late);
    // P6's closes on 09-11 itself. 1 of 3.
    expect(totals(await run({ asOf: '2026-09-11' }))[KEY]).toEqual([1, 3, 33.3]);
    // 09-30: + P3 (action 09-28) and P5 (window closes 09-30, acted 09-18); P4's window is open to 10-06. 3 of 5.
    const september = await run({ asOf: '2026-09-30', breakdown: 'SCHOOL' });
    expect(totals(september)[KEY]).toEqual([3, 5, 60]);
    expect(cells(september)).toEqual([
      ['Alpha School', 2, 4],
      ['Beta School', 1, 1],
    ]);
  });

  it('drills into the students behind the numerator and denominator, today and in the past', async () => {
    expect(await drill('DENOMINATOR')).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P8']);
    expect(await drill('NUMERATOR')).toEqual(['P1', 'P3', 'P5', 'P8']);
    expect(await drill('DENOMINATOR', '2026-09-11')).toEqual(['P1', 'P2', 'P6']);
    expect(await drill('NUMERATOR', '2026-09-30', { schoolId: gid('School', schools.a) })).toEqual(['P1', 'P3']);
  });

  it('gives a weekly trend from the same rule, one statement for every point', async () => {
    const { data, errors } = await app.gql(`query { indicatorTrend(key: ${KEY}, interval: WEEK) { points { asOf cell { numerator denominator } } } }`, {}, token);
    expect(errors).toBeUndefined();
    // Week ends: 08-30 (P2, P6 in their windows): 0/0; 09-06: 0/0; 09-13: P1 in, P2 and P6 late: 1/3;
    // 09-20: + P3, P5 in their windows, P5 acted 09-18: 2/4; 09-27: P4 and P3 still open: 2/4;
    // 10-04: + P3 (09-28) -> 3/5, P4 open to 10-06; 10-11: + P4 late -> 3/6; 10-15: + P8 -> 4/7.
    expect(data.indicatorTrend.points.map((p: any) => [p.asOf.slice(5), p.cell.numerator, p.cell.denominator])).toEqual([
      ['08-30', 0, 0],
      ['09-06', 0, 0],
      ['09-13', 1, 3],
      ['09-20', 2, 4],
      ['09-27', 2, 4],
      ['10-04', 3, 5],
      ['10-11', 3, 6],
      ['10-15', 4, 7],
    ]);
  });

  it('suppresses the small cells in an export', async () => {
    const { data, errors } = await app.gql(`query { indicatorsCsv(keys: [${KEY}], breakdown: SCHOOL) }`, {}, token);
    expect(errors).toBeUndefined();
    const rows: Record<string, string>[] = parse(data.indicatorsCsv, { columns: true });
    expect(rows.map((r) => [r.cell, r.suppressed, r.numerator])).toEqual([
      ['Total', 'true', ''],
      ['Alpha School', 'true', ''],
      ['Beta School', 'true', ''],
    ]);
  });
});
