import { StaffRole } from '../../src/common/auth/roles';
import { rebuildSummaries } from '../../src/modules/attendance/attendance-summary';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { INDICATORS_QUERY, indicatorData, totals } from './support';

/*
 * Attendance indicators 11, 13 and 14 on hand-built data. The school year starts Monday
 * 2026-08-24; every weekday is a school day (tests/indicators/support.ts); today is 2026-10-15.
 * School days: August 24-31 = 6, September = 22, October 1-15 = 11 (39 to 10-15); 09-04..09-30 = 19,
 * 09-04..10-15 = 30, 10-08..10-15 = 6. Settings are the defaults: chronic at >= 10%, rated from
 * 10 days enrolled, a case stale after 14 days without an action.
 *
 * Students (A = Alpha, B = Beta):
 * - S1 at A from 09-04; absent 09-10, 10-06, 10-07.
 * - S2 at A from 08-24; absent 09-14, 09-15, 09-16.
 * - S3 at A from 10-08; absent 10-08, 10-09, 10-12 (6 days enrolled: under the minimum).
 * - S4 at A 08-24..09-30 (absent 09-21, 09-22), then at B from 10-01 (absent 10-08, 10-09).
 * - S5 at B from 08-24; never absent.
 * Cases: C1 S1 at A opened 10-01, action 10-02; C2 S2 at A opened 09-15, action 09-16;
 * C3 S4 at A opened 09-25, closed 10-02, no action; C4 S5 at B opened 09-01, actions 09-02 and 10-14.
 */
describe('attendance indicators', () => {
  let app: TestApp;
  const ids: Record<string, string> = {};
  let token: string;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const yearId = await indicatorData(app.ds).schoolYear();
    const a = await f.school({ name: 'Alpha School' });
    const b = await f.school({ name: 'Beta School' });
    ids.a = gid('School', a.id);
    const admin = await f.staff(StaffRole.DISTRICT_ADMIN);
    token = app.token(admin.id);

    const s1 = await f.student(a, {}, { entryDate: '2026-09-04' });
    const s2 = await f.student(a, {}, { entryDate: '2026-08-24' });
    const s3 = await f.student(a, {}, { entryDate: '2026-10-08' });
    const s4 = await f.student(a, {}, { entryDate: '2026-08-24', exitDate: '2026-09-30' });
    await app.ds.query(`INSERT INTO enrollment (student_id, school_id, grade_level, entry_date) VALUES ($1, $2, 4, '2026-10-01')`, [s4.id, b.id]);
    const s5 = await f.student(b, {}, { entryDate: '2026-08-24' });

    const absent = async (studentId: string, schoolId: string, dates: string[]) => {
      for (const date of dates) {
        await app.ds.query(`INSERT INTO attendance_day (student_id, calendar_date, school_id, category) VALUES ($1, $2, $3, 'UNEXCUSED_ABSENCE')`, [studentId, date, schoolId]);
      }
    };
    await absent(s1.id, a.id, ['2026-09-10', '2026-10-06', '2026-10-07']);
    await absent(s2.id, a.id, ['2026-09-14', '2026-09-15', '2026-09-16']);
    await absent(s3.id, a.id, ['2026-10-08', '2026-10-09', '2026-10-12']);
    await absent(s4.id, a.id, ['2026-09-21', '2026-09-22']);
    await absent(s4.id, b.id, ['2026-10-08', '2026-10-09']);
    await rebuildSummaries(app.ds.manager);

    const openCase = async (studentId: string, schoolId: string, openedOn: string, closedOn: string | null = null): Promise<string> => {
      const [row] = await app.ds.query(
        `INSERT INTO attendance_case (student_id, school_id, school_year_id, tier, reason, owner_id, status, opened_on, opened_by, closed_on, outcome)
         VALUES ($1, $2, $3, 3, 'test', $4, $5, $6, $4, $7, $8) RETURNING id`,
        [studentId, schoolId, yearId, admin.id, closedOn ? 'CLOSED' : 'OPEN', openedOn, closedOn, closedOn ? 'IMPROVED' : null],
      );
      return row.id;
    };
    const action = (caseId: string, studentId: string, date: string) =>
      app.ds.query(
        `INSERT INTO attendance_action (case_id, student_id, type, action_date, staff_id, recorded_by) VALUES ($1, $2, 'PHONE_CALL_HOME', $3, $4, $4)`,
        [caseId, studentId, date, admin.id],
      );
    const c1 = await openCase(s1.id, a.id, '2026-10-01');
    await action(c1, s1.id, '2026-10-02');
    const c2 = await openCase(s2.id, a.id, '2026-09-15');
    await action(c2, s2.id, '2026-09-16');
    await openCase(s4.id, a.id, '2026-09-25', '2026-10-02');
    const c4 = await openCase(s5.id, b.id, '2026-09-01');
    await action(c4, s5.id, '2026-09-02');
    await action(c4, s5.id, '2026-10-14');
  });
  afterAll(() => app.close());

  const run = async (variables: Record<string, unknown>) => {
    const response = await app.gql(INDICATORS_QUERY, { keys: ['CHRONIC_ABSENTEEISM_RATE', 'CHRONICALLY_ABSENT_WITH_CASE', 'OPEN_CASES_WITH_RECENT_ACTION'], ...variables }, token);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const bySchool = (data: any, key: string) =>
    data.indicators.find((r: any) => r.indicator.key === key).breakdown.map((c: any) => [c.school.name, c.cell.numerator, c.cell.denominator]);

  it('computes the chronic absenteeism rate as of today: 10.0% is chronic, short enrollments are left out, a transfer counts where enrolled', async () => {
    const data = await run({ breakdown: 'SCHOOL' });
    // S1 3/30 = 10.0% chronic; S2 3/39 = 7.7% no; S3 6 days (< 10) not counted; S4 (2 + 2)/(28 + 11) = 4/39 = 10.3% chronic,
    // counted at B where enrolled on 10-15; S5 0/39 no. 2 of 4 = 50%.
    expect(totals(data).CHRONIC_ABSENTEEISM_RATE).toEqual([2, 4, 50]);
    const rate = data.indicators.find((r: any) => r.indicator.key === 'CHRONIC_ABSENTEEISM_RATE');
    expect(rate.indicator).toMatchObject({ target: 13, direction: 'LOWER_IS_BETTER' });
    expect(rate.total).toMatchObject({ target: 13, meetsTarget: false, suppressed: false });
    // A: S1 yes, S2 no (S3 out) = 1/2; B: S4 yes, S5 no = 1/2.
    expect(bySchool(data, 'CHRONIC_ABSENTEEISM_RATE')).toEqual([
      ['Alpha School', 1, 2],
      ['Beta School', 1, 2],
    ]);
  });

  it('computes the rate as of a past date from what the data said then', async () => {
    const data = await run({ asOf: '2026-09-30', breakdown: 'SCHOOL' });
    // On 09-30: S1 1/19 = 5.3% no; S2 3/28 = 10.7% chronic; S3 not yet enrolled; S4 at A 2/28 = 7.1% no; S5 0/28 no. 1 of 4 = 25%.
    expect(totals(data).CHRONIC_ABSENTEEISM_RATE).toEqual([1, 4, 25]);
    // S4 still at A on 09-30 (exit date included): A = S1, S2, S4 -> 1/3; B = S5 -> 0/1.
    expect(bySchool(data, 'CHRONIC_ABSENTEEISM_RATE')).toEqual([
      ['Alpha School', 1, 3],
      ['Beta School', 0, 1],
    ]);
  });

  it('counts chronically absent students with a case open on the date', async () => {
    // 10-15: chronic S1 (C1 open: yes) and S4 (C3 closed 10-02: no) = 1/2.
    expect(totals(await run({})).CHRONICALLY_ABSENT_WITH_CASE).toEqual([1, 2, 50]);
    // 09-30: chronic S2 only, C2 open since 09-15 = 1/1.
    expect(totals(await run({ asOf: '2026-09-30' })).CHRONICALLY_ABSENT_WITH_CASE).toEqual([1, 1, 100]);
    // 09-14: S2 had 0 absences by then, nobody chronic: 0/0, no value.
    expect(totals(await run({ asOf: '2026-09-14' })).CHRONICALLY_ABSENT_WITH_CASE).toEqual([0, 0, null]);
  });

  it('counts open cases with an action in the last 14 days, as of the date', async () => {
    const today = await run({ breakdown: 'SCHOOL' });
    // 10-15 (window from 10-01): C1 last action 10-02 yes; C2 last 09-16 no; C3 closed; C4 last 10-14 yes. 2 of 3.
    expect(totals(today).OPEN_CASES_WITH_RECENT_ACTION).toEqual([2, 3, 66.7]);
    expect(bySchool(today, 'OPEN_CASES_WITH_RECENT_ACTION')).toEqual([
      ['Alpha School', 1, 2],
      ['Beta School', 1, 1],
    ]);
    // 09-30 (window from 09-16): C1 not yet opened; C2 action 09-16 (on the edge) yes; C3 opened 09-25, no action yet, in its
    // grace yes; C4's 10-14 action is after the date, its last by then is 09-02: no. 2 of 3.
    expect(totals(await run({ asOf: '2026-09-30' })).OPEN_CASES_WITH_RECENT_ACTION).toEqual([2, 3, 66.7]);
  });
});
