import autocannon from 'autocannon';
import { bodyProblem } from '../../bench/load';
import { OUR_PAGE_QUERY } from '../../bench/steps/nested-queries';
import { actionLogBodies, sessionGroups, sessionLogBodies, type OpenCase, type PlanRow } from '../../bench/steps/write-inputs';
import { DEMO_USERS } from '../../seeds/demo-users';
import { seedDemoDistrict } from '../../seeds/district';
import { currentSchoolYearStart } from '../../seeds/generate';
import { StaffRole } from '../../src/common/auth/roles';
import { gid } from '../support/factories';
import { startTestApp, TEST_TODAY, type TestApp } from '../support/test-app';

/**
 * Sustained mixed load on loopback: the pages the district's roles open all day (a school's
 * students with their tiers and plans, a student's record, the MTSS queues, the fidelity
 * indicators) interleaved with the writes they make (group intervention sessions, attendance team
 * actions), each write a different input under its own idempotency key. autocannon counts a 200
 * carrying `errors` as a success, so every body is checked here.
 */
const CONNECTIONS = 4;
/**
 * The run is bounded by a number of requests (a few seconds on PGlite, about one on PostgreSQL) and
 * by jest's timeout, not by autocannon's `duration`: at its deadline autocannon drops the requests
 * in flight, which the server would finish after the test had checked the database (and dropped it).
 * A count also makes every kind of request run the same number of times: each connection cycles
 * through the six kinds twice.
 */
const REQUESTS = CONNECTIONS * 6 * 2;

const STUDENT_PAGE = `query LoadStudent($id: ID!) {
  student(id: $id) {
    id givenName familyName gradeLevel
    tiers { domain tier since }
    tierHistory { domain tier startDate endDate }
    interventionPlans { id status domain tier interventionist { id familyName } }
    attendance { daysEnrolled daysAbsent chronicallyAbsent }
    attendanceCases { id status tier }
  }
}`;
const QUEUES = `query LoadQueues($school: ID!) {
  school(id: $school) {
    mtssQueues {
      flaggedWithoutPlan { kind domain reason student { id familyName } }
      plansPastReview { kind reason dueDate plan { id } student { id } }
      plansMissingProgress { kind reason dueDate plan { id } student { id } }
    }
  }
}`;
/** A school's dashboard card: indicators whose counts the writes below move. */
const INDICATORS = `query LoadIndicators($school: ID!) {
  indicators(scope: { schoolId: $school }, keys: [ACADEMIC_TIER23_WITH_PLAN, PLANS_SESSIONS_DELIVERED, CHRONIC_ABSENTEEISM_RATE, OPEN_CASES_WITH_RECENT_ACTION]) {
    indicator { key } total { available value numerator denominator }
  }
}`;

type Kind = 'studentsPage' | 'studentRecord' | 'queues' | 'indicators' | 'sessionLog' | 'actionLog';

describe('under sustained mixed load on loopback', () => {
  let app: TestApp;
  const token: Partial<Record<StaffRole, string>> = {};
  let schoolId: string;
  let studentIds: string[];
  let groups: ReturnType<typeof sessionGroups>;
  let cases: OpenCase[];

  beforeAll(async () => {
    app = await startTestApp();
    await app.ds.transaction((em) =>
      seedDemoDistrict(em, { students: 120, seed: 'load-test', schoolYearStartYear: currentSchoolYearStart(TEST_TODAY), asOf: TEST_TODAY }),
    );
    for (const role of [StaffRole.INTERVENTIONIST, StaffRole.COUNSELOR, StaffRole.SCHOOL_ADMIN, StaffRole.DISTRICT_LEAD]) {
      const [user] = await app.ds.query('SELECT id FROM staff_user WHERE email = $1', [DEMO_USERS[role].email]);
      token[role] = app.token(user.id);
    }
    // The school-based demo users work at the district's first school (by code).
    const [school] = await app.ds.query('SELECT id FROM school ORDER BY code LIMIT 1');
    schoolId = school.id;
    studentIds = (
      await app.ds.query(
        `SELECT student_id AS id FROM enrollment WHERE school_id = $1 AND entry_date <= $2 AND (exit_date IS NULL OR exit_date >= $2) ORDER BY student_id LIMIT 40`,
        [schoolId, TEST_TODAY],
      )
    ).map((r: { id: string }) => gid('Student', r.id));
    const plans: PlanRow[] = await app.ds.query(
      `SELECT p.id, p.interventionist_id AS "interventionistId", p.school_id AS "schoolId", p.start_date::text AS "startDate", p.planned_end_date::text AS "plannedEndDate"
         FROM intervention_plan p JOIN staff_user u ON u.id = p.interventionist_id
        WHERE p.status = 'ACTIVE' AND u.email = $1 ORDER BY p.school_id, p.id`,
      [DEMO_USERS[StaffRole.INTERVENTIONIST].email],
    );
    groups = sessionGroups(plans, TEST_TODAY);
    cases = await app.ds.query(
      `SELECT id, opened_on::text AS "openedOn" FROM attendance_case WHERE school_id = $1 AND status IN ('OPEN', 'MONITORING') AND opened_on <= $2 ORDER BY id`,
      [schoolId, TEST_TODAY],
    );
  }, 60_000);
  afterAll(() => app.close());

  it('answers every valid read and write cleanly: no non-2xx, no errors, no userErrors, no lost writes', async () => {
    expect(studentIds.length).toBeGreaterThan(0);
    expect(groups.length).toBeGreaterThan(0);
    expect(cases.length).toBeGreaterThan(0);

    const served: Record<Kind, number> = { studentsPage: 0, studentRecord: 0, queues: 0, indicators: 0, sessionLog: 0, actionLog: 0 };
    const problems: string[] = [];
    let nextKey = 0;
    let nextStudent = 0;
    const graphql = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });
    const nextSession = sessionLogBodies(groups, 11);
    const nextAction = actionLogBodies(cases, TEST_TODAY, 12);

    const request = (kind: Kind, role: StaffRole, body: () => string, isWrite = false): autocannon.Request => ({
      method: 'POST',
      path: '/graphql',
      setupRequest: (req) => ({
        ...req,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token[role]}`,
          // A retried write must not write twice; every request here is a new one.
          ...(isWrite ? { 'idempotency-key': `load-test:${++nextKey}` } : {}),
        },
        body: body(),
      }),
      onResponse: (status, responseBody) => {
        const problem = bodyProblem(status, responseBody, isWrite) ?? (responseBody.includes('"data":null') ? 'no data' : null);
        if (problem) problems.push(`${kind}: ${problem}: HTTP ${status} ${responseBody.slice(0, 300)}`);
        else served[kind]++;
      },
    });

    const result = await autocannon({
      url: app.baseUrl,
      connections: CONNECTIONS,
      amount: REQUESTS,
      timeout: 10,
      requests: [
        request('studentsPage', StaffRole.SCHOOL_ADMIN, () => graphql(OUR_PAGE_QUERY, { school: gid('School', schoolId), first: 25 })),
        request('studentRecord', StaffRole.COUNSELOR, () => graphql(STUDENT_PAGE, { id: studentIds[nextStudent++ % studentIds.length] })),
        request('sessionLog', StaffRole.INTERVENTIONIST, nextSession, true),
        request('queues', StaffRole.SCHOOL_ADMIN, () => graphql(QUEUES, { school: gid('School', schoolId) })),
        request('indicators', StaffRole.DISTRICT_LEAD, () => graphql(INDICATORS, { school: gid('School', schoolId) })),
        request('actionLog', StaffRole.SCHOOL_ADMIN, nextAction, true),
      ],
    });

    expect(problems.slice(0, 3)).toEqual([]);
    expect(result.non2xx).toBe(0);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    // Every kind of request was served at least once (named, so a failure says which).
    for (const kind of Object.keys(served) as Kind[]) expect([kind, served[kind] > 0]).toEqual([kind, true]);
    expect(result.requests.total).toBe(REQUESTS);
    // Every write acknowledged is in the database, once.
    const [written] = await app.ds.query(
      `SELECT (SELECT count(*)::int FROM intervention_session WHERE note LIKE 'bench session %') AS sessions,
              (SELECT count(DISTINCT note)::int FROM intervention_session WHERE note LIKE 'bench session %') AS "distinctSessions",
              (SELECT count(*)::int FROM attendance_action WHERE outcome LIKE 'bench outcome %') AS actions,
              (SELECT count(DISTINCT outcome)::int FROM attendance_action WHERE outcome LIKE 'bench outcome %') AS "distinctActions"`,
    );
    expect(written).toEqual({ sessions: served.sessionLog, distinctSessions: served.sessionLog, actions: served.actionLog, distinctActions: served.actionLog });
    process.stdout.write(
      `load test: ${result.requests.total} requests in ${result.duration} s (p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms) ${JSON.stringify(served)}\n`,
    );
  }, 30_000);
});
