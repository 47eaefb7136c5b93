import { StaffRole } from '../../src/common/auth/roles';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { SchoolYearEntity } from '../../src/modules/calendar/calendar.entity';

const RECORD = `mutation ($input: ScreeningResultsRecordInput!) {
  screeningResultsRecord(input: $input) {
    screeningResults { id score percentile riskLevel window student { id } }
    userErrors { code field message }
  }
}`;
const PLACE = `mutation ($input: TierPlaceInput!) {
  tierPlace(input: $input) { tierPlacement { id tier startDate endDate } userErrors { code field message } }
}`;
const PROFILE = `query ($id: ID!, $asOf: LocalDate) {
  student(id: $id) {
    tiers(asOf: $asOf) { domain tier since }
    tierHistory(domain: READING) { tier startDate endDate reason decidedBy { email } }
    tierSuggestions { domain suggestedTier currentTier explanation rule { key } screeningResult { percentile } }
    screeningResults { domain assessment percentile }
  }
}`;

describe('screening, decision rules and tier placements', () => {
  let app: TestApp;
  const tokens: Record<string, string> = {};
  let studentA: string;
  let studentB: string;
  let outsider: string;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    await app.ds.manager.insert(SchoolYearEntity, { name: '2026-2027', startDate: '2026-08-24', endDate: '2027-06-11' });
    const school = await f.school();
    const other = await f.school();
    const teacher = await f.staff(StaffRole.TEACHER, [school]);
    const a = await f.student(school);
    const b = await f.student(school);
    const c = await f.student(other);
    await f.caseload(teacher, a);
    await f.caseload(teacher, b);
    [studentA, studentB, outsider] = [gid('Student', a.id), gid('Student', b.id), gid('Student', c.id)];
    tokens.teacher = app.token(teacher.id);
    tokens.otherTeacher = app.token((await f.staff(StaffRole.TEACHER, [school])).id);
    tokens.counselor = app.token((await f.staff(StaffRole.COUNSELOR, [school])).id);
    tokens.admin = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [school])).id);
    tokens.districtAdmin = app.token((await f.staff(StaffRole.DISTRICT_ADMIN)).id);
  });
  afterAll(() => app.close());

  const fallReading = (results: object[]) => ({
    input: { domain: 'READING', window: 'FALL', assessment: 'DIBELS 8', administeredOn: '2026-09-10', results },
  });

  it('records a class sheet of screening scores, all or nothing', async () => {
    const refused = await app.gql(RECORD, fallReading([
      { studentId: studentA, score: 210, percentile: 8 },
      { studentId: outsider, score: 300, percentile: 60 },
      { studentId: studentA, score: 1, percentile: 1 },
    ]), tokens.teacher);
    expect(refused.data.screeningResultsRecord.screeningResults).toBeNull();
    expect(refused.data.screeningResultsRecord.userErrors).toEqual([
      expect.objectContaining({ code: 'DUPLICATE', field: ['input', 'results', '2', 'studentId'] }),
    ]);
    const outOfScope = await app.gql(RECORD, fallReading([
      { studentId: studentA, score: 210, percentile: 8 },
      { studentId: outsider, score: 300, percentile: 60 },
    ]), tokens.teacher);
    expect(outOfScope.data.screeningResultsRecord.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'results', '1', 'studentId'] }),
    ]);
    const [{ count }] = await app.ds.query('SELECT count(*)::int AS count FROM screening_result');
    expect(count).toBe(0);

    const ok = await app.gql(RECORD, fallReading([
      { studentId: studentA, score: 210, percentile: 8 },
      { studentId: studentB, score: 320, percentile: 55, riskLevel: 'LOW_RISK' },
    ]), tokens.teacher);
    expect(ok.data.screeningResultsRecord.userErrors).toEqual([]);
    expect(ok.data.screeningResultsRecord.screeningResults.map((r: any) => r.student.id)).toEqual([studentA, studentB]);
  });

  it('refuses bad scores naming the field, and future dates', async () => {
    const bad = await app.gql(RECORD, fallReading([{ studentId: studentA, score: 210, percentile: 101 }]), tokens.teacher);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toContain('input.results[0].percentile');
    const future = await app.gql(RECORD, { input: { ...fallReading([]).input, administeredOn: '2026-12-01', results: [{ studentId: studentA, score: 1 }] } }, tokens.teacher);
    expect(future.data.screeningResultsRecord.userErrors[0].field).toEqual(['input', 'administeredOn']);
  });

  it('replaces a re-recorded result and keeps the old values in the audit trail', async () => {
    const again = await app.gql(RECORD, fallReading([{ studentId: studentB, score: 300, percentile: 20 }]), tokens.teacher);
    expect(again.data.screeningResultsRecord.userErrors).toEqual([]);
    const rows = await app.ds.query(`SELECT percentile FROM screening_result WHERE student_id = (SELECT id FROM student WHERE id::text = $1)`, [
      Buffer.from(studentB, 'base64url').toString().split(':')[1],
    ]);
    expect(rows).toEqual([{ percentile: 20 }]);
    const audit = await app.ds.query(`SELECT before->>'percentile' AS before, after->>'percentile' AS after FROM audit_event WHERE action = 'screening_result.replace'`);
    expect(audit).toEqual([{ before: '55', after: '20' }]);
  });

  it('explains which decision rules fire on which data, without changing the tier', async () => {
    const { data } = await app.gql(PROFILE, { id: studentA }, tokens.teacher);
    const suggestions = data.student.tierSuggestions;
    expect(suggestions.map((s: any) => [s.rule.key, s.suggestedTier, s.currentTier])).toEqual([
      ['screening-below-10th', 3, 1],
      ['screening-below-25th', 2, 1],
    ]);
    expect(suggestions[0].explanation).toContain('DIBELS 8');
    expect(suggestions[0].explanation).toContain('8th percentile, below 10');
    expect(suggestions[0].screeningResult.percentile).toBe(8);
    expect(data.student.tiers.find((t: any) => t.domain === 'READING')).toEqual({ domain: 'READING', tier: 1, since: null });
  });

  it('lets a district admin tune a rule, with CONFLICT on a stale version', async () => {
    const rules = await app.gql('{ tierDecisionRules { id key version } }', {}, tokens.teacher);
    const below10 = rules.data.tierDecisionRules.find((r: any) => r.key === 'screening-below-10th');
    const update = `mutation ($input: TierDecisionRuleUpdateInput!) { tierDecisionRuleUpdate(input: $input) { tierDecisionRule { threshold version } userErrors { code field } } }`;
    const denied = await app.gql(update, { input: { id: below10.id, expectedVersion: below10.version, threshold: 5 } }, tokens.admin);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const ok = await app.gql(update, { input: { id: below10.id, expectedVersion: below10.version, threshold: 5 } }, tokens.districtAdmin);
    expect(ok.data.tierDecisionRuleUpdate.tierDecisionRule).toEqual({ threshold: 5, version: below10.version + 1 });
    const stale = await app.gql(update, { input: { id: below10.id, expectedVersion: below10.version, active: false } }, tokens.districtAdmin);
    expect(stale.data.tierDecisionRuleUpdate.userErrors).toEqual([{ code: 'CONFLICT', field: ['input', 'expectedVersion'] }]);
    const { data } = await app.gql(PROFILE, { id: studentA }, tokens.teacher);
    expect(data.student.tierSuggestions.map((s: any) => s.rule.key)).toEqual(['screening-below-25th']);
  });

  it('lets a district admin add a domain-specific rule, checking what each kind needs', async () => {
    const create = `mutation ($input: TierDecisionRuleCreateInput!) { tierDecisionRuleCreate(input: $input) { tierDecisionRule { key domain threshold suggestedTier } userErrors { code field } } }`;
    const incomplete = await app.gql(create, { input: { key: 'math-below-40th', description: 'Math below the 40th', domain: 'MATH', kind: 'SCREENING_PERCENTILE_BELOW' } }, tokens.districtAdmin);
    expect(incomplete.data.tierDecisionRuleCreate.userErrors).toEqual([
      { code: 'INVALID', field: ['input', 'threshold'] },
      { code: 'INVALID', field: ['input', 'suggestedTier'] },
    ]);
    const secondProgress = await app.gql(create, { input: { key: 'progress-three', description: 'x', kind: 'PROGRESS_BELOW_AIM_LINE', consecutivePoints: 3 } }, tokens.districtAdmin);
    expect(secondProgress.data.tierDecisionRuleCreate.userErrors).toEqual([{ code: 'CONFLICT', field: ['input', 'kind'] }]);
    const ok = await app.gql(create, { input: { key: 'math-below-40th', description: 'Math below the 40th: Tier 2 candidate', domain: 'MATH', kind: 'SCREENING_PERCENTILE_BELOW', threshold: 40, suggestedTier: 2 } }, tokens.districtAdmin);
    expect(ok.data.tierDecisionRuleCreate.tierDecisionRule).toEqual({ key: 'math-below-40th', domain: 'MATH', threshold: 40, suggestedTier: 2 });
    const again = await app.gql(create, { input: { key: 'math-below-40th', description: 'x', kind: 'SCREENING_PERCENTILE_BELOW', threshold: 40, suggestedTier: 2 } }, tokens.districtAdmin);
    expect(again.data.tierDecisionRuleCreate.userErrors).toEqual([{ code: 'DUPLICATE', field: ['input', 'key'] }]);
    // The math rule does not fire on reading scores.
    const { data } = await app.gql(PROFILE, { id: studentB }, tokens.teacher);
    expect(data.student.tierSuggestions.map((s: any) => s.rule.key)).toEqual(['screening-below-25th']);
  });

  it('places students in tiers with history, and answers the tier on any date', async () => {
    const denied = await app.gql(PLACE, { input: { studentId: studentA, domain: 'READING', tier: 2, effectiveDate: '2026-09-15', reason: 'Fall screening' } }, tokens.teacher);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const counselorAcademic = await app.gql(PLACE, { input: { studentId: studentA, domain: 'READING', tier: 2, effectiveDate: '2026-09-15', reason: 'x' } }, tokens.counselor);
    expect(counselorAcademic.data.tierPlace.userErrors[0]).toMatchObject({ code: 'FORBIDDEN', field: ['input', 'domain'] });

    const first = await app.gql(PLACE, { input: { studentId: studentA, domain: 'READING', tier: 2, effectiveDate: '2026-09-15', reason: 'Fall screening at the 8th percentile' } }, tokens.admin);
    expect(first.data.tierPlace.tierPlacement).toMatchObject({ tier: 2, startDate: '2026-09-15', endDate: null });
    const same = await app.gql(PLACE, { input: { studentId: studentA, domain: 'READING', tier: 2, effectiveDate: '2026-10-01', reason: 'x' } }, tokens.admin);
    expect(same.data.tierPlace.userErrors[0]).toMatchObject({ code: 'INVALID', field: ['input', 'tier'] });
    const backdated = await app.gql(PLACE, { input: { studentId: studentA, domain: 'READING', tier: 3, effectiveDate: '2026-09-15', reason: 'x' } }, tokens.admin);
    expect(backdated.data.tierPlace.userErrors[0]).toMatchObject({ code: 'INVALID', field: ['input', 'effectiveDate'] });
    const second = await app.gql(PLACE, { input: { studentId: studentA, domain: 'READING', tier: 3, effectiveDate: '2026-10-01', reason: 'Not responding to Tier 2' } }, tokens.admin);
    expect(second.data.tierPlace.userErrors).toEqual([]);

    const now = await app.gql(PROFILE, { id: studentA }, tokens.teacher);
    expect(now.data.student.tierHistory.map((p: any) => [p.tier, p.startDate, p.endDate])).toEqual([
      [2, '2026-09-15', '2026-09-30'],
      [3, '2026-10-01', null],
    ]);
    const reading = (tiers: any[]) => tiers.find((t) => t.domain === 'READING');
    expect(reading(now.data.student.tiers)).toEqual({ domain: 'READING', tier: 3, since: '2026-10-01' });
    expect(reading((await app.gql(PROFILE, { id: studentA, asOf: '2026-09-20' }, tokens.teacher)).data.student.tiers).tier).toBe(2);
    expect(reading((await app.gql(PROFILE, { id: studentA, asOf: '2026-09-14' }, tokens.teacher)).data.student.tiers)).toEqual({ domain: 'READING', tier: 1, since: null });
    expect(now.data.student.tiers.find((t: any) => t.domain === 'MATH').tier).toBe(1);
    expect(now.data.student.tierSuggestions[0].currentTier).toBe(3);
  });

  it('refuses a tier outside 1-3 naming the field', async () => {
    const response = await app.gql(PLACE, { input: { studentId: studentB, domain: 'MATH', tier: 4, effectiveDate: '2026-10-01', reason: 'x' } }, tokens.admin);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('input.tier');
  });

  it('serialises concurrent placements of one student: exactly one wins', async () => {
    const input = (tier: number) => ({ input: { studentId: studentB, domain: 'SOCIAL_EMOTIONAL', tier, effectiveDate: '2026-10-05', reason: 'SST referral' } });
    const results = await Promise.all([app.gql(PLACE, input(2), tokens.counselor), app.gql(PLACE, input(3), tokens.counselor)]);
    const won = results.filter((r) => r.data.tierPlace.userErrors.length === 0);
    expect(won).toHaveLength(1);
    const [{ open }] = await app.ds.query(`SELECT count(*)::int AS open FROM tier_placement WHERE domain = 'SOCIAL_EMOTIONAL' AND end_date IS NULL`);
    expect(open).toBe(1);
  });

  it('shows placements only to those who see the student', async () => {
    const { data } = await app.gql(PROFILE, { id: studentA }, tokens.teacher);
    const placementId = (await app.gql('query ($id: ID!) { student(id: $id) { tierHistory { id } } }', { id: studentA }, tokens.admin)).data.student.tierHistory[0].id;
    expect(data.student).not.toBeNull();
    expect((await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: placementId }, tokens.teacher)).data.node).toEqual({ id: placementId });
    expect((await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: placementId }, tokens.otherTeacher)).data.node).toBeNull();
  });
});
