import { StaffRole } from '../../src/common/auth/roles';
import type { InterventionEntity } from '../../src/modules/interventions/intervention.entity';
import type { SchoolEntity } from '../../src/modules/schools/school.entity';
import type { StaffUserEntity } from '../../src/modules/staff/staff.entity';
import type { StudentEntity } from '../../src/modules/students/student.entity';
import { factories, gid } from '../support/factories';
import { startTestApp, TEST_TODAY, type TestApp } from '../support/test-app';
import { USER_ERRORS, dbId, interventionFactories, ok } from './support';

const PLAN_FIELDS = `id name customName domain tier status version startDate plannedEndDate reviewDate closedDate outcome discontinuedReason closeNote
  goal { measure baseline target targetDate direction } schedule { sessionsPerWeek minutesPerSession }
  school { id } interventionist { id } intervention { id } student { id }`;
const CREATE = `mutation ($input: InterventionPlanCreateInput!) { interventionPlanCreate(input: $input) { interventionPlan { ${PLAN_FIELDS} } ${USER_ERRORS} } }`;
const UPDATE = `mutation ($input: InterventionPlanUpdateInput!) { interventionPlanUpdate(input: $input) { interventionPlan { ${PLAN_FIELDS} } ${USER_ERRORS} } }`;
const CLOSE = `mutation ($input: InterventionPlanCloseInput!) { interventionPlanClose(input: $input) { interventionPlan { ${PLAN_FIELDS} } ${USER_ERRORS} } }`;
// Concurrent requests select scalar fields only: on the embedded PGlite, reads that queue behind
// another connection's transaction can interleave their protocol messages (see the module report).
const CREATE_SCALARS = `mutation ($input: InterventionPlanCreateInput!) { interventionPlanCreate(input: $input) { interventionPlan { id status } ${USER_ERRORS} } }`;
const UPDATE_SCALARS = `mutation ($input: InterventionPlanUpdateInput!) {
  interventionPlanUpdate(input: $input) { interventionPlan { id version schedule { minutesPerSession } } ${USER_ERRORS} } }`;
const LOG = `mutation ($input: InterventionSessionLogInput!) { interventionSessionLog(input: $input) { session { id } ${USER_ERRORS} } }`;

type UserErrors = { code: string; field: string[] }[];
const fieldsOf = (errors: UserErrors) => errors.map((e) => `${e.code} ${e.field.join('.')}`).sort();

describe('intervention plans', () => {
  let app: TestApp;
  let f: ReturnType<typeof factories>;
  let fi: ReturnType<typeof interventionFactories>;
  let north: SchoolEntity;
  let south: SchoolEntity;
  let districtAdmin: StaffUserEntity;
  let adminNorth: StaffUserEntity;
  let counselorNorth: StaffUserEntity;
  let counselorSouth: StaffUserEntity;
  let interventionist: StaffUserEntity;
  let otherInterventionist: StaffUserEntity;
  let interventionistSouth: StaffUserEntity;
  let teacherNorth: StaffUserEntity;
  let districtLead: StaffUserEntity;
  let catalog: InterventionEntity;

  beforeAll(async () => {
    app = await startTestApp();
    f = factories(app.ds);
    fi = interventionFactories(app.ds);
    north = await f.school();
    south = await f.school();
    districtAdmin = await f.staff(StaffRole.DISTRICT_ADMIN);
    districtLead = await f.staff(StaffRole.DISTRICT_LEAD);
    adminNorth = await f.staff(StaffRole.SCHOOL_ADMIN, [north]);
    counselorNorth = await f.staff(StaffRole.COUNSELOR, [north]);
    counselorSouth = await f.staff(StaffRole.COUNSELOR, [south]);
    interventionist = await f.staff(StaffRole.INTERVENTIONIST, [north]);
    otherInterventionist = await f.staff(StaffRole.INTERVENTIONIST, [north]);
    interventionistSouth = await f.staff(StaffRole.INTERVENTIONIST, [south]);
    teacherNorth = await f.staff(StaffRole.TEACHER, [north]);
    catalog = await fi.intervention({ name: 'Reading Mastery Test', tiers: [2, 3], recommendedSessionsPerWeek: 3, recommendedMinutesPerSession: 30, recommendedWeeks: 10 });
  });
  afterAll(() => app.close());

  const as = (user: StaffUserEntity) => app.token(user.id);
  const createInput = (student: StudentEntity, overrides: Record<string, unknown> = {}) => ({
    studentId: gid('Student', student.id),
    interventionId: gid('Intervention', catalog.id),
    tier: 2,
    goal: { measure: 'Words correct per minute', baseline: 42, target: 72 },
    interventionistId: gid('StaffUser', interventionist.id),
    startDate: '2026-09-14',
    ...overrides,
  });
  const create = async (user: StaffUserEntity, input: Record<string, unknown>) => ok(await app.gql(CREATE, { input }, as(user))).interventionPlanCreate;
  const planRow = async (id: string) => (await app.ds.query('SELECT status, version, tier, minutes_per_session FROM intervention_plan WHERE id = $1', [dbId(id)]))[0];

  describe('interventionPlanCreate', () => {
    it('a counselor creates a plan from the catalog: schedule, end, review and target dates default; the school is the one at the start', async () => {
      const student = await f.student(north);
      const payload = await create(counselorNorth, createInput(student));
      expect(payload.userErrors).toEqual([]);
      expect(payload.interventionPlan).toMatchObject({
        name: 'Reading Mastery Test',
        customName: null,
        domain: 'READING',
        tier: 2,
        status: 'ACTIVE',
        version: 1,
        startDate: '2026-09-14',
        plannedEndDate: '2026-11-22', // 10 weeks: 2026-09-14 + 69 days
        reviewDate: '2026-10-26', // 6 weeks after the start
        goal: { measure: 'Words correct per minute', baseline: 42, target: 72, targetDate: '2026-11-22', direction: 'INCREASE' },
        schedule: { sessionsPerWeek: 3, minutesPerSession: 30 },
        school: { id: gid('School', north.id) },
        interventionist: { id: gid('StaffUser', interventionist.id) },
        intervention: { id: gid('Intervention', catalog.id) },
        student: { id: gid('Student', student.id) },
        closedDate: null,
        outcome: null,
      });
      const [audit] = await app.ds.query(
        `SELECT actor_id, student_id FROM audit_event WHERE action = 'intervention_plan.create' AND entity_id = $1`,
        [dbId(payload.interventionPlan.id)],
      );
      expect(audit).toEqual({ actor_id: counselorNorth.id, student_id: student.id });
    });

    it('a custom plan needs a name and a domain; its goal can go down (lower is better)', async () => {
      const student = await f.student(north);
      const missing = await create(adminNorth, createInput(student, { interventionId: null, plannedEndDate: '2026-12-18' }));
      // Nor does it have a recommended schedule to default to.
      expect(fieldsOf(missing.userErrors)).toEqual([
        'INVALID input.domain',
        'INVALID input.interventionId',
        'INVALID input.minutesPerSession',
        'INVALID input.sessionsPerWeek',
      ]);
      const payload = await create(adminNorth, createInput(student, {
        interventionId: null,
        customName: 'Check-in/check-out',
        domain: 'SOCIAL_EMOTIONAL',
        tier: 2,
        sessionsPerWeek: 5,
        minutesPerSession: 10,
        plannedEndDate: '2026-12-18',
        goal: { measure: 'Office referrals per week', baseline: 4, target: 1 },
      }));
      expect(payload.userErrors).toEqual([]);
      expect(payload.interventionPlan).toMatchObject({ name: 'Check-in/check-out', intervention: null, domain: 'SOCIAL_EMOTIONAL', goal: { direction: 'DECREASE' } });
    });

    it('refuses bad input with every problem named by its field, and writes nothing', async () => {
      const student = await f.student(north);
      const before = (await app.ds.query('SELECT count(*)::int AS count FROM intervention_plan'))[0].count;
      const payload = await create(counselorNorth, createInput(student, {
        tier: 1, // the catalog intervention is for tiers 2-3
        domain: 'MATH', // it is a reading intervention
        customName: 'Also custom',
        sessionsPerWeek: 0,
        minutesPerSession: 500,
        plannedEndDate: '2026-09-01',
        reviewDate: '2026-09-01',
        goal: { measure: 'WCPM', baseline: 50, target: 50, targetDate: '2026-09-14' },
      }));
      expect(payload.interventionPlan).toBeNull();
      expect(fieldsOf(payload.userErrors)).toEqual([
        'INVALID input.customName',
        'INVALID input.domain',
        'INVALID input.goal.target',
        'INVALID input.goal.targetDate',
        'INVALID input.minutesPerSession',
        'INVALID input.plannedEndDate',
        'INVALID input.reviewDate',
        'INVALID input.sessionsPerWeek',
        'INVALID input.tier',
      ]);
      expect((await app.ds.query('SELECT count(*)::int AS count FROM intervention_plan'))[0].count).toBe(before);
    });

    it('the student must be enrolled on the start date, and the interventionist must deliver interventions at that school', async () => {
      const student = await f.student(north, {}, { entryDate: '2026-09-21' });
      const early = await create(counselorNorth, createInput(student));
      expect(fieldsOf(early.userErrors)).toEqual(['INVALID input.startDate']);
      const elsewhere = await create(counselorNorth, createInput(student, { startDate: '2026-09-21', interventionistId: gid('StaffUser', interventionistSouth.id) }));
      expect(fieldsOf(elsewhere.userErrors)).toEqual(['INVALID input.interventionistId']);
      const lead = await create(counselorNorth, createInput(student, { startDate: '2026-09-21', interventionistId: gid('StaffUser', districtLead.id) }));
      expect(fieldsOf(lead.userErrors)).toEqual(['INVALID input.interventionistId']);
    });

    it('a retired intervention cannot start a new plan', async () => {
      const retired = await fi.intervention({ active: false });
      const payload = await create(counselorNorth, createInput(await f.student(north), { interventionId: gid('Intervention', retired.id) }));
      expect(fieldsOf(payload.userErrors)).toEqual(['INVALID input.interventionId']);
    });

    it('who may create: out-of-scope students read as NOT_FOUND; a teacher or district lead is FORBIDDEN', async () => {
      const student = await f.student(north);
      const southCounselor = await create(counselorSouth, createInput(student));
      expect(southCounselor).toEqual({ interventionPlan: null, userErrors: [{ code: 'NOT_FOUND', field: ['input', 'studentId'], message: expect.any(String) }] });
      for (const user of [teacherNorth, districtLead]) {
        const response = await app.gql(CREATE, { input: createInput(student) }, as(user));
        expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      const admin = await create(districtAdmin, createInput(student));
      expect(admin.userErrors).toEqual([]);
    });

    it('an interventionist creates plans only that they deliver, for students in their scope', async () => {
      const onCaseload = await f.student(north);
      await f.caseload(interventionist, onCaseload);
      const notMine = await f.student(north);
      expect(fieldsOf((await create(interventionist, createInput(notMine, { interventionistId: undefined }))).userErrors)).toEqual(['NOT_FOUND input.studentId']);
      const forOther = await create(interventionist, createInput(onCaseload, { interventionistId: gid('StaffUser', otherInterventionist.id) }));
      expect(fieldsOf(forOther.userErrors)).toEqual(['FORBIDDEN input.interventionistId']);
      const own = await create(interventionist, createInput(onCaseload, { interventionistId: undefined }));
      expect(own.userErrors).toEqual([]);
      expect(own.interventionPlan.interventionist.id).toBe(gid('StaffUser', interventionist.id));
    });
  });

  describe('one ACTIVE plan per student and catalog intervention', () => {
    it('a second active plan with the same intervention is DUPLICATE; once the first is closed, a new one may start', async () => {
      const student = await f.student(north);
      const first = (await create(counselorNorth, createInput(student))).interventionPlan;
      const second = await create(adminNorth, createInput(student, { tier: 3, startDate: '2026-10-01' }));
      expect(second).toEqual({ interventionPlan: null, userErrors: [{ code: 'DUPLICATE', field: ['input', 'interventionId'], message: expect.any(String) }] });
      expect(second.userErrors[0].message).not.toMatch(/constraint|duplicate key/i);
      // Custom plans are not catalog interventions: two are fine.
      for (let i = 0; i < 2; i++) {
        const custom = await create(counselorNorth, createInput(student, { interventionId: null, customName: 'Reading buddy', domain: 'READING', plannedEndDate: '2026-12-18', sessionsPerWeek: 2, minutesPerSession: 15 }));
        expect(custom.userErrors).toEqual([]);
      }
      const closed = ok(await app.gql(CLOSE, { input: { id: first.id, expectedVersion: 1, status: 'DISCONTINUED', outcome: 'NO_PROGRESS', discontinuedReason: 'INSUFFICIENT_RESPONSE' } }, as(counselorNorth)));
      expect(closed.interventionPlanClose.userErrors).toEqual([]);
      const third = await create(adminNorth, createInput(student, { tier: 3, startDate: '2026-10-01' }));
      expect(third.userErrors).toEqual([]);
    });

    it('two concurrent creates of the same plan: exactly one is created, the other is DUPLICATE', async () => {
      const student = await f.student(north);
      const payloads = await Promise.all(
        [counselorNorth, adminNorth].map(async (user) => ok(await app.gql(CREATE_SCALARS, { input: createInput(student) }, as(user))).interventionPlanCreate),
      );
      expect(payloads.filter((p) => p.userErrors.length === 0)).toHaveLength(1);
      expect(payloads.flatMap((p) => p.userErrors)).toEqual([{ code: 'DUPLICATE', field: ['input', 'interventionId'], message: expect.any(String) }]);
      const [row] = await app.ds.query(`SELECT count(*)::int AS count FROM intervention_plan WHERE student_id = $1 AND status = 'ACTIVE'`, [student.id]);
      expect(row.count).toBe(1);
    });
  });

  describe('interventionPlanUpdate', () => {
    it('applies the change and bumps the version; a stale expectedVersion is CONFLICT and changes nothing', async () => {
      const student = await f.student(north);
      const plan = (await create(counselorNorth, createInput(student))).interventionPlan;
      const updated = ok(await app.gql(UPDATE, {
        input: { id: plan.id, expectedVersion: 1, tier: 3, minutesPerSession: 45, goal: { target: 80 }, reviewDate: '2026-11-02' },
      }, as(counselorNorth))).interventionPlanUpdate;
      expect(updated.userErrors).toEqual([]);
      expect(updated.interventionPlan).toMatchObject({ tier: 3, version: 2, reviewDate: '2026-11-02', schedule: { minutesPerSession: 45 }, goal: { baseline: 42, target: 80 } });

      const stale = ok(await app.gql(UPDATE, { input: { id: plan.id, expectedVersion: 1, tier: 2 } }, as(counselorNorth))).interventionPlanUpdate;
      expect(stale).toEqual({ interventionPlan: null, userErrors: [{ code: 'CONFLICT', field: ['input', 'expectedVersion'], message: expect.any(String) }] });
      expect(await planRow(plan.id)).toEqual({ status: 'ACTIVE', version: 2, tier: 3, minutes_per_session: 45 });
    });

    it('two concurrent updates from the same version: exactly one wins, the other gets CONFLICT', async () => {
      const student = await f.student(north);
      const plan = (await create(counselorNorth, createInput(student))).interventionPlan;
      const [a, b] = await Promise.all(
        [20, 40].map(async (minutesPerSession) =>
          ok(await app.gql(UPDATE_SCALARS, { input: { id: plan.id, expectedVersion: 1, minutesPerSession } }, as(adminNorth))).interventionPlanUpdate,
        ),
      );
      const winners = [a, b].filter((p) => p.userErrors.length === 0);
      const losers = [a, b].filter((p) => p.userErrors.length > 0);
      expect(winners).toHaveLength(1);
      expect(losers).toEqual([{ interventionPlan: null, userErrors: [{ code: 'CONFLICT', field: ['input', 'expectedVersion'], message: expect.any(String) }] }]);
      const row = await planRow(plan.id);
      expect(row.version).toBe(2);
      expect(row.minutes_per_session).toBe(winners[0].interventionPlan.schedule.minutesPerSession);
    });

    it("an interventionist changes only their own plans and cannot hand a plan to someone else; an admin can", async () => {
      const student = await f.student(north);
      const plan = (await create(counselorNorth, createInput(student, { interventionistId: gid('StaffUser', otherInterventionist.id) }))).interventionPlan;
      await f.caseload(interventionist, student);
      const notTheirs = ok(await app.gql(UPDATE, { input: { id: plan.id, expectedVersion: 1, tier: 3 } }, as(interventionist))).interventionPlanUpdate;
      expect(fieldsOf(notTheirs.userErrors)).toEqual(['FORBIDDEN input.id']);

      const handOff = ok(await app.gql(UPDATE, {
        input: { id: plan.id, expectedVersion: 1, interventionistId: gid('StaffUser', interventionist.id) },
      }, as(otherInterventionist))).interventionPlanUpdate;
      expect(fieldsOf(handOff.userErrors)).toEqual(['FORBIDDEN input.interventionistId']);

      const reassigned = ok(await app.gql(UPDATE, {
        input: { id: plan.id, expectedVersion: 1, interventionistId: gid('StaffUser', interventionist.id) },
      }, as(adminNorth))).interventionPlanUpdate;
      expect(reassigned.userErrors).toEqual([]);
      expect(reassigned.interventionPlan.interventionist.id).toBe(gid('StaffUser', interventionist.id));
      const own = ok(await app.gql(UPDATE, { input: { id: plan.id, expectedVersion: 2, tier: 3 } }, as(interventionist))).interventionPlanUpdate;
      expect(own.userErrors).toEqual([]);
    });

    it('the planned end cannot move before a logged session', async () => {
      const student = await f.student(north);
      const plan = (await create(counselorNorth, createInput(student))).interventionPlan;
      const logged = ok(await app.gql(LOG, { input: { date: '2026-10-01', minutes: 30, attendance: [{ planId: plan.id, present: true }] } }, as(counselorNorth)));
      expect(logged.interventionSessionLog.userErrors).toEqual([]);
      const payload = ok(await app.gql(UPDATE, { input: { id: plan.id, expectedVersion: 1, plannedEndDate: '2026-09-30' } }, as(counselorNorth))).interventionPlanUpdate;
      expect(fieldsOf(payload.userErrors)).toEqual(['INVALID input.plannedEndDate']);
    });
  });

  describe('interventionPlanClose', () => {
    it('DISCONTINUED needs a reason, the closed date cannot be in the future; COMPLETED closes it today by default', async () => {
      const student = await f.student(north);
      const plan = (await create(counselorNorth, createInput(student))).interventionPlan;
      const close = async (input: Record<string, unknown>) =>
        ok(await app.gql(CLOSE, { input: { id: plan.id, expectedVersion: 1, ...input } }, as(counselorNorth))).interventionPlanClose;

      expect(fieldsOf((await close({ status: 'DISCONTINUED', outcome: 'NO_PROGRESS' })).userErrors)).toEqual(['INVALID input.discontinuedReason']);
      expect(fieldsOf((await close({ status: 'COMPLETED', outcome: 'GOAL_MET', closedDate: '2026-10-16' })).userErrors)).toEqual(['INVALID input.closedDate']);
      expect(fieldsOf((await close({ status: 'COMPLETED', outcome: 'GOAL_MET', closedDate: '2026-09-13' })).userErrors)).toEqual(['INVALID input.closedDate']);
      expect(fieldsOf((await close({ status: 'COMPLETED', outcome: 'GOAL_MET', discontinuedReason: 'OTHER' })).userErrors)).toEqual(['INVALID input.discontinuedReason']);
      expect(fieldsOf((await close({ status: 'COMPLETED', outcome: 'GOAL_MET', expectedVersion: 0 })).userErrors)).toEqual(['CONFLICT input.expectedVersion']);

      const done = await close({ status: 'COMPLETED', outcome: 'GOAL_MET', note: 'Met the benchmark' });
      expect(done.userErrors).toEqual([]);
      expect(done.interventionPlan).toMatchObject({ status: 'COMPLETED', outcome: 'GOAL_MET', closedDate: TEST_TODAY, closeNote: 'Met the benchmark', discontinuedReason: null, version: 2 });

      const again = ok(await app.gql(CLOSE, { input: { id: plan.id, expectedVersion: 2, status: 'COMPLETED', outcome: 'GOAL_MET' } }, as(counselorNorth))).interventionPlanClose;
      expect(fieldsOf(again.userErrors)).toEqual(['INVALID input.id']);
      const update = ok(await app.gql(UPDATE, { input: { id: plan.id, expectedVersion: 2, tier: 3 } }, as(counselorNorth))).interventionPlanUpdate;
      expect(fieldsOf(update.userErrors)).toEqual(['INVALID input.id']);
    });

    it('a discontinued plan records its reason; the writes are audited with the student', async () => {
      const student = await f.student(north);
      const plan = (await create(adminNorth, createInput(student))).interventionPlan;
      const closed = ok(await app.gql(CLOSE, {
        input: { id: plan.id, expectedVersion: 1, status: 'DISCONTINUED', outcome: 'PROGRESS_MADE', discontinuedReason: 'STUDENT_LEFT', closedDate: '2026-10-09' },
      }, as(adminNorth))).interventionPlanClose;
      expect(closed.interventionPlan).toMatchObject({ status: 'DISCONTINUED', discontinuedReason: 'STUDENT_LEFT', outcome: 'PROGRESS_MADE', closedDate: '2026-10-09' });
      const actions = await app.ds.query('SELECT action FROM audit_event WHERE entity_id = $1 AND student_id = $2 ORDER BY id', [dbId(plan.id), student.id]);
      expect(actions.map((a: { action: string }) => a.action)).toEqual(['intervention_plan.create', 'intervention_plan.close']);
    });
  });
});
