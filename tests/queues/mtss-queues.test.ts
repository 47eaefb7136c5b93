import { StaffRole } from '../../src/common/auth/roles';
import { SchoolYearEntity } from '../../src/modules/calendar/calendar.entity';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

const QUEUES = `query ($id: ID!) {
  school(id: $id) { mtssQueues {
    flaggedWithoutPlan { kind domain reason dueDate student { localId } plan { id } }
    plansPastReview { kind domain reason dueDate student { localId } plan { id } }
    plansMissingProgress { kind domain reason dueDate student { localId } plan { id } }
  } }
}`;

describe('MTSS queues', () => {
  let app: TestApp;
  let schoolId: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    await app.ds.manager.insert(SchoolYearEntity, { name: '2026-2027', startDate: '2026-08-24', endDate: '2027-06-11' });
    const school = await f.school();
    schoolId = gid('School', school.id);
    const admin = await f.staff(StaffRole.SCHOOL_ADMIN, [school]);
    const interventionist = await f.staff(StaffRole.INTERVENTIONIST, [school]);
    const teacher = await f.staff(StaffRole.TEACHER, [school]);
    tokens.admin = app.token(admin.id);
    tokens.teacher = app.token(teacher.id);
    const [year] = await app.ds.query(`SELECT id FROM school_year`);
    const student = async (localId: string) => f.student(school, { localId });
    const flaggedNoPlan = await student('FLAGGED1');
    const flaggedWithPlan = await student('PLANNED1');
    const fine = await student('FINE0001');
    const freshTier3 = await student('FRESH003');
    const staleTier3 = await student('STALE003');
    await f.caseload(teacher, flaggedNoPlan);

    const screen = (studentId: string, percentile: number) =>
      app.ds.query(
        `INSERT INTO screening_result (student_id, school_year_id, domain, screening_window, assessment, administered_on, score, percentile, recorded_by)
         VALUES ($1, $2, 'READING', 'FALL', 'Universal Reading Screener', '2026-09-10', 100, $3, $4)`,
        [studentId, year.id, percentile, admin.id],
      );
    await screen(flaggedNoPlan.id, 8);
    await screen(flaggedWithPlan.id, 8);
    await screen(fine.id, 50);
    const plan = (studentId: string, tier: number, start: string, review: string) =>
      app.ds.query(
        `INSERT INTO intervention_plan (student_id, school_id, custom_name, domain, tier, goal_measure, goal_baseline, goal_target, goal_target_date,
           interventionist_id, sessions_per_week, minutes_per_session, start_date, planned_end_date, review_date, created_by)
         VALUES ($1, $2, 'Reading group', 'READING', $3, 'WCPM', 20, 60, '2027-01-15', $4, 3, 30, $5, '2027-01-15', $6, $4) RETURNING id`,
        [studentId, school.id, tier, interventionist.id, start, review],
      );
    const [planned] = await plan(flaggedWithPlan.id, 2, '2026-09-01', '2026-10-01');
    await app.ds.query(`INSERT INTO progress_point (plan_id, student_id, measured_on, score, recorded_by) VALUES ($1, $2, '2026-09-20', 30, $3)`, [
      planned.id, flaggedWithPlan.id, interventionist.id,
    ]);
    await plan(freshTier3.id, 3, '2026-10-10', '2026-11-20');
    await plan(staleTier3.id, 3, '2026-09-30', '2026-11-10');
  });
  afterAll(() => app.close());

  it('lists flagged students without a plan, plans past review and plans missing progress, each with its reason', async () => {
    const { data, errors } = await app.gql(QUEUES, { id: schoolId }, tokens.admin);
    expect(errors).toBeUndefined();
    const queues = data.school.mtssQueues;
    expect(queues.flaggedWithoutPlan).toEqual([
      expect.objectContaining({ kind: 'FLAGGED_WITHOUT_PLAN', domain: 'READING', dueDate: '2026-09-10', student: { localId: 'FLAGGED1' }, plan: null }),
    ]);
    expect(queues.flaggedWithoutPlan[0].reason).toMatch(/Tier 3 candidate by rule "screening-below-10th".*no active plan in reading/);
    expect(queues.plansPastReview).toEqual([
      expect.objectContaining({ kind: 'PLAN_PAST_REVIEW', dueDate: '2026-10-01', student: { localId: 'PLANNED1' }, reason: 'Plan review was due 2026-10-01' }),
    ]);
    expect(queues.plansMissingProgress.map((i: any) => [i.student.localId, i.dueDate])).toEqual([
      ['PLANNED1', '2026-10-04'],
      ['STALE003', '2026-10-07'],
    ]);
    expect(queues.plansMissingProgress[1].reason).toBe('Tier 3 plans are monitored every week; no progress point since the plan began 2026-09-30');
    expect(queues.plansMissingProgress[0].plan).not.toBeNull();
  });

  it('shows a teacher only the students on their caseload', async () => {
    const { data } = await app.gql(QUEUES, { id: schoolId }, tokens.teacher);
    expect(data.school.mtssQueues.flaggedWithoutPlan.map((i: any) => i.student.localId)).toEqual(['FLAGGED1']);
    expect(data.school.mtssQueues.plansPastReview).toEqual([]);
  });
});
