import { StaffRole } from '../../src/common/auth/roles';
import { InterventionPlanOutcome, InterventionPlanStatus } from '../../src/modules/interventions/intervention-enums';
import type { InterventionPlanEntity } from '../../src/modules/interventions/intervention-plan.entity';
import type { SchoolEntity } from '../../src/modules/schools/school.entity';
import type { StaffUserEntity } from '../../src/modules/staff/staff.entity';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { USER_ERRORS, interventionFactories, ok } from './support';

const RECORD = `mutation ($input: ProgressPointRecordInput!) {
  progressPointRecord(input: $input) { progressPoint { id date score note aimLineValue meetsAimLine plan { id } } ${USER_ERRORS} } }`;
const PROGRESS = `query ($id: ID!) { node(id: $id) { ... on InterventionPlan {
  goal { direction }
  progress { onTrack aimLine { startDate startValue endDate endValue } points { date score aimLineValue meetsAimLine } } } } }`;

type UserErrors = { code: string; field: string[] }[];
const fieldsOf = (errors: UserErrors) => errors.map((e) => `${e.code} ${e.field.join('.')}`).sort();

/**
 * Plans here run from Monday 2026-09-14 with a goal of 40 -> 70 words correct per minute by
 * 2026-12-23: 100 days, so the aim line rises 0.3 a day (42.1 on 09-21, 43 on 09-24, 46 on 10-04,
 * 49 on 10-14).
 */
describe('progress monitoring', () => {
  let app: TestApp;
  let f: ReturnType<typeof factories>;
  let fi: ReturnType<typeof interventionFactories>;
  let school: SchoolEntity;
  let interventionist: StaffUserEntity;
  let otherInterventionist: StaffUserEntity;
  let teacher: StaffUserEntity;

  beforeAll(async () => {
    app = await startTestApp();
    f = factories(app.ds);
    fi = interventionFactories(app.ds);
    school = await f.school();
    interventionist = await f.staff(StaffRole.INTERVENTIONIST, [school]);
    otherInterventionist = await f.staff(StaffRole.INTERVENTIONIST, [school]);
    teacher = await f.staff(StaffRole.TEACHER, [school]);
  });
  afterAll(() => app.close());

  const as = (user: StaffUserEntity) => app.token(user.id);
  const newPlan = async (overrides: Partial<InterventionPlanEntity> = {}, who = interventionist) =>
    fi.plan(await f.student(school), school.id, who, { goalTargetDate: '2026-12-23', plannedEndDate: '2026-12-23', ...overrides });
  const record = async (plan: InterventionPlanEntity, date: string, score: number, user = interventionist) =>
    ok(await app.gql(RECORD, { input: { planId: gid('InterventionPlan', plan.id), date, score } }, as(user))).progressPointRecord;
  const progress = async (plan: InterventionPlanEntity) => ok(await app.gql(PROGRESS, { id: gid('InterventionPlan', plan.id) }, as(interventionist))).node;

  it('reports NOT_ENOUGH_DATA, then ON_TRACK, then MIXED as points come in, each against the aim line', async () => {
    const plan = await newPlan();
    const first = await record(plan, '2026-09-21', 45);
    expect(first.userErrors).toEqual([]);
    expect(first.progressPoint).toMatchObject({ date: '2026-09-21', score: 45, aimLineValue: 42.1, meetsAimLine: true, plan: { id: gid('InterventionPlan', plan.id) } });
    expect((await progress(plan)).progress.onTrack).toBe('NOT_ENOUGH_DATA');

    await record(plan, '2026-09-24', 44);
    expect((await progress(plan)).progress.onTrack).toBe('NOT_ENOUGH_DATA');
    await record(plan, '2026-10-04', 47);
    const onTrack = await progress(plan);
    expect(onTrack.progress).toEqual({
      onTrack: 'ON_TRACK',
      aimLine: { startDate: '2026-09-14', startValue: 40, endDate: '2026-12-23', endValue: 70 },
      points: [
        { date: '2026-09-21', score: 45, aimLineValue: 42.1, meetsAimLine: true },
        { date: '2026-09-24', score: 44, aimLineValue: 43, meetsAimLine: true },
        { date: '2026-10-04', score: 47, aimLineValue: 46, meetsAimLine: true },
      ],
    });
    await record(plan, '2026-10-14', 48.5); // below 49
    expect((await progress(plan)).progress.onTrack).toBe('MIXED');
  });

  it('reports NOT_RESPONDING after 4 points below the aim line', async () => {
    const plan = await newPlan();
    for (const [date, score] of [['2026-09-21', 41], ['2026-09-24', 42], ['2026-10-04', 44], ['2026-10-14', 45]] as const) {
      expect((await record(plan, date, score)).userErrors).toEqual([]);
    }
    expect((await progress(plan)).progress.onTrack).toBe('NOT_RESPONDING');
  });

  it('for a goal where lower is better, points at or under the line are on track', async () => {
    // 10 -> 0 incidents a week over 100 days: 0.1 a day (9.3 on 09-21, 9 on 09-24, 8 on 10-04).
    const plan = await newPlan({ goalMeasure: 'Office referrals per week', goalBaseline: 10, goalTarget: 0 });
    for (const [date, score] of [['2026-09-21', 9], ['2026-09-24', 9], ['2026-10-04', 6]] as const) await record(plan, date, score);
    const read = await progress(plan);
    expect(read.goal.direction).toBe('DECREASE');
    expect(read.progress.onTrack).toBe('ON_TRACK');
  });

  it('refuses a date outside the plan or after today, a second score on a date, and a closed plan, naming the field', async () => {
    const plan = await newPlan();
    expect(fieldsOf((await record(plan, '2026-09-11', 40)).userErrors)).toEqual(['INVALID input.date']);
    expect(fieldsOf((await record(plan, '2026-10-16', 40)).userErrors)).toEqual(['INVALID input.date']);
    const short = await newPlan({ plannedEndDate: '2026-10-02' });
    expect(fieldsOf((await record(short, '2026-10-05', 40)).userErrors)).toEqual(['INVALID input.date']);
    expect((await record(plan, '2026-10-01', 44)).userErrors).toEqual([]);
    expect(fieldsOf((await record(plan, '2026-10-01', 45)).userErrors)).toEqual(['DUPLICATE input.date']);
    const closed = await newPlan({ status: InterventionPlanStatus.COMPLETED, closedDate: '2026-10-09', outcome: InterventionPlanOutcome.GOAL_MET });
    expect(fieldsOf((await record(closed, '2026-10-01', 44, await f.staff(StaffRole.DISTRICT_ADMIN))).userErrors)).toEqual(['INVALID input.planId']);
    const [row] = await app.ds.query('SELECT count(*)::int AS count FROM progress_point WHERE plan_id = $1', [plan.id]);
    expect(row.count).toBe(1);
  });

  it('only the plan writers record progress: another interventionist is refused, a teacher is FORBIDDEN', async () => {
    const plan = await newPlan({}, otherInterventionist);
    expect(fieldsOf((await record(plan, '2026-10-01', 44)).userErrors)).toEqual(['NOT_FOUND input.planId']);
    const response = await app.gql(RECORD, { input: { planId: gid('InterventionPlan', plan.id), date: '2026-10-01', score: 44 } }, as(teacher));
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await record(plan, '2026-10-01', 44, otherInterventionist)).userErrors).toEqual([]);
  });
});
