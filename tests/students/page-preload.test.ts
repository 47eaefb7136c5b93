import { Client } from 'pg';
import { parse, type FragmentDefinitionNode, type OperationDefinitionNode, type FieldNode } from 'graphql';
import { seedDemoDistrict } from '../../seeds/district';
import { currentSchoolYearStart } from '../../seeds/generate';
import { DEMO_USERS } from '../../seeds/demo-users';
import { StaffRole } from '../../src/common/auth/roles';
import { connectionNodeFields } from '../../src/common/graphql/selection';
import { gid } from '../support/factories';
import { startTestApp, TEST_TODAY, type TestApp } from '../support/test-app';

/**
 * A page of students loads its nodes' tiers, plans (with catalog intervention and interventionist)
 * and latest attendance action in the page's own statement and primes the request's loaders
 * (student-page-preload.ts). What a client gets must be exactly what the loaders' own statements
 * give: the same fields through `student(id)`, which never preloads, are the reference.
 */
const RELATIONS = `
  tiers { domain tier since placement { id domain tier startDate endDate reason decidedBy { id } } }
  onDate: tiers(asOf: "2026-09-15") { domain tier since }
  tierHistory { id domain tier startDate endDate reason }
  readingHistory: tierHistory(domain: READING) { id tier }
  interventionPlans {
    id customName name domain tier startDate plannedEndDate reviewDate status closedDate outcome discontinuedReason closeNote version
    goal { measure baseline target targetDate }
    schedule { sessionsPerWeek minutesPerSession }
    intervention { id name domain tiers delivery interventionClass minDosageMinutes maxDosageMinutes evidenceNote active version }
    interventionist { id email givenName familyName role }
  }
  activePlans: interventionPlans(status: ACTIVE) { id name }
  latestAttendanceAction { id type actionDate outcome nextStep nextStepDueDate staff { id } recordedBy { id } attendanceCase { id } }
`;
const PAGE = `query Page($school: ID!, $first: Int!, $after: String) {
  school(id: $school) { students(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { id ${RELATIONS} } } }
}`;
const ONE = `query One($id: ID!) { student(id: $id) { id ${RELATIONS} } }`;

describe('a page of students with its relations preloaded', () => {
  let app: TestApp;
  let token: string;
  let schoolId: string;

  beforeAll(async () => {
    app = await startTestApp();
    await app.ds.transaction((em) =>
      seedDemoDistrict(em, { students: 160, seed: 'preload', schoolYearStartYear: currentSchoolYearStart(TEST_TODAY), asOf: TEST_TODAY }),
    );
    const [lead] = await app.ds.query('SELECT id FROM staff_user WHERE email = $1', [DEMO_USERS[StaffRole.DISTRICT_LEAD].email]);
    token = app.token(lead.id);
    // The school with the most plans, so the page holds plans, tiers and actions.
    const [school] = await app.ds.query(`SELECT school_id AS id FROM intervention_plan GROUP BY school_id ORDER BY count(*) DESC, school_id LIMIT 1`);
    schoolId = school.id;
    // A custom plan (no catalog intervention) and a numeric goal with trailing zeros: the values
    // JSON alone would not carry through unchanged.
    const [plan] = await app.ds.query(`SELECT id FROM intervention_plan WHERE school_id = $1 ORDER BY id LIMIT 1`, [schoolId]);
    await app.ds.query(`UPDATE intervention_plan SET intervention_id = NULL, custom_name = 'Reading buddies', goal_baseline = 12.50, goal_target = 40.00 WHERE id = $1`, [plan.id]);
  }, 120_000);
  afterAll(() => app.close());

  it('answers every relation exactly as the loaders do, page after page', async () => {
    const seen = { students: 0, tiersAbove1: 0, plans: 0, customPlans: 0, actions: 0 };
    let after: string | null = null;
    type Page = { nodes: any[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    do {
      const page: { errors?: unknown; data?: { school: { students: Page } } } = await app.gql(PAGE, { school: gid('School', schoolId), first: 25, after }, token);
      expect(page.errors).toBeUndefined();
      const { nodes, pageInfo } = page.data!.school.students;
      for (const node of nodes) {
        const one = await app.gql(ONE, { id: node.id }, token);
        expect(one.errors).toBeUndefined();
        expect(node).toEqual(one.data.student);
        seen.students++;
        seen.tiersAbove1 += node.tiers.filter((t: { tier: number }) => t.tier > 1).length;
        seen.plans += node.interventionPlans.length;
        seen.customPlans += node.interventionPlans.filter((p: { intervention: unknown }) => p.intervention === null).length;
        seen.actions += node.latestAttendanceAction ? 1 : 0;
      }
      after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
    } while (after);
    // The comparison covered every kind of value, not an empty page.
    expect(seen.students).toBeGreaterThan(25);
    expect(seen.tiersAbove1).toBeGreaterThan(0);
    expect(seen.plans).toBeGreaterThan(1);
    expect(seen.customPlans).toBe(1);
    expect(seen.actions).toBeGreaterThan(0);
  });

  it('keeps the roster order with the relations in the statement as without them', async () => {
    const SCALARS = `query Page($school: ID!, $first: Int!, $after: String) {
      school(id: $school) { students(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { id } } }
    }`;
    const idsOf = async (query: string) => {
      const ids: string[] = [];
      let after: string | null = null;
      do {
        const page: { errors?: unknown; data?: { school: { students: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } } } =
          await app.gql(query, { school: gid('School', schoolId), first: 7, after }, token);
        expect(page.errors).toBeUndefined();
        ids.push(...page.data!.school.students.nodes.map((n) => n.id));
        after = page.data!.school.students.pageInfo.hasNextPage ? page.data!.school.students.pageInfo.endCursor : null;
      } while (after);
      return ids;
    };
    const plain = await idsOf(SCALARS);
    expect(plain.length).toBeGreaterThan(20);
    expect(await idsOf(PAGE)).toEqual(plain);
  });

  it('loads all the relations in the page\'s own statement', async () => {
    const statementsFor = async (query: string) => {
      const recorded: string[] = [];
      const original = Client.prototype.query;
      const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
        const config = args[0] as string | { text?: string };
        recorded.push(typeof config === 'string' ? config : (config?.text ?? ''));
        return (original as (...a: unknown[]) => unknown).apply(this, args) as never;
      });
      try {
        const response = await app.gql(query, { school: gid('School', schoolId), first: 25 }, token);
        expect(response.errors).toBeUndefined();
      } finally {
        spy.mockRestore();
      }
      return recorded.filter((text) => /^\s*(SELECT|WITH|INSERT)/i.test(text));
    };
    const scalarsOnly = await statementsFor(`query Page($school: ID!, $first: Int!) { school(id: $school) { students(first: $first) { nodes { id familyName } } } }`);
    // The bench's page (bench/steps/nested-queries.ts): what the preload covers, and nothing past it.
    const withRelations = await statementsFor(`query Page($school: ID!, $first: Int!) { school(id: $school) { students(first: $first) { nodes {
      id familyName tiers { domain tier since } tierHistory { id }
      interventionPlans(status: ACTIVE) { id name domain tier startDate interventionist { id givenName familyName } }
      latestAttendanceAction { type actionDate } } } } }`);
    // The relations ride in the page's own statement: no statement more than the scalars alone.
    expect(withRelations.length).toBe(scalarsOnly.length);
    const page = withRelations.filter((text) => text.includes('page_relation_0'));
    expect(page).toHaveLength(1);
    expect(page[0]).toContain('page_relation_2');
  });
});

describe('connectionNodeFields', () => {
  const infoOf = (document: string) => {
    const parsed = parse(document);
    const operation = parsed.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
    const fragments = Object.fromEntries(
      parsed.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((d) => [d.name.value, d]),
    );
    const students = (operation.selectionSet.selections[0] as FieldNode).selectionSet!.selections[0] as FieldNode;
    return { fieldNodes: [students], fragments };
  };

  it('names the fields of nodes and of edges { node }, by field name, through fragments', () => {
    const fields = connectionNodeFields(
      infoOf(`query { school(id: "x") { students {
        nodes { id t: tiers { tier } ... on Student { latestAttendanceAction { type } } }
        edges { cursor node { ...Plans } }
        pageInfo { hasNextPage }
      } } }
      fragment Plans on Student { interventionPlans { id } ... { familyName } }`),
    );
    expect([...fields].sort()).toEqual(['familyName', 'id', 'interventionPlans', 'latestAttendanceAction', 'tiers']);
  });

  it('names nothing when only the page itself is asked', () => {
    expect(connectionNodeFields(infoOf(`query { school(id: "x") { students { totalCount pageInfo { endCursor } } } }`)).size).toBe(0);
  });
});
