import { StaffRole } from '../../src/common/auth/roles';
import { InterventionPlanOutcome, InterventionPlanStatus } from '../../src/modules/interventions/intervention-enums';
import type { InterventionPlanEntity } from '../../src/modules/interventions/intervention-plan.entity';
import type { SchoolEntity } from '../../src/modules/schools/school.entity';
import type { StaffUserEntity } from '../../src/modules/staff/staff.entity';
import type { StudentEntity } from '../../src/modules/students/student.entity';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { USER_ERRORS, dbId, interventionFactories, ok } from './support';

const LOG = `mutation ($input: InterventionSessionLogInput!) {
  interventionSessionLog(input: $input) {
    session { id date minutes note school { id } interventionist { id } loggedBy { id }
      attendance { present absenceReason plan { id } student { id } } }
    ${USER_ERRORS} } }`;
const CLOSE = `mutation ($input: InterventionPlanCloseInput!) { interventionPlanClose(input: $input) { interventionPlan { id status } ${USER_ERRORS} } }`;
const DOSAGE_FIELDS = 'asOf schoolDays sessionsPlanned sessionsDelivered sessionsMissed minutesPlanned minutesDelivered deliveredShare';
const PLAN_DOSAGE = `query ($id: ID!, $asOf: LocalDate) { node(id: $id) { ... on InterventionPlan { dosage(asOf: $asOf) { ${DOSAGE_FIELDS} } } } }`;
const PLAN_SESSIONS = `query ($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on InterventionPlan {
  sessions(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { date minutes } } } } }`;
const SESSION = `query ($id: ID!) { node(id: $id) { ... on InterventionSession { date attendance { student { id } present } } } }`;

type UserErrors = { code: string; field: string[] }[];
const fieldsOf = (errors: UserErrors) => errors.map((e) => `${e.code} ${e.field.join('.')}`).sort();

describe('group session logs and derived dosage', () => {
  let app: TestApp;
  let f: ReturnType<typeof factories>;
  let fi: ReturnType<typeof interventionFactories>;
  let school: SchoolEntity;
  let otherSchool: SchoolEntity;
  let interventionist: StaffUserEntity;
  let otherInterventionist: StaffUserEntity;
  let counselor: StaffUserEntity;
  let teacher: StaffUserEntity;
  let ana: StudentEntity;
  let ben: StudentEntity;
  let cy: StudentEntity;
  let planA: InterventionPlanEntity;
  let planB: InterventionPlanEntity;
  let planC: InterventionPlanEntity;

  beforeAll(async () => {
    app = await startTestApp();
    f = factories(app.ds);
    fi = interventionFactories(app.ds);
    // Every weekday of 2026-2027 is a school day except a district closure on Monday 2026-09-21.
    await fi.schoolYear(['2026-09-21']);
    school = await f.school();
    otherSchool = await f.school();
    interventionist = await f.staff(StaffRole.INTERVENTIONIST, [school]);
    otherInterventionist = await f.staff(StaffRole.INTERVENTIONIST, [school]);
    counselor = await f.staff(StaffRole.COUNSELOR, [school]);
    teacher = await f.staff(StaffRole.TEACHER, [school]);
    [ana, ben, cy] = [await f.student(school), await f.student(school), await f.student(school)];
    // Three plans of 3 sessions x 30 minutes a week from Monday 2026-09-14, one small group.
    planA = await fi.plan(ana, school.id, interventionist);
    planB = await fi.plan(ben, school.id, interventionist);
    planC = await fi.plan(cy, school.id, interventionist);
  });
  afterAll(() => app.close());

  const as = (user: StaffUserEntity) => app.token(user.id);
  const pid = (plan: InterventionPlanEntity) => gid('InterventionPlan', plan.id);
  const present = (plan: InterventionPlanEntity) => ({ planId: pid(plan), present: true });
  const absent = (plan: InterventionPlanEntity, absenceReason = 'STUDENT_ABSENT') => ({ planId: pid(plan), present: false, absenceReason });
  const log = async (input: Record<string, unknown>, user = interventionist) => ok(await app.gql(LOG, { input }, as(user))).interventionSessionLog;
  const count = async (sql: string) => (await app.ds.query(sql))[0].count as number;
  const sessionCount = () => count('SELECT count(*)::int AS count FROM intervention_session');

  describe('interventionSessionLog', () => {
    it('logs one session for a group of 3 with one absent, in one transaction, audited per student', async () => {
      const payload = await log({ date: '2026-09-14', minutes: 30, note: 'Short vowels', attendance: [present(planA), absent(planB), present(planC)] });
      expect(payload.userErrors).toEqual([]);
      expect(payload.session).toMatchObject({
        date: '2026-09-14',
        minutes: 30,
        note: 'Short vowels',
        school: { id: gid('School', school.id) },
        interventionist: { id: gid('StaffUser', interventionist.id) },
        loggedBy: { id: gid('StaffUser', interventionist.id) },
      });
      expect(payload.session.attendance).toEqual(
        expect.arrayContaining([
          { present: true, absenceReason: null, plan: { id: pid(planA) }, student: { id: gid('Student', ana.id) } },
          { present: false, absenceReason: 'STUDENT_ABSENT', plan: { id: pid(planB) }, student: { id: gid('Student', ben.id) } },
          { present: true, absenceReason: null, plan: { id: pid(planC) }, student: { id: gid('Student', cy.id) } },
        ]),
      );
      expect(payload.session.attendance).toHaveLength(3);
      const rows = await app.ds.query(
        'SELECT plan_id, student_id, present, absence_reason FROM intervention_session_attendance WHERE session_id = $1 ORDER BY present, plan_id',
        [dbId(payload.session.id)],
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          { plan_id: planB.id, student_id: ben.id, present: false, absence_reason: 'STUDENT_ABSENT' },
          { plan_id: planA.id, student_id: ana.id, present: true, absence_reason: null },
        ]),
      );
      const audits = await app.ds.query(
        `SELECT student_id FROM audit_event WHERE action = 'intervention_session.attendance' AND request_id =
           (SELECT request_id FROM audit_event WHERE action = 'intervention_session.log' AND entity_id = $1)`,
        [dbId(payload.session.id)],
      );
      expect(audits.map((a: { student_id: string }) => a.student_id).sort()).toEqual([ana.id, ben.id, cy.id].sort());
    });

    it('refuses bad input with userErrors naming each field, and writes nothing', async () => {
      const before = await sessionCount();
      const payload = await log({
        date: '2026-09-14',
        minutes: 0,
        attendance: [{ planId: pid(planA), present: false }, present(planB), present(planA), { ...present(planC), absenceReason: 'OTHER' }],
      });
      expect(payload.session).toBeNull();
      expect(fieldsOf(payload.userErrors)).toEqual([
        'DUPLICATE input.attendance.2.planId',
        'INVALID input.attendance.0.absenceReason',
        'INVALID input.attendance.3.absenceReason',
        'INVALID input.minutes',
      ]);
      expect(fieldsOf((await log({ date: '2026-09-14', minutes: 241, attendance: [present(planA)] })).userErrors)).toEqual(['INVALID input.minutes']);
      // After today (2026-10-15), and before the plans started (2026-09-14).
      expect(fieldsOf((await log({ date: '2026-10-16', minutes: 30, attendance: [present(planA)] })).userErrors)).toEqual(['INVALID input.date']);
      expect(fieldsOf((await log({ date: '2026-09-11', minutes: 30, attendance: [present(planA), present(planB)] })).userErrors))
        .toEqual(['INVALID input.date', 'INVALID input.date']);
      expect(await sessionCount()).toBe(before);
    });

    it("an interventionist logs only for plans they deliver; a plan of another interventionist's group is refused", async () => {
      const dee = await f.student(school);
      const othersPlan = await fi.plan(dee, school.id, otherInterventionist);
      // Not visible to the interventionist at all: reads as missing.
      const unseen = await log({ date: '2026-10-01', minutes: 30, attendance: [present(planA), present(othersPlan)] });
      expect(fieldsOf(unseen.userErrors)).toEqual(['NOT_FOUND input.attendance.1.planId']);
      // Visible through a caseload, but not theirs to deliver.
      await f.caseload(interventionist, dee);
      const notTheirs = await log({ date: '2026-10-01', minutes: 30, attendance: [present(planA), present(othersPlan)] });
      expect(fieldsOf(notTheirs.userErrors)).toEqual(['FORBIDDEN input.attendance.1.planId']);
      // A counselor may log for any plan in scope, but a session has one interventionist.
      const mixed = await log({ date: '2026-10-01', minutes: 30, attendance: [present(planA), present(othersPlan)] }, counselor);
      expect(fieldsOf(mixed.userErrors)).toEqual(['INVALID input.attendance']);
      const teacherResponse = await app.gql(LOG, { input: { date: '2026-10-01', minutes: 30, attendance: [present(planA)] } }, as(teacher));
      expect(teacherResponse.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('the plans of a session meet at one school', async () => {
      const eli = await f.student(otherSchool);
      const elsewhere = await fi.plan(eli, otherSchool.id, interventionist);
      const payload = await log({ date: '2026-10-01', minutes: 30, attendance: [present(planA), present(elsewhere)] }, await f.staff(StaffRole.DISTRICT_ADMIN));
      expect(fieldsOf(payload.userErrors)).toEqual(['INVALID input.attendance']);
    });

    it('a plan that is not ACTIVE takes no more sessions', async () => {
      const fay = await f.student(school);
      const closed = await fi.plan(fay, school.id, interventionist, { status: InterventionPlanStatus.COMPLETED, closedDate: '2026-10-01', outcome: InterventionPlanOutcome.GOAL_MET });
      const payload = await log({ date: '2026-09-30', minutes: 30, attendance: [present(planA), present(closed)] }, counselor);
      expect(fieldsOf(payload.userErrors)).toEqual(['INVALID input.attendance.1.planId']);
    });
  });

  describe('dosage, pinned on a hand-built case', () => {
    /**
     * Plans A, B and C: 3 sessions x 30 minutes a week from Monday 2026-09-14. School days from
     * 09-14 to Friday 10-09: 5 + 4 (closed Monday 09-21) + 5 + 5 = 19.
     * Planned to 10-09: 3 x 19 / 5 = 11.4 sessions = 342 minutes.
     *
     * Sessions (09-14 was logged above: A present, B absent, C present):
     *   #  date   min  A        B        C
     *   1  09-14  30   present  ABSENT   present
     *   2  09-16  30   present  present  present
     *   3  09-18  30   present  present  present
     *   4  09-23  30   present  present  present
     *   5  09-25  30   ABSENT   present  present
     *   6  09-28  25   present  present  present
     *   7  09-30  30   present  present  present
     *   8  10-02  30   ABSENT   present  present   (then C is closed, COMPLETED on 10-02)
     *   9  10-05  30   present  present  -
     *  10  10-07  30   present  present  -
     *  11  10-09  30   present  present  -
     *  12  10-13  30   present  present  -         (after asOf 10-09: not counted)
     *
     * As of 10-09:
     *   A: delivered 9 (1-4, 6, 7, 9-11), missed 2, minutes 8 x 30 + 25 = 265, share 265 / 342 = 0.7749
     *   B: delivered 10 (2-11), missed 1, minutes 9 x 30 + 25 = 295, share 295 / 342 = 0.8626
     *   C: the window ends on its closed date 10-02: 5 + 4 + 5 = 14 school days, 3 x 14 / 5 = 8.4
     *      sessions = 252 minutes; delivered 8 (1-8), minutes 7 x 30 + 25 = 235, share 235 / 252 = 0.9325
     * As of today (10-15): A has 19 + 4 (10-12..10-15) = 23 school days: 13.8 sessions, 414 minutes;
     *   delivered 10, minutes 295, share 295 / 414 = 0.7126.
     */
    beforeAll(async () => {
      const sessions: [string, number, string[]][] = [
        ['2026-09-16', 30, ['A', 'B', 'C']],
        ['2026-09-18', 30, ['A', 'B', 'C']],
        ['2026-09-23', 30, ['A', 'B', 'C']],
        ['2026-09-25', 30, ['B', 'C']],
        ['2026-09-28', 25, ['A', 'B', 'C']],
        ['2026-09-30', 30, ['A', 'B', 'C']],
        ['2026-10-02', 30, ['B', 'C']],
      ];
      for (const [date, minutes, here] of sessions) {
        const attendance = [planA, planB, planC].map((plan, i) => (here.includes('ABC'[i]) ? present(plan) : absent(plan, 'STUDENT_UNAVAILABLE')));
        expect((await log({ date, minutes, attendance })).userErrors).toEqual([]);
      }
      const closed = ok(await app.gql(CLOSE, { input: { id: pid(planC), expectedVersion: 1, status: 'COMPLETED', outcome: 'GOAL_MET', closedDate: '2026-10-02' } }, as(counselor)));
      expect(closed.interventionPlanClose.userErrors).toEqual([]);
      for (const date of ['2026-10-05', '2026-10-07', '2026-10-09', '2026-10-13']) {
        expect((await log({ date, minutes: 30, attendance: [present(planA), present(planB)] })).userErrors).toEqual([]);
      }
    });

    const dosage = async (plan: InterventionPlanEntity, asOf?: string) => ok(await app.gql(PLAN_DOSAGE, { id: pid(plan), asOf }, as(counselor))).node.dosage;

    it('A, B and C as of 2026-10-09', async () => {
      expect(await dosage(planA, '2026-10-09')).toEqual({
        asOf: '2026-10-09', schoolDays: 19, sessionsPlanned: 11.4, sessionsDelivered: 9, sessionsMissed: 2, minutesPlanned: 342, minutesDelivered: 265, deliveredShare: 0.7749,
      });
      expect(await dosage(planB, '2026-10-09')).toEqual({
        asOf: '2026-10-09', schoolDays: 19, sessionsPlanned: 11.4, sessionsDelivered: 10, sessionsMissed: 1, minutesPlanned: 342, minutesDelivered: 295, deliveredShare: 0.8626,
      });
      expect(await dosage(planC, '2026-10-09')).toEqual({
        asOf: '2026-10-09', schoolDays: 14, sessionsPlanned: 8.4, sessionsDelivered: 8, sessionsMissed: 0, minutesPlanned: 252, minutesDelivered: 235, deliveredShare: 0.9325,
      });
    });

    it('asOf defaults to today; before the start nothing is planned', async () => {
      expect(await dosage(planA)).toEqual({
        asOf: '2026-10-15', schoolDays: 23, sessionsPlanned: 13.8, sessionsDelivered: 10, sessionsMissed: 2, minutesPlanned: 414, minutesDelivered: 295, deliveredShare: 0.7126,
      });
      expect(await dosage(planA, '2026-09-11')).toMatchObject({ schoolDays: 0, sessionsPlanned: 0, sessionsDelivered: 0, deliveredShare: null });
    });

    it("plan.sessions pages a plan's sessions newest first", async () => {
      const page = async (after?: string) => ok(await app.gql(PLAN_SESSIONS, { id: pid(planA), first: 5, after }, as(counselor))).node.sessions;
      const first = await page();
      expect(first.totalCount).toBe(12);
      expect(first.nodes.map((s: { date: string }) => s.date)).toEqual(['2026-10-13', '2026-10-09', '2026-10-07', '2026-10-05', '2026-10-02']);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = await page(first.pageInfo.endCursor);
      expect(second.nodes.map((s: { date: string }) => s.date)).toEqual(['2026-09-30', '2026-09-28', '2026-09-25', '2026-09-23', '2026-09-18']);
      const third = await page(second.pageInfo.endCursor);
      expect(third.nodes).toEqual([{ date: '2026-09-16', minutes: 30 }, { date: '2026-09-14', minutes: 30 }]);
      expect(third.pageInfo.hasNextPage).toBe(false);
    });

    it("a session shows only the students the viewer may see: C's closed plan no longer opens C to the interventionist", async () => {
      const [row] = await app.ds.query(`SELECT id FROM intervention_session WHERE session_date = '2026-09-16'`);
      const seen = async (user: StaffUserEntity) =>
        ok(await app.gql(SESSION, { id: gid('InterventionSession', row.id) }, as(user))).node?.attendance.map((a: { student: { id: string } }) => a.student.id).sort() ?? null;
      expect(await seen(counselor)).toEqual([ana, ben, cy].map((s) => gid('Student', s.id)).sort());
      expect(await seen(interventionist)).toEqual([ana, ben].map((s) => gid('Student', s.id)).sort());
      expect(await seen(teacher)).toBeNull();
    });
  });
});
