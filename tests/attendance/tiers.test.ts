import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { StaffRole } from '../../src/common/auth/roles';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { days, makeSchoolYear, recordDays } from './attendance-fixtures';

const TIERS = `{ nodes: students(first: 100) { nodes { id attendance { tier triggers chronicallyAbsent severelyChronicallyAbsent includedInRate } } } }`;
const SETTINGS = `{ attendanceSettings { chronicAbsencePercent severeAbsencePercent atRiskAbsencePercent minimumDaysEnrolled monthOneAbsences monthTwoAbsences staleCaseDays improvementWindowDays version } }`;
const UPDATE = `mutation ($input: AttendanceSettingsUpdateInput!) {
  attendanceSettingsUpdate(input: $input) { attendanceSettings { atRiskAbsencePercent minimumDaysEnrolled version } userErrors { code field message } }
}`;

/** Attendance Works tiers and the early triggers, against the district's (configurable) thresholds. 38 days enrolled each. */
describe('attendance: tiers, triggers and the district thresholds', () => {
  let app: TestApp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    await makeSchoolYear(app.ds);
    const school = await f.school();
    for (const name of ['severe', 'monthOne', 'october', 'satisfactory']) ids[name] = gid('Student', (await f.student(school, {}, { entryDate: '2026-08-24' })).id);
    tokens.districtAdmin = app.token((await f.staff(StaffRole.DISTRICT_ADMIN)).id);
    tokens.admin = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [school])).id);
    tokens.counselor = app.token((await f.staff(StaffRole.COUNSELOR, [school])).id);
    const absent = (name: string, dates: string[]) => days(ids[name], dates, 'EXCUSED_ABSENCE');
    await recordDays(app, tokens.districtAdmin, [
      ...absent('severe', ['2026-08-25', '2026-09-01', '2026-09-15', '2026-09-16', '2026-09-29', '2026-10-05', '2026-10-06', '2026-10-13']),
      ...absent('monthOne', ['2026-08-25', '2026-08-26']),
      ...absent('october', ['2026-10-01', '2026-10-02']),
      ...absent('satisfactory', ['2026-10-14']),
    ]);
  });
  afterAll(() => app.close());

  const tiers = async () => {
    const response = await app.gql(TIERS, {}, tokens.counselor);
    expect(response.errors).toBeUndefined();
    const byId = Object.fromEntries(response.data.nodes.nodes.map((n: any) => [n.id, n.attendance]));
    return Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, byId[id]]));
  };

  it('places students in Attendance Works tiers with the triggers that fired', async () => {
    expect(await tiers()).toEqual({
      severe: { tier: 3, triggers: ['MONTH_ONE_ABSENCES', 'MONTH_TWO_ABSENCES', 'AT_RISK_RATE', 'CHRONIC_RATE', 'SEVERE_CHRONIC_RATE'], chronicallyAbsent: true, severelyChronicallyAbsent: true, includedInRate: true },
      monthOne: { tier: 2, triggers: ['MONTH_ONE_ABSENCES', 'AT_RISK_RATE'], chronicallyAbsent: false, severelyChronicallyAbsent: false, includedInRate: true },
      october: { tier: 2, triggers: ['AT_RISK_RATE'], chronicallyAbsent: false, severelyChronicallyAbsent: false, includedInRate: true },
      satisfactory: { tier: 1, triggers: [], chronicallyAbsent: false, severelyChronicallyAbsent: false, includedInRate: true },
    });
  });

  it('computes a list of students in one statement (DataLoader), not one per student', async () => {
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    try {
      await tiers();
      const statements = spy.mock.calls.filter(([sql]) => String(sql).includes('att_totals'));
      expect(statements).toHaveLength(1);
      expect(statements[0][1]).toEqual(expect.arrayContaining([expect.arrayContaining(Object.values(ids).map((id) => Buffer.from(id, 'base64url').toString().split(':')[1]))]));
    } finally {
      spy.mockRestore();
    }
  });

  it('reads the thresholds from the district settings, which only a district admin changes', async () => {
    const settings = (await app.gql(SETTINGS, {}, tokens.counselor)).data.attendanceSettings;
    expect(settings).toEqual({
      chronicAbsencePercent: 10, severeAbsencePercent: 20, atRiskAbsencePercent: 5, minimumDaysEnrolled: 10,
      monthOneAbsences: 2, monthTwoAbsences: 4, staleCaseDays: 14, improvementWindowDays: 30, version: 1,
    });
    const denied = await app.gql(UPDATE, { input: { expectedVersion: 1, atRiskAbsencePercent: 6 } }, tokens.admin);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const raised = await app.gql(UPDATE, { input: { expectedVersion: 1, atRiskAbsencePercent: 6 } }, tokens.districtAdmin);
    expect(raised.data.attendanceSettingsUpdate).toEqual({ attendanceSettings: { atRiskAbsencePercent: 6, minimumDaysEnrolled: 10, version: 2 }, userErrors: [] });
    // 2 of 38 days (5.3%) is no longer at risk: the early trigger alone keeps a student in Tier 2.
    const after = await tiers();
    expect(after.monthOne).toMatchObject({ tier: 2, triggers: ['MONTH_ONE_ABSENCES'] });
    expect(after.october).toMatchObject({ tier: 1, triggers: [] });

    const stale = await app.gql(UPDATE, { input: { expectedVersion: 1, staleCaseDays: 10 } }, tokens.districtAdmin);
    expect(stale.data.attendanceSettingsUpdate.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'expectedVersion'] })]);
    const unordered = await app.gql(UPDATE, { input: { expectedVersion: 2, atRiskAbsencePercent: 12 } }, tokens.districtAdmin);
    expect(unordered.data.attendanceSettingsUpdate.userErrors).toEqual([
      { code: 'INVALID', field: ['input', 'atRiskAbsencePercent'], message: 'The at-risk percent must be below the chronic percent (10)' },
    ]);
    const outOfRange = await app.gql(UPDATE, { input: { expectedVersion: 2, minimumDaysEnrolled: 0 } }, tokens.districtAdmin);
    expect(outOfRange.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    // Above everyone's days enrolled, nobody has a rate; the early triggers still apply.
    const minimum = await app.gql(UPDATE, { input: { expectedVersion: 2, minimumDaysEnrolled: 40 } }, tokens.districtAdmin);
    expect(minimum.data.attendanceSettingsUpdate.userErrors).toEqual([]);
    expect((await tiers()).severe).toEqual({
      tier: 2, triggers: ['MONTH_ONE_ABSENCES', 'MONTH_TWO_ABSENCES'], chronicallyAbsent: null, severelyChronicallyAbsent: null, includedInRate: false,
    });
    const audits = await app.ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'attendance_settings.update'`);
    expect(audits).toEqual([{ n: 2 }]);
  });
});
