import { StaffRole } from '../../src/common/auth/roles';
import { SchoolYearEntity } from '../../src/modules/calendar/calendar.entity';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

const PROFILE = `query ($id: ID!) {
  student(id: $id) {
    tierSuggestions { domain suggestedTier currentTier explanation rule { key } plan { id } }
    interventionPlans { id progress { onTrack } }
  }
}`;

describe('the "not responding" progress rule', () => {
  let app: TestApp;
  let studentId: string;
  let districtAdmin: string;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    await app.ds.manager.insert(SchoolYearEntity, { name: '2026-2027', startDate: '2026-08-24', endDate: '2027-06-11' });
    const school = await f.school();
    const staff = await f.staff(StaffRole.INTERVENTIONIST, [school]);
    admin = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [school])).id);
    districtAdmin = app.token((await f.staff(StaffRole.DISTRICT_ADMIN)).id);
    const student = await f.student(school);
    studentId = gid('Student', student.id);
    // Aim line from 20 (2026-09-01) to 60 (2026-12-01): about 0.44 a day.
    const [plan] = await app.ds.query(
      `INSERT INTO intervention_plan (student_id, school_id, custom_name, domain, tier, goal_measure, goal_baseline, goal_target, goal_target_date,
         interventionist_id, sessions_per_week, minutes_per_session, start_date, planned_end_date, review_date, created_by)
       VALUES ($1, $2, 'Fluency group', 'READING', 2, 'WCPM', 20, 60, '2026-12-01', $3, 3, 30, '2026-09-01', '2026-12-01', '2026-11-01', $3) RETURNING id`,
      [student.id, school.id, staff.id],
    );
    // Five points, all below the aim line (which is 26.6, 29.7, 32.9, 36, 39.1 on those days).
    for (const [date, score] of [['2026-09-15', 21], ['2026-09-22', 22], ['2026-09-29', 22], ['2026-10-06', 23], ['2026-10-13', 24]] as const) {
      await app.ds.query(`INSERT INTO progress_point (plan_id, student_id, measured_on, score, recorded_by) VALUES ($1, $2, $3, $4, $5)`, [plan.id, student.id, date, score, staff.id]);
    }
  });
  afterAll(() => app.close());

  it('flags a plan whose last points miss the aim line, and follows the district setting', async () => {
    const before = (await app.gql(PROFILE, { id: studentId }, admin)).data.student;
    expect(before.interventionPlans[0].progress.onTrack).toBe('NOT_RESPONDING');
    expect(before.tierSuggestions).toEqual([
      {
        domain: 'READING',
        suggestedTier: null,
        currentTier: 1,
        explanation: 'Not responding by rule "progress-not-responding": the last 4 progress points of the reading plan are below the aim line',
        rule: { key: 'progress-not-responding' },
        plan: { id: before.interventionPlans[0].id },
      },
    ]);

    const rules = (await app.gql('{ tierDecisionRules { id key version } }', {}, districtAdmin)).data.tierDecisionRules;
    const rule = rules.find((r: any) => r.key === 'progress-not-responding');
    const update = `mutation ($input: TierDecisionRuleUpdateInput!) { tierDecisionRuleUpdate(input: $input) { userErrors { field } } }`;
    await app.gql(update, { input: { id: rule.id, expectedVersion: rule.version, consecutivePoints: 6 } }, districtAdmin);
    const stricter = (await app.gql(PROFILE, { id: studentId }, admin)).data.student;
    expect(stricter.interventionPlans[0].progress.onTrack).toBe('MIXED');
    expect(stricter.tierSuggestions).toEqual([]);

    await app.gql(update, { input: { id: rule.id, expectedVersion: rule.version + 1, consecutivePoints: 5, active: false } }, districtAdmin);
    const off = (await app.gql(PROFILE, { id: studentId }, admin)).data.student;
    expect(off.tierSuggestions).toEqual([]);
  });

  it('keeps one progress rule active: switching an old one back on is refused while another is on', async () => {
    const list = async () => (await app.gql('{ tierDecisionRules { id key kind version active } }', {}, districtAdmin)).data.tierDecisionRules;
    const update = `mutation ($input: TierDecisionRuleUpdateInput!) { tierDecisionRuleUpdate(input: $input) { tierDecisionRule { active } userErrors { code field } } }`;
    const seeded = (await list()).find((r: any) => r.key === 'progress-not-responding');
    if (seeded.active) await app.gql(update, { input: { id: seeded.id, expectedVersion: seeded.version, active: false } }, districtAdmin);

    const create = `mutation ($input: TierDecisionRuleCreateInput!) { tierDecisionRuleCreate(input: $input) { tierDecisionRule { key } userErrors { code field } } }`;
    const created = await app.gql(create, { input: { key: 'progress-three-below', description: 'Three points below the aim line', kind: 'PROGRESS_BELOW_AIM_LINE', consecutivePoints: 3 } }, districtAdmin);
    expect(created.data.tierDecisionRuleCreate).toEqual({ tierDecisionRule: { key: 'progress-three-below' }, userErrors: [] });

    const old = (await list()).find((r: any) => r.key === 'progress-not-responding');
    const refused = await app.gql(update, { input: { id: old.id, expectedVersion: old.version, active: true } }, districtAdmin);
    expect(refused.data.tierDecisionRuleUpdate).toEqual({ tierDecisionRule: null, userErrors: [{ code: 'CONFLICT', field: ['input', 'active'] }] });
    expect((await list()).filter((r: any) => r.kind === 'PROGRESS_BELOW_AIM_LINE' && r.active).map((r: any) => r.key)).toEqual(['progress-three-below']);

    const fresh = (await list()).find((r: any) => r.key === 'progress-three-below');
    const toggled = await app.gql(update, { input: { id: fresh.id, expectedVersion: fresh.version, active: true } }, districtAdmin);
    expect(toggled.data.tierDecisionRuleUpdate).toEqual({ tierDecisionRule: { active: true }, userErrors: [] });

    // The database holds the rule too, for writes that race past the service's check.
    const [rule] = await app.ds.query(`SELECT key FROM tier_decision_rule WHERE key = 'progress-not-responding'`);
    expect(rule).toBeDefined();
    await expect(app.ds.query(`UPDATE tier_decision_rule SET active = true WHERE key = 'progress-not-responding'`)).rejects.toMatchObject({
      code: '23505',
      constraint: 'tier_decision_rule_one_active_progress_key',
    });
  });
});
