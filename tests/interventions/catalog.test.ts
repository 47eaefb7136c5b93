import { StaffRole } from '../../src/common/auth/roles';
import { MtssDomain } from '../../src/common/mtss';
import type { SchoolEntity } from '../../src/modules/schools/school.entity';
import type { StaffUserEntity } from '../../src/modules/staff/staff.entity';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { USER_ERRORS, interventionFactories, ok } from './support';

const FIELDS = `id name domain tiers delivery interventionClass active version evidenceNote minDosageMinutes maxDosageMinutes
  recommendedDosage { sessionsPerWeek minutesPerSession weeks totalMinutes }`;
const CREATE = `mutation ($input: InterventionCreateInput!) { interventionCreate(input: $input) { intervention { ${FIELDS} } ${USER_ERRORS} } }`;
const UPDATE = `mutation ($input: InterventionUpdateInput!) { interventionUpdate(input: $input) { intervention { ${FIELDS} } ${USER_ERRORS} } }`;
const RETIRE = `mutation ($input: InterventionRetireInput!) { interventionRetire(input: $input) { intervention { ${FIELDS} } ${USER_ERRORS} } }`;
const LIST = `query ($domain: MtssDomain, $tier: Int, $activeOnly: Boolean) {
  interventions(domain: $domain, tier: $tier, activeOnly: $activeOnly) { id name } }`;
const NODE = `query ($id: ID!) { node(id: $id) { id ... on Intervention { name active } } }`;

describe('intervention catalog', () => {
  let app: TestApp;
  let school: SchoolEntity;
  let districtAdmin: StaffUserEntity;
  let districtLead: StaffUserEntity;
  let schoolAdmin: StaffUserEntity;
  let teacher: StaffUserEntity;
  let n = 0;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    school = await f.school();
    districtAdmin = await f.staff(StaffRole.DISTRICT_ADMIN);
    districtLead = await f.staff(StaffRole.DISTRICT_LEAD);
    schoolAdmin = await f.staff(StaffRole.SCHOOL_ADMIN, [school]);
    teacher = await f.staff(StaffRole.TEACHER, [school]);
  });
  afterAll(() => app.close());

  const as = (user: StaffUserEntity) => app.token(user.id);
  const input = (overrides: Record<string, unknown> = {}) => ({
    name: `Phonics Boost ${++n}`,
    domain: 'READING',
    tiers: [3, 2],
    delivery: 'SMALL_GROUP',
    interventionClass: 'INSTRUCTION',
    recommendedSessionsPerWeek: 4,
    recommendedMinutesPerSession: 30,
    recommendedWeeks: 8,
    minDosageMinutes: 600,
    maxDosageMinutes: 1200,
    evidenceNote: 'ESSA tier 2 (moderate evidence)',
    ...overrides,
  });
  const audits = async (action: string) =>
    (await app.ds.query('SELECT count(*)::int AS count FROM audit_event WHERE action = $1', [action]))[0].count as number;

  it('a district admin creates an intervention; tiers come back distinct and ascending; the write is audited', async () => {
    const before = await audits('intervention.create');
    const data = ok(await app.gql(CREATE, { input: input({ tiers: [3, 2, 3] }) }, as(districtAdmin)));
    expect(data.interventionCreate.userErrors).toEqual([]);
    expect(data.interventionCreate.intervention).toMatchObject({
      domain: 'READING',
      tiers: [2, 3],
      delivery: 'SMALL_GROUP',
      interventionClass: 'INSTRUCTION',
      active: true,
      version: 1,
      minDosageMinutes: 600,
      maxDosageMinutes: 1200,
      recommendedDosage: { sessionsPerWeek: 4, minutesPerSession: 30, weeks: 8, totalMinutes: 960 },
    });
    expect(await audits('intervention.create')).toBe(before + 1);
  });

  it.each([
    ['a school admin', () => schoolAdmin],
    ['a district lead', () => districtLead],
    ['a teacher', () => teacher],
  ])('%s may not write the catalog (FORBIDDEN)', async (_label, who) => {
    const response = await app.gql(CREATE, { input: input() }, as(who()));
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const retire = await app.gql(RETIRE, { input: { id: gid('Intervention', '00000000-0000-4000-8000-000000000000') } }, as(who()));
    expect(retire.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses bad tiers and dosage with userErrors naming each field, and writes nothing', async () => {
    const before = await audits('intervention.create');
    const data = ok(await app.gql(CREATE, {
      input: input({ tiers: [0, 4], recommendedSessionsPerWeek: 0, recommendedMinutesPerSession: 300, minDosageMinutes: 900, maxDosageMinutes: 300 }),
    }, as(districtAdmin)));
    expect(data.interventionCreate.intervention).toBeNull();
    expect(data.interventionCreate.userErrors.map((e: { field: string[] }) => e.field.join('.')).sort()).toEqual([
      'input.maxDosageMinutes',
      'input.recommendedMinutesPerSession',
      'input.recommendedSessionsPerWeek',
      'input.tiers',
    ]);
    expect(data.interventionCreate.userErrors.every((e: { code: string }) => e.code === 'INVALID')).toBe(true);
    const empty = ok(await app.gql(CREATE, { input: input({ tiers: [] }) }, as(districtAdmin)));
    expect(empty.interventionCreate.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'tiers'], message: expect.any(String) }]);
    expect(await audits('intervention.create')).toBe(before);
  });

  it('a second intervention with the same name is DUPLICATE on input.name', async () => {
    const first = input();
    ok(await app.gql(CREATE, { input: first }, as(districtAdmin)));
    const data = ok(await app.gql(CREATE, { input: { ...input(), name: first.name } }, as(districtAdmin)));
    expect(data.interventionCreate).toEqual({ intervention: null, userErrors: [{ code: 'DUPLICATE', field: ['input', 'name'], message: expect.any(String) }] });
    expect(data.interventionCreate.userErrors[0].message).not.toMatch(/constraint|duplicate key/i);
  });

  it('interventionUpdate applies the fields given, bumps the version, clears a field given null, and refuses a stale version', async () => {
    const created = ok(await app.gql(CREATE, { input: input() }, as(districtAdmin))).interventionCreate.intervention;
    const updated = ok(await app.gql(UPDATE, {
      input: { id: created.id, expectedVersion: 1, tiers: [1], recommendedWeeks: 12, evidenceNote: null },
    }, as(districtAdmin))).interventionUpdate;
    expect(updated.userErrors).toEqual([]);
    expect(updated.intervention).toMatchObject({ tiers: [1], version: 2, evidenceNote: null, name: created.name, recommendedDosage: { weeks: 12, totalMinutes: 4 * 30 * 12 } });

    const stale = ok(await app.gql(UPDATE, { input: { id: created.id, expectedVersion: 1, name: 'Overwrite' } }, as(districtAdmin))).interventionUpdate;
    expect(stale).toEqual({ intervention: null, userErrors: [{ code: 'CONFLICT', field: ['input', 'expectedVersion'], message: expect.any(String) }] });

    const bad = ok(await app.gql(UPDATE, { input: { id: created.id, expectedVersion: 2, minDosageMinutes: 5000 } }, as(districtAdmin))).interventionUpdate;
    expect(bad.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'maxDosageMinutes'], message: expect.any(String) }]);
  });

  it('retire hides an intervention from the default list, keeps it readable, and refuses a second retirement', async () => {
    const created = ok(await app.gql(CREATE, { input: input({ domain: 'MATH', tiers: [2] }) }, as(districtAdmin))).interventionCreate.intervention;
    const retired = ok(await app.gql(RETIRE, { input: { id: created.id } }, as(districtAdmin))).interventionRetire;
    expect(retired.userErrors).toEqual([]);
    expect(retired.intervention).toMatchObject({ active: false, version: 2 });

    const names = async (variables: Record<string, unknown>) =>
      ok(await app.gql(LIST, variables, as(teacher))).interventions.map((i: { name: string }) => i.name);
    expect(await names({ domain: 'MATH' })).not.toContain(created.name);
    expect(await names({ domain: 'MATH', activeOnly: false })).toContain(created.name);
    expect(ok(await app.gql(NODE, { id: created.id }, as(teacher))).node).toEqual({ id: created.id, name: created.name, active: false });

    const again = ok(await app.gql(RETIRE, { input: { id: created.id } }, as(districtAdmin))).interventionRetire;
    expect(again.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'id'], message: expect.any(String) }]);
  });

  it('every signed-in user reads the catalog, filtered by domain and tier and ordered by name', async () => {
    const fi = interventionFactories(app.ds);
    const a = await fi.intervention({ name: 'Zz SEL Check-In', domain: MtssDomain.SOCIAL_EMOTIONAL, tiers: [2] });
    const b = await fi.intervention({ name: 'Aa SEL Skills Group', domain: MtssDomain.SOCIAL_EMOTIONAL, tiers: [1, 2] });
    await fi.intervention({ name: 'Mm SEL Intensive', domain: MtssDomain.SOCIAL_EMOTIONAL, tiers: [3] });
    for (const user of [teacher, schoolAdmin, districtLead]) {
      expect(ok(await app.gql(LIST, { domain: 'SOCIAL_EMOTIONAL', tier: 2 }, as(user))).interventions.map((i: { name: string }) => i.name))
        .toEqual([b.name, a.name]);
    }
    expect(ok(await app.gql(LIST, { domain: 'SOCIAL_EMOTIONAL', tier: 1 }, as(teacher))).interventions.map((i: { name: string }) => i.name)).toEqual([b.name]);
    expect((await app.gql(LIST, {})).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
