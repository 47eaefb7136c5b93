import { StaffRole } from '../../src/common/auth/roles';
import { buildContext, type ViewerContext } from '../../src/context';
import { createLogger } from '../../src/logger';
import { interventionDosageService } from '../../src/modules/interventions/dosage.service';
import { meetsAimLine } from '../../src/modules/interventions/progress-rule';
import { meetsAimLineSql } from '../../src/modules/indicators/families/plans';
import { factories } from '../support/factories';
import { TEST_TODAY, startTestApp, type TestApp } from '../support/test-app';
import { INDICATORS_QUERY, indicatorData, totals } from './support';

/*
 * Plan indicators (3-7) on hand-built data. Every weekday is a school day. All plans are 3 sessions
 * a week of 30 minutes with the goal 20 -> 60 by 2027-01-15 unless said; today is 2026-10-15.
 *
 *   X  P1 reading T2, from Mon 09-14, review 10-05: 13 sessions (M/W/F 09-14..10-12), attended 12;
 *      points 09-21 = 23, 09-28 = 25, 10-09 = 29; discussed at the MTSS meeting of 09-30
 *   Y  P2 math T3, 5 a week, from 09-14, review 10-08: attended 10 sessions (09-14..09-25);
 *      points 09-21 = 23, 09-28 = 24, 10-05 = 30; discussed only on 09-20 (too early)
 *   Z  P3 reading T2, from 10-01, review 12-01: attended 2 sessions (10-05, 10-07); no points
 *   T  P4 math T2, from 09-14, review 10-12, a falling goal 20 -> 4: no sessions;
 *      points 09-21 = 19, 09-28 = 18, 10-05 = 17; a decision on the plan at the SST meeting of 10-12
 *   W  P5 reading T2, from 09-01, review 10-10, closed 10-10 (on its review date)
 *   V  P6 social-emotional: not an academic plan, in none of these
 *
 * School days from 09-14 to 10-15: 5 weeks minus Fri 10-16 = 24; from 10-01: 11.
 */
describe('plan indicators', () => {
  let app: TestApp;
  let token: string;
  const planIds: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const d = indicatorData(app.ds);
    await d.schoolYear();
    const a = await f.school();
    const admin = await f.staff(StaffRole.DISTRICT_ADMIN);
    token = app.token(admin.id);
    const by = await f.staff(StaffRole.INTERVENTIONIST, [a]);
    const [p1, p2, p3, p4, p5, p6] = await Promise.all(['P1', 'P2', 'P3', 'P4', 'P5', 'P6'].map((localId) => f.student(a, { localId })));
    planIds.X = await d.plan(p1, a, by, { start: '2026-09-14', review: '2026-10-05' });
    planIds.Y = await d.plan(p2, a, by, { domain: 'MATH', tier: 3, perWeek: 5, start: '2026-09-14', review: '2026-10-08' });
    planIds.Z = await d.plan(p3, a, by, { start: '2026-10-01', review: '2026-12-01' });
    planIds.T = await d.plan(p4, a, by, { domain: 'MATH', start: '2026-09-14', review: '2026-10-12', baseline: 20, target: 4 });
    planIds.W = await d.plan(p5, a, by, { start: '2026-09-01', review: '2026-10-10', closed: '2026-10-10' });
    planIds.V = await d.plan(p6, a, by, { domain: 'SOCIAL_EMOTIONAL', start: '2026-09-14', review: '2026-10-01' });

    const xDays = ['2026-09-14', '2026-09-16', '2026-09-18', '2026-09-21', '2026-09-23', '2026-09-25', '2026-09-28', '2026-09-30', '2026-10-02', '2026-10-05', '2026-10-07', '2026-10-09', '2026-10-12'];
    for (const [i, date] of xDays.entries()) await d.session(a, by, date, 30, [{ planId: planIds.X, student: p1, present: i !== 4 }]);
    for (const date of ['2026-09-14', '2026-09-15', '2026-09-16', '2026-09-17', '2026-09-18', '2026-09-21', '2026-09-22', '2026-09-23', '2026-09-24', '2026-09-25']) {
      await d.session(a, by, date, 30, [{ planId: planIds.Y, student: p2, present: true }]);
    }
    for (const date of ['2026-10-05', '2026-10-07']) await d.session(a, by, date, 30, [{ planId: planIds.Z, student: p3, present: true }]);

    for (const [date, score] of [['2026-09-21', 23], ['2026-09-28', 25], ['2026-10-09', 29]] as const) await d.point(planIds.X, p1, date, score, by);
    for (const [date, score] of [['2026-09-21', 23], ['2026-09-28', 24], ['2026-10-05', 30]] as const) await d.point(planIds.Y, p2, date, score, by);
    for (const [date, score] of [['2026-09-21', 19], ['2026-09-28', 18], ['2026-10-05', 17]] as const) await d.point(planIds.T, p4, date, score, by);

    await d.meeting(a, 'MTSS', '2026-09-30', admin, [p1]);
    await d.meeting(a, 'MTSS', '2026-09-20', admin, [p2]);
    const sst = await d.meeting(a, 'SST', '2026-10-12', admin);
    await app.ds.query(`INSERT INTO team_meeting_decision (meeting_id, student_id, kind, description, intervention_plan_id, recorded_by) VALUES ($1, $2, 'OTHER', 'Keep going', $3, $4)`, [
      sst, p4.id, planIds.T, admin.id,
    ]);
  });
  afterAll(() => app.close());

  const run = async (variables: Record<string, unknown>) => {
    const response = await app.gql(INDICATORS_QUERY, variables, token);
    expect(response.errors).toBeUndefined();
    return totals(response.data);
  };

  it('counts sessions, minutes, progress monitoring, progress to goal and reviews as of today', async () => {
    expect(await run({ keys: ['PLANS_SESSIONS_DELIVERED', 'PLAN_MINUTES_DELIVERED', 'PLANS_PROGRESS_MONITORED', 'PLANS_ON_TRACK', 'PLANS_REVIEWED_ON_TIME'] })).toEqual({
      // At least 4 weeks old and active: X, Y, T (Z is 14 days old, W closed).
      // X: planned 3 x 24 / 5 = 14.4, attended 12 >= 0.8 x 14.4 = 11.52: yes. Y: 5 x 24 / 5 = 24, 10 < 19.2. T: 0. 1 of 3.
      PLANS_SESSIONS_DELIVERED: [1, 3, 33.3],
      // Attended minutes: X 12 x 30 = 360, Y 300, Z 60, T 0 = 720. Planned: X 3 x 30 x 24 / 5 = 432,
      // Y 5 x 30 x 24 / 5 = 720, Z 3 x 30 x 11 / 5 = 198, T 432 = 1782. 720 / 1782 = 40.4%.
      PLAN_MINUTES_DELIVERED: [720, 1782, 40.4],
      // Active T2/3: X, Y, Z, T. X last point 10-09 + 14 = 10-23 >= 10-15 yes; Y (T3) 10-05 + 7 = 10-12 no;
      // Z none since its start 10-01 + 14 = 10-15 yes; T 10-05 + 14 = 10-19 yes. 3 of 4.
      PLANS_PROGRESS_MONITORED: [3, 4, 75],
      // With 3 points: X, Y, T. Aim line 20 -> 60 over 123 days (09-14 -> 01-15): 09-21 22.28, 09-28 24.55,
      // 10-05 26.83, 10-09 28.13. X 23, 25, 29 all meet; Y 24 < 24.55 misses; T (falling 20 -> 4):
      // 19 <= 19.09, 18 <= 18.18, 17 <= 17.27 all meet. 2 of 3.
      PLANS_ON_TRACK: [2, 3, 66.7],
      // Review dates passed this year while open: X 10-05, Y 10-08, W 10-10 (closed that day), T 10-12.
      // X discussed 09-30 (within 09-21..10-05) yes; Y only 09-20 (before 09-24) no; W closed on it yes;
      // T decision on the plan 10-12 yes. 3 of 4.
      PLANS_REVIEWED_ON_TIME: [3, 4, 75],
    });
  });

  it('gives the then-answer on a past date', async () => {
    expect(await run({ asOf: '2026-10-09', keys: ['PLANS_REVIEWED_ON_TIME', 'PLANS_PROGRESS_MONITORED'] })).toEqual({
      // Due before 10-09: X (reviewed), Y (not). 1 of 2.
      PLANS_REVIEWED_ON_TIME: [1, 2, 50],
      // Active on 10-09: X, Y, Z, T and W (closes 10-10). X: 09-28 + 14 = 10-12 yes (its 10-09 point counts too);
      // Y: 10-05 + 7 = 10-12 yes; Z: 10-15 yes; T: 10-19 yes; W: no point, 09-01 + 14 = 09-15 no. 4 of 5.
      PLANS_PROGRESS_MONITORED: [4, 5, 80],
    });
    // The last four weeks only: reviews due 09-18..10-14 are the same four.
    expect((await run({ keys: ['PLANS_REVIEWED_ON_TIME'], period: 'LAST_FOUR_WEEKS' })).PLANS_REVIEWED_ON_TIME).toEqual([3, 4, 75]);
  });

  it('agrees with the interventions module on dosage and progress to goal (parity)', async () => {
    const ctx = buildContext({ db: app.ds, viewer: null, today: TEST_TODAY, log: createLogger('silent') }) as ViewerContext;
    const ids = [planIds.X, planIds.Y, planIds.T];
    const dosage = await interventionDosageService.forPlans(ctx, ids, TEST_TODAY);
    const expected = ids.filter((id) => dosage.get(id)!.sessionsDelivered >= 0.8 * dosage.get(id)!.sessionsPlanned);
    expect(expected).toEqual([planIds.X]);
    const minutes = ids.map((id) => dosage.get(id)!.minutesPlanned);
    expect(minutes).toEqual([432, 720, 432]);

    // The aim-line rule in SQL and in TypeScript agree on a spread of goals and points.
    const cases: [number, number, string, string, number][] = [];
    for (const [baseline, target] of [[20, 60], [60, 20], [0, 1], [10.5, 10.75]]) {
      for (const offset of [-5, 0, 1, 17, 60, 123, 200]) {
        const date = new Date(Date.parse('2026-09-14T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);
        const expectedValue = baseline + ((target - baseline) * Math.min(Math.max(offset, 0), 123)) / 123;
        for (const delta of [-1, -0.01, 0, 0.01, 1]) cases.push([baseline, target, '2027-01-15', date, Math.round((expectedValue + delta) * 100) / 100]);
      }
    }
    const rows: { meets: boolean }[] = await app.ds.query(
      `SELECT ${meetsAimLineSql('p', 'q')} AS meets
         FROM unnest($1::numeric[], $2::numeric[], $3::date[], $4::date[], $5::numeric[]) WITH ORDINALITY
              AS c(goal_baseline, goal_target, goal_target_date, measured_on, score, n)
        CROSS JOIN LATERAL (SELECT c.goal_baseline, c.goal_target, c.goal_target_date, DATE '2026-09-14' AS start_date) p
        CROSS JOIN LATERAL (SELECT c.measured_on, c.score) q
        ORDER BY c.n`,
      [cases.map((c) => c[0]), cases.map((c) => c[1]), cases.map((c) => c[2]), cases.map((c) => c[3]), cases.map((c) => c[4])],
    );
    const ts = cases.map(([baseline, target, targetDate, date, score]) => meetsAimLine({ startDate: '2026-09-14', baseline, targetDate, target }, { date, score }));
    expect(rows.map((r) => r.meets)).toEqual(ts);
  });
});
