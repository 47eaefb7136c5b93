import { getNamedType, isLeafType, isObjectType, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { StaffRole } from '../../src/common/auth/roles';
import { buildAppSchema, resolvers } from '../../src/schema';
import { factories, gid } from '../support/factories';
import { sampleCall } from '../support/sample-args';
import { startTestApp, type TestApp } from '../support/test-app';
import { MATRIX_ROLES, MUTATIONS, OBJECT_TYPES, QUERIES, RESTRICTED_FIELDS, type MatrixRole } from './authorization-matrix';

const isPlumbing = (name: string) => /(Connection|Edge|Payload)$/.test(name);

describe('the authorization matrix', () => {
  let schema: GraphQLSchema;
  let app: TestApp;
  const token: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    schema = await buildAppSchema();
    app = await startTestApp();
    const f = factories(app.ds);
    const school = await f.school();
    const other = await f.school();
    const staff: Partial<Record<MatrixRole, { id: string }>> = {};
    for (const role of Object.values(StaffRole)) {
      const district = role === StaffRole.DISTRICT_LEAD || role === StaffRole.DISTRICT_ADMIN;
      staff[role] = await f.staff(role, district ? [] : [school]);
    }
    staff.OTHER_SCHOOL = await f.staff(StaffRole.SCHOOL_ADMIN, [other]);
    for (const role of MATRIX_ROLES) token[role] = app.token(staff[role]!.id);

    // One student at the school, reachable by every role except the other school's admin.
    const student = await f.student(school, { localId: 'MATRIX01' });
    for (const role of [StaffRole.TEACHER, StaffRole.TUTOR]) await f.caseload(staff[role] as never, student);
    const [plan] = await app.ds.query(
      `INSERT INTO intervention_plan (student_id, school_id, custom_name, domain, tier, goal_measure, goal_baseline, goal_target, goal_target_date,
         interventionist_id, sessions_per_week, minutes_per_session, start_date, planned_end_date, review_date, created_by)
       VALUES ($1, $2, 'Reading group', 'READING', 2, 'WCPM', 20, 60, '2027-01-15', $3, 3, 30, '2026-09-01', '2027-01-15', '2026-11-01', $3) RETURNING id`,
      [student.id, school.id, staff.INTERVENTIONIST!.id],
    );
    const [placement] = await app.ds.query(
      `INSERT INTO tier_placement (student_id, domain, tier, start_date, reason, decided_by) VALUES ($1, 'READING', 2, '2026-09-20', 'x', $2) RETURNING id`,
      [student.id, staff.SCHOOL_ADMIN!.id],
    );
    const [meeting] = await app.ds.query(
      `INSERT INTO team_meeting (school_id, kind, held_on, created_by) VALUES ($1, 'MTSS', '2026-10-01', $2) RETURNING id`,
      [school.id, staff.SCHOOL_ADMIN!.id],
    );
    await app.ds.query(`INSERT INTO team_meeting_student (meeting_id, student_id) VALUES ($1, $2)`, [meeting.id, student.id]);
    await app.ds.query(
      `INSERT INTO team_meeting_note (meeting_id, student_id, body, restricted, author_id) VALUES ($1, $2, 'open note', false, $3), ($1, $2, 'restricted note', true, $3)`,
      [meeting.id, student.id, staff.SCHOOL_ADMIN!.id],
    );
    Object.assign(ids, {
      student: gid('Student', student.id),
      school: gid('School', school.id),
      plan: gid('InterventionPlan', plan.id),
      placement: gid('TierPlacement', placement.id),
      meeting: gid('TeamMeeting', meeting.id),
    });
  });
  afterAll(() => app.close());

  it('has an entry for every query, mutation, object type and restricted field, and none that no longer exist', () => {
    expect(Object.keys(MUTATIONS).sort()).toEqual(Object.keys(schema.getMutationType()!.getFields()).sort());
    expect(Object.keys(QUERIES).sort()).toEqual(Object.keys(schema.getQueryType()!.getFields()).sort());
    const objectTypes = Object.values(schema.getTypeMap())
      .filter((t) => isObjectType(t) && !t.name.startsWith('__') && !['Query', 'Mutation'].includes(t.name) && !isPlumbing(t.name))
      .map((t) => t.name)
      .sort();
    expect(Object.keys(OBJECT_TYPES).filter((t) => !['PageInfo', 'UserError'].includes(t)).sort()).toEqual(
      objectTypes.filter((t) => !['PageInfo', 'UserError'].includes(t)),
    );
    // Field resolvers that name roles are exactly the restricted fields declared.
    const storage = getMetadataStorage() as unknown as {
      fieldResolvers: { target: Function; methodName: string; schemaName: string; getObjectType?: () => Function }[];
      authorizedFields: { target: Function; fieldName: string; roles: string[] }[];
      resolverClasses: { target: Function; getObjectType: () => Function }[];
    };
    const ours = new Set<Function>(resolvers);
    const restricted = storage.authorizedFields
      .filter((a) => a.roles.length > 0)
      .flatMap((a) => {
        const handler = storage.fieldResolvers.find((h) => h.target === a.target && h.methodName === a.fieldName && ours.has(h.target));
        if (!handler) return [];
        const owner = storage.resolverClasses.find((c) => c.target === a.target)?.getObjectType();
        return owner ? [`${schemaTypeName(schema, owner)}.${handler.schemaName}`] : [];
      });
    expect(restricted.sort()).toEqual(Object.keys(RESTRICTED_FIELDS).sort());
  });

  it('lets exactly the declared roles past each mutation and query', async () => {
    const mismatches: string[] = [];
    const roots = [['mutation', schema.getMutationType()!, MUTATIONS], ['query', schema.getQueryType()!, QUERIES]] as const;
    for (const [operation, root, table] of roots) {
      for (const field of Object.values(root.getFields())) {
        const selection = isLeafType(getNamedType(field.type)) ? '' : '{ __typename }';
        for (const role of MATRIX_ROLES) {
          const response = await app.gql(`${operation} { ${sampleCall(field)} ${selection} }`, {}, token[role]);
          const forbidden = response.errors?.some((e) => e.extensions?.code === 'FORBIDDEN') ?? false;
          const expectedForbidden = !table[field.name].includes(role);
          if (forbidden !== expectedForbidden) mismatches.push(`${operation} ${field.name} as ${role}: ${forbidden ? 'FORBIDDEN' : 'allowed'}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  /** Every way to reach the student's records, and who may (everyone but the other school). */
  const PATHS: [string, string, (data: any) => boolean][] = [
    ['student(id)', 'query ($student: ID!) { student(id: $student) { id } }', (d) => d.student !== null],
    ['node(student)', 'query ($student: ID!) { node(id: $student) { id } }', (d) => d.node !== null],
    ['students(search)', '{ students(filter: { search: "MATRIX01" }) { nodes { id } } }', (d) => d.students.nodes.length === 1],
    ['school.students', 'query ($school: ID!) { school(id: $school) { students { nodes { id } } } }', (d) => d.school.students.nodes.length === 1],
    ['interventionPlans', '{ interventionPlans { nodes { student { id } } } }', (d) => d.interventionPlans.nodes.length === 1],
    ['node(plan).student', 'query ($plan: ID!) { node(id: $plan) { ... on InterventionPlan { student { id } } } }', (d) => d.node !== null],
    ['node(placement)', 'query ($placement: ID!) { node(id: $placement) { id } }', (d) => d.node !== null],
    ['meeting.students', 'query ($meeting: ID!) { node(id: $meeting) { ... on TeamMeeting { students { id } } } }', (d) => d.node?.students.length === 1],
    ['teamMeetings', '{ teamMeetings { nodes { students { id } } } }', (d) => d.teamMeetings.nodes.some((m: any) => m.students.length === 1)],
  ];

  it.each(PATHS)('shows the student through %s to every role but the other school', async (_name, query, reached) => {
    for (const role of MATRIX_ROLES) {
      const response = await app.gql(query, ids, token[role]);
      expect({ role, errors: response.errors ?? null }).toEqual({ role, errors: null });
      expect({ role, reached: reached(response.data) }).toEqual({ role, reached: role !== 'OTHER_SCHOOL' });
    }
  });

  it('keeps restricted notes to counselors and admins, and the access log to admins', async () => {
    for (const role of MATRIX_ROLES.filter((r) => r !== 'OTHER_SCHOOL')) {
      const notes = await app.gql('query ($meeting: ID!) { node(id: $meeting) { ... on TeamMeeting { notes { body } } } }', ids, token[role]);
      const bodies = notes.data.node.notes.map((n: any) => n.body);
      const mayReadRestricted = [StaffRole.COUNSELOR, StaffRole.SCHOOL_ADMIN, StaffRole.DISTRICT_ADMIN].includes(role as StaffRole);
      expect({ role, bodies }).toEqual({ role, bodies: mayReadRestricted ? ['open note', 'restricted note'] : ['open note'] });

      const log = await app.gql('query ($student: ID!) { student(id: $student) { accessLog { totalCount } } }', ids, token[role]);
      const allowed = RESTRICTED_FIELDS['Student.accessLog'].includes(role);
      expect({ role, code: log.errors?.[0]?.extensions?.code ?? 'allowed' }).toEqual({ role, code: allowed ? 'allowed' : 'FORBIDDEN' });
    }
  });
});

/** The schema name of a type-graphql object class. */
function schemaTypeName(schema: GraphQLSchema, target: Function): string {
  const storage = getMetadataStorage() as unknown as { objectTypes: { target: Function; name: string }[] };
  const meta = storage.objectTypes.find((o) => o.target === target);
  return meta && schema.getType(meta.name) ? meta.name : target.name;
}
