import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, type DocumentNode, type OperationDefinitionNode, parse, validate } from 'graphql';
import { StaffRole } from '../../src/common/auth/roles';
import { addDays } from '../../src/common/dates';
import { landingDocument } from '../../src/modules/my-work/landing-document';
import { DEMO_USERS } from '../../seeds/demo-users';
import { seedDemoDistrict } from '../../seeds/district';
import { startTestApp, TEST_TODAY, type TestApp } from '../support/test-app';
import { resolveHandles } from './operation-handles';

const ROOT = join(__dirname, '../../docs/operations');
const SDL = readFileSync(join(__dirname, '../../schema/schema.graphql'), 'utf8');

/** The folder of each role: its name in kebab case (SCHOOL_ADMIN: school-admin). */
const folderOf = (role: StaffRole) => role.toLowerCase().replace(/_/g, '-');

interface DocumentedOperation {
  role: StaffRole;
  name: string;
  text: string;
  variables: Record<string, unknown>;
}

/** Every docs/operations/<role>/<name>.graphql with its variables, in folder then file order (the order they run in). */
function documentedOperations(): DocumentedOperation[] {
  return Object.values(StaffRole).flatMap((role) => {
    const dir = join(ROOT, folderOf(role));
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.graphql'))
      .sort()
      .map((file) => {
        const name = file.replace(/\.graphql$/, '');
        const variablesFile = join(dir, `${name}.variables.json`);
        return {
          role,
          name,
          text: readFileSync(join(dir, file), 'utf8'),
          variables: existsSync(variablesFile) ? JSON.parse(readFileSync(variablesFile, 'utf8')) : {},
        };
      });
  });
}

const operationOf = (doc: DocumentNode) => doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;

/** Every `userErrors` list anywhere in a response's data. */
function userErrorsIn(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(userErrorsIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'userErrors' ? (v as unknown[]) : userErrorsIn(v)));
}

describe('the documented operations', () => {
  const operations = documentedOperations();

  it('cover every role, each with a description and example variables, and the operations the issue names', () => {
    expect(new Set(operations.map((o) => o.role))).toEqual(new Set(Object.values(StaffRole)));
    for (const op of operations) {
      expect({ op: `${op.role}/${op.name}`, described: /^#\s*\S/.test(op.text) }).toEqual({ op: `${op.role}/${op.name}`, described: true });
      expect(existsSync(join(ROOT, folderOf(op.role), `${op.name}.variables.json`))).toBe(true);
    }
    const fields = new Set(operations.flatMap((op) => operationOf(parse(op.text)).selectionSet.selections.map((s) => (s.kind === 'Field' ? s.name.value : ''))));
    for (const field of [
      'myWork', 'interventionSessionLog', 'progressPointRecord', 'attendanceCaseOpen', 'attendanceActionLog', 'tierPlace',
      'tutoringAssignmentsCreate', 'tutoringSessionLog', 'indicators', 'indicatorStudents', 'student', 'meetingAgenda',
    ]) expect(fields).toContain(field);
  });

  it("open the API landing page: it starts with a user's myWork, read from the docs", () => {
    const landing = landingDocument();
    expect(landing?.document).toBe(readFileSync(join(ROOT, 'teacher/my-work.graphql'), 'utf8'));
    expect(landing?.variables).toEqual({ first: 25 });
    expect(landingDocument('/')).toBeUndefined();
  });

  it('are valid against schema/schema.graphql', () => {
    const schema = buildSchema(SDL);
    for (const op of operations) {
      const errors = validate(schema, parse(op.text)).map((e) => e.message);
      expect({ op: `${op.role}/${op.name}`, errors }).toEqual({ op: `${op.role}/${op.name}`, errors: [] });
    }
  });

  describe('against the seeded demo district, with the demo user of each role', () => {
    let app: TestApp;
    const users: Partial<Record<StaffRole, string>> = {};

    beforeAll(async () => {
      app = await startTestApp();
      if (app.db.onPglite) await app.ds.query(`SET search_path TO ${app.db.schema}`);
      // The generator with a small district whose demo tutor has groups (with the default seed they all go to other
      // tutors), its records up to yesterday: today's sessions are still to log, as at the start of a school day.
      await app.ds.transaction((em) => seedDemoDistrict(em, { students: 300, seed: 'docs', schoolYearStartYear: 2026, asOf: addDays(TEST_TODAY, -1) }));
      const rows: { id: string; email: string }[] = await app.ds.query(`SELECT id, email FROM staff_user WHERE email LIKE '%@demo.tiered.test'`);
      for (const role of Object.values(StaffRole)) users[role] = rows.find((r) => r.email === DEMO_USERS[role].email)?.id;
    }, 120_000);
    afterAll(() => app.close());

    it('run without errors, return data, and every mutation succeeds (no userErrors)', async () => {
      const failures: unknown[] = [];
      for (const op of operations) {
        const userId = users[op.role];
        if (!userId) throw new Error(`no demo user for ${op.role}`);
        const token = app.token(userId);
        const variables = await resolveHandles(op.variables, { app, ds: app.ds, role: op.role, userId, token, today: TEST_TODAY });
        const response = await app.gql(op.text, variables as Record<string, unknown>, token);
        const kind = operationOf(parse(op.text)).operation;
        const problems = [
          ...(response.errors ?? []).map((e) => e.message),
          ...(response.data ? [] : ['no data']),
          ...(kind === 'mutation' ? userErrorsIn(response.data) : []),
          ...Object.entries(response.data ?? {}).filter(([, v]) => v === null).map(([k]) => `${k} is null`),
        ];
        if (problems.length) failures.push({ op: `${op.role}/${op.name}`, problems });
      }
      expect(failures).toEqual([]);
    });

    it("gives each school-based demo user a to-do list to start the day with", async () => {
      for (const role of [StaffRole.INTERVENTIONIST, StaffRole.COUNSELOR, StaffRole.SCHOOL_ADMIN, StaffRole.DISTRICT_LEAD]) {
        const response = await app.gql('{ myWork(first: 5) { totalCount nodes { kind reason subjectId } } }', {}, app.token(users[role]!));
        expect(response.errors).toBeUndefined();
        expect({ role, some: response.data.myWork.totalCount > 0 }).toEqual({ role, some: true });
      }
    });
  });
});
