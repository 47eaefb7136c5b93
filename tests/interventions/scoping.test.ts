import { StaffRole } from '../../src/common/auth/roles';
import type { InterventionPlanEntity } from '../../src/modules/interventions/intervention-plan.entity';
import type { SchoolEntity } from '../../src/modules/schools/school.entity';
import type { StaffUserEntity } from '../../src/modules/staff/staff.entity';
import type { StudentEntity } from '../../src/modules/students/student.entity';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { USER_ERRORS, interventionFactories, ok } from './support';

const STUDENT = `query ($id: ID!) { student(id: $id) { id interventionPlans { id status } } }`;
const NODE = `query ($id: ID!) { node(id: $id) { id } }`;
const STUDENT_IDS = '{ students(first: 100) { nodes { id } } }';
const PLANS = `query ($filter: InterventionPlanFilter) { interventionPlans(filter: $filter, first: 100) { totalCount nodes { id student { id } } } }`;
const CLOSE = `mutation ($input: InterventionPlanCloseInput!) { interventionPlanClose(input: $input) { interventionPlan { id } ${USER_ERRORS} } }`;
const RECORD = `mutation ($input: ProgressPointRecordInput!) { progressPointRecord(input: $input) { progressPoint { id } ${USER_ERRORS} } }`;
const LOG = `mutation ($input: InterventionSessionLogInput!) { interventionSessionLog(input: $input) { session { id } ${USER_ERRORS} } }`;

describe('intervention scoping', () => {
  let app: TestApp;
  let f: ReturnType<typeof factories>;
  let fi: ReturnType<typeof interventionFactories>;
  let schoolA: SchoolEntity;
  let schoolB: SchoolEntity;
  let interventionist: StaffUserEntity;
  let teacherInterventionist: StaffUserEntity;
  let teacherNoCaseload: StaffUserEntity;
  let teacherWithCaseload: StaffUserEntity;
  let counselorA: StaffUserEntity;
  let counselorB: StaffUserEntity;
  let districtLead: StaffUserEntity;
  let student: StudentEntity;
  let plan: InterventionPlanEntity;

  beforeAll(async () => {
    app = await startTestApp();
    f = factories(app.ds);
    fi = interventionFactories(app.ds);
    schoolA = await f.school();
    schoolB = await f.school();
    interventionist = await f.staff(StaffRole.INTERVENTIONIST, [schoolA]);
    teacherInterventionist = await f.staff(StaffRole.TEACHER, [schoolA]);
    teacherNoCaseload = await f.staff(StaffRole.TEACHER, [schoolA]);
    teacherWithCaseload = await f.staff(StaffRole.TEACHER, [schoolA]);
    counselorA = await f.staff(StaffRole.COUNSELOR, [schoolA]);
    counselorB = await f.staff(StaffRole.COUNSELOR, [schoolB]);
    districtLead = await f.staff(StaffRole.DISTRICT_LEAD);
    student = await f.student(schoolA);
    await f.caseload(teacherWithCaseload, student);
    plan = await fi.plan(student, schoolA.id, interventionist);
  });
  afterAll(() => app.close());

  const as = (user: StaffUserEntity) => app.token(user.id);
  const sees = async (user: StaffUserEntity, id: string) => ok(await app.gql(NODE, { id }, as(user))).node !== null;

  it('the interventionist of an ACTIVE plan sees its student (student, students, node) with no caseload', async () => {
    const studentId = gid('Student', student.id);
    const read = ok(await app.gql(STUDENT, { id: studentId }, as(interventionist))).student;
    expect(read).toEqual({ id: studentId, interventionPlans: [{ id: gid('InterventionPlan', plan.id), status: 'ACTIVE' }] });
    expect(ok(await app.gql(STUDENT_IDS, {}, as(interventionist))).students.nodes).toEqual([{ id: studentId }]);
    expect(await sees(interventionist, gid('InterventionPlan', plan.id))).toBe(true);
  });

  it('so does a teacher who delivers a plan; a teacher without caseload or plan sees neither the student nor the plan', async () => {
    const other = await f.student(schoolA);
    const teacherPlan = await fi.plan(other, schoolA.id, teacherInterventionist);
    expect(await sees(teacherInterventionist, gid('Student', other.id))).toBe(true);
    expect(await sees(teacherInterventionist, gid('InterventionPlan', teacherPlan.id))).toBe(true);
    expect(await sees(teacherNoCaseload, gid('InterventionPlan', teacherPlan.id))).toBe(false);
    expect(await sees(teacherNoCaseload, gid('InterventionPlan', plan.id))).toBe(false);
    expect(await sees(teacherNoCaseload, gid('Student', student.id))).toBe(false);
  });

  it('plans, their progress points and sessions follow the student: caseload and school staff see them, others read null', async () => {
    const [point] = await app.ds.query(
      `INSERT INTO progress_point (plan_id, student_id, measured_on, score, recorded_by) VALUES ($1, $2, '2026-10-01', 45, $3) RETURNING id`,
      [plan.id, student.id, interventionist.id],
    );
    const logged = ok(await app.gql(LOG, { input: { date: '2026-10-01', minutes: 30, attendance: [{ planId: gid('InterventionPlan', plan.id), present: true }] } }, as(interventionist)));
    const ids = [gid('InterventionPlan', plan.id), gid('ProgressPoint', point.id), logged.interventionSessionLog.session.id];
    for (const id of ids) {
      for (const user of [teacherWithCaseload, counselorA, districtLead, interventionist]) expect({ id, seen: await sees(user, id) }).toEqual({ id, seen: true });
      for (const user of [teacherNoCaseload, counselorB]) expect({ id, seen: await sees(user, id) }).toEqual({ id, seen: false });
    }
  });

  it('interventionPlans lists only plans of visible students, with filters', async () => {
    const atB = await f.student(schoolB);
    const interventionistB = await f.staff(StaffRole.INTERVENTIONIST, [schoolB]);
    const planB = await fi.plan(atB, schoolB.id, interventionistB);
    const listed = async (user: StaffUserEntity, filter: Record<string, unknown> = {}) =>
      ok(await app.gql(PLANS, { filter }, as(user))).interventionPlans.nodes.map((n: { id: string }) => n.id);
    expect(await listed(counselorB)).toEqual([gid('InterventionPlan', planB.id)]);
    expect(await listed(counselorA)).not.toContain(gid('InterventionPlan', planB.id));
    expect(await listed(counselorA)).toContain(gid('InterventionPlan', plan.id));
    expect(await listed(districtLead, { schoolId: gid('School', schoolB.id) })).toEqual([gid('InterventionPlan', planB.id)]);
    expect(await listed(districtLead, { interventionistId: gid('StaffUser', interventionist.id), status: 'ACTIVE' })).toEqual([gid('InterventionPlan', plan.id)]);
    expect(await listed(teacherNoCaseload)).toEqual([]);
  });

  it('closing the plan ends the access it gave its interventionist', async () => {
    const other = await f.student(schoolA);
    const closing = await fi.plan(other, schoolA.id, interventionist, { customName: 'Closing soon' });
    expect(await sees(interventionist, gid('Student', other.id))).toBe(true);
    const closed = ok(await app.gql(CLOSE, {
      input: { id: gid('InterventionPlan', closing.id), expectedVersion: closing.version, status: 'COMPLETED', outcome: 'GOAL_MET' },
    }, as(counselorA)));
    expect(closed.interventionPlanClose.userErrors).toEqual([]);
    expect(await sees(interventionist, gid('Student', other.id))).toBe(false);
    expect(await sees(interventionist, gid('InterventionPlan', closing.id))).toBe(false);
    const record = ok(await app.gql(RECORD, { input: { planId: gid('InterventionPlan', closing.id), date: '2026-10-01', score: 50 } }, as(interventionist)));
    expect(record.progressPointRecord.userErrors.map((e: { code: string }) => e.code)).toEqual(['NOT_FOUND']);
  });
});

describe('no N+1: plans with dosage, progress and sessions in a student list', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const QUERY = `{ students(first: 20) { nodes { id
    interventionPlans { id name dosage(asOf: "2026-10-09") { sessionsPlanned sessionsDelivered minutesDelivered deliveredShare }
      progress { onTrack points { score } } intervention { name } interventionist { id } school { id }
      sessions(first: 3) { totalCount nodes { date minutes } } } } } }`;

  /** SQL statements the data source runs while serving one request. */
  async function statementsFor(token: string): Promise<{ count: number; data: any }> {
    const spy = jest.spyOn(app.ds.logger, 'logQuery');
    try {
      const response = await app.gql(QUERY, {}, token);
      expect(response.errors).toBeUndefined();
      return { count: spy.mock.calls.length, data: response.data };
    } finally {
      spy.mockRestore();
    }
  }

  it('20 students with 2 plans each cost the same number of statements as 2 students', async () => {
    const f = factories(app.ds);
    const fi = interventionFactories(app.ds);
    await fi.schoolYear();
    const small = await f.school();
    const large = await f.school();
    const interventionist = await f.staff(StaffRole.INTERVENTIONIST, [small, large]);
    const catalog = await fi.intervention();
    const populate = async (school: SchoolEntity, n: number) => {
      for (let i = 0; i < n; i++) {
        const s = await f.student(school);
        const plans = [
          await fi.plan(s, school.id, interventionist),
          await fi.plan(s, school.id, interventionist, { interventionId: catalog.id, customName: null }),
        ];
        for (const plan of plans) {
          await app.ds.query(`INSERT INTO progress_point (plan_id, student_id, measured_on, score, recorded_by) VALUES ($1, $2, '2026-10-01', 45, $3)`, [plan.id, s.id, interventionist.id]);
        }
      }
    };
    await populate(small, 2);
    await populate(large, 20);
    const adminSmall = await f.staff(StaffRole.SCHOOL_ADMIN, [small]);
    const adminLarge = await f.staff(StaffRole.SCHOOL_ADMIN, [large]);
    // Sessions for every plan at both schools (a group per school), so the session fields load rows.
    for (const [school, admin] of [[small, adminSmall], [large, adminLarge]] as const) {
      const planIds = (await app.ds.query('SELECT id FROM intervention_plan WHERE school_id = $1', [school.id])).map((r: { id: string }) => gid('InterventionPlan', r.id));
      for (const date of ['2026-09-30', '2026-10-02']) {
        const logged = ok(await app.gql(LOG, { input: { date, minutes: 30, attendance: planIds.map((planId: string) => ({ planId, present: true })) } }, app.token(admin.id)));
        expect(logged.interventionSessionLog.userErrors).toEqual([]);
      }
    }

    const few = await statementsFor(app.token(adminSmall.id));
    const many = await statementsFor(app.token(adminLarge.id));
    expect(few.data.students.nodes).toHaveLength(2);
    expect(many.data.students.nodes).toHaveLength(20);
    const plans = many.data.students.nodes.flatMap((s: any) => s.interventionPlans);
    expect(plans).toHaveLength(40);
    expect(plans.every((p: any) => p.sessions.totalCount === 2 && p.sessions.nodes.length === 2 && p.progress.points.length === 1)).toBe(true);
    expect(plans[0].dosage.sessionsDelivered).toBe(2);
    expect(many.count).toBe(few.count);
    expect(many.count).toBeLessThan(25);
  });
});
