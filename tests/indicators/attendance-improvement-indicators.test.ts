import { StaffRole } from '../../src/common/auth/roles';
import { improvedAfterInterventionSql } from '../../src/modules/attendance/attendance-queues';
import { runSql } from '../../src/modules/attendance/attendance-sql';
import { rebuildSummaries } from '../../src/modules/attendance/attendance-summary';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { INDICATORS_QUERY, indicatorData, totals } from './support';

/*
 * Indicator 15 (IMPROVED_AFTER_INTERVENTION) on hand-built data. The school year starts Monday
 * 2026-08-24; every weekday is a school day; today is 2026-10-15. Default settings: windows of 30
 * days before and after the first action of a case (its own day in neither), each needing 10 days
 * enrolled.
 *
 * - I1 at A: case, first action 09-10. Before (08-11..09-09): 13 days enrolled (08-24..09-09), absent
 *   08-25, 08-27, 09-01 -> 10/13 = 76.9%. After (09-11..10-10): 21 days, absent 09-22 -> 20/21 = 95.2%:
 *   improved. Window closes 10-10.
 * - I2 at A: first action 09-10; before absent 09-01 (12/13 = 92.3%), after absent 09-22, 09-23, 09-29
 *   (18/21 = 85.7%): not improved.
 * - I3 at A: first action 09-03; before (08-04..09-02) only 8 days enrolled: not judged.
 * - I4 at A 08-24..09-11, then at B (grade 5) from 09-14; case at A, first action 09-14. Before
 *   (08-15..09-13): 15 days at A, absent 08-26, 08-27, 09-08 -> 12/15 = 80%. After (09-15..10-14):
 *   22 days at B, never absent -> 100%: improved. Counted at A (the case), grade 5 (enrolled at B on
 *   09-14). Closes 10-14.
 * - I5 at B: case 1 first action 09-09 (closed 09-11): before 12 days, absent 08-25, 08-26 (10/12 =
 *   83.3%); after (09-10..10-09) 22 days, none absent: improved. Case 2 first action 09-15: before
 *   (08-16..09-14) 16 days, 2 absent (87.5%); after (09-16..10-15) 22 days, absent 10-13, 10-14, 10-15
 *   (86.4%): not improved. Judged once, on case 1 (the first intervention): improved.
 * - I6 at B: first action 10-01: window open until 10-31: not yet judged.
 */
describe('attendance team indicator: improved after an intervention', () => {
  let app: TestApp;
  let token: string;
  const local: Record<string, string> = {};
  const schools: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const yearId = await indicatorData(app.ds).schoolYear();
    const a = await f.school({ name: 'Alpha School' });
    const b = await f.school({ name: 'Beta School' });
    schools.a = a.id;
    schools.b = b.id;
    const admin = await f.staff(StaffRole.DISTRICT_ADMIN);
    token = app.token(admin.id);

    const enroll = async (name: string, school: typeof a, entryDate: string, exitDate?: string) => {
      const s = await f.student(school, { localId: name }, { entryDate, ...(exitDate ? { exitDate } : {}) });
      local[s.id] = name;
      return s;
    };
    const absent = async (studentId: string, schoolId: string, dates: string[]) => {
      for (const date of dates) {
        await app.ds.query(`INSERT INTO attendance_day (student_id, calendar_date, school_id, category) VALUES ($1, $2, $3, 'UNEXCUSED_ABSENCE')`, [studentId, date, schoolId]);
      }
    };
    const caseWithAction = async (studentId: string, schoolId: string, actionDate: string, closedOn: string | null = null) => {
      const [row] = await app.ds.query(
        `INSERT INTO attendance_case (student_id, school_id, school_year_id, tier, reason, owner_id, status, opened_on, opened_by, closed_on, outcome)
         VALUES ($1, $2, $3, 2, 'test', $4, $5, $6, $4, $7, $8) RETURNING id`,
        [studentId, schoolId, yearId, admin.id, closedOn ? 'CLOSED' : 'OPEN', actionDate, closedOn, closedOn ? 'IMPROVED' : null],
      );
      await app.ds.query(
        `INSERT INTO attendance_action (case_id, student_id, type, action_date, staff_id, recorded_by) VALUES ($1, $2, 'HOME_VISIT', $3, $4, $4)`,
        [row.id, studentId, actionDate, admin.id],
      );
    };

    const i1 = await enroll('I1', a, '2026-08-24');
    await absent(i1.id, a.id, ['2026-08-25', '2026-08-27', '2026-09-01', '2026-09-22']);
    await caseWithAction(i1.id, a.id, '2026-09-10');

    const i2 = await enroll('I2', a, '2026-08-24');
    await absent(i2.id, a.id, ['2026-09-01', '2026-09-22', '2026-09-23', '2026-09-29']);
    await caseWithAction(i2.id, a.id, '2026-09-10');

    const i3 = await enroll('I3', a, '2026-08-24');
    await absent(i3.id, a.id, ['2026-08-25', '2026-08-26']);
    await caseWithAction(i3.id, a.id, '2026-09-03');

    const i4 = await enroll('I4', a, '2026-08-24', '2026-09-11');
    await app.ds.query(`INSERT INTO enrollment (student_id, school_id, grade_level, entry_date) VALUES ($1, $2, 5, '2026-09-14')`, [i4.id, b.id]);
    await absent(i4.id, a.id, ['2026-08-26', '2026-08-27', '2026-09-08']);
    await caseWithAction(i4.id, a.id, '2026-09-14');

    const i5 = await enroll('I5', b, '2026-08-24');
    await absent(i5.id, b.id, ['2026-08-25', '2026-08-26', '2026-10-13', '2026-10-14', '2026-10-15']);
    await caseWithAction(i5.id, b.id, '2026-09-09', '2026-09-11');
    await caseWithAction(i5.id, b.id, '2026-09-15');

    const i6 = await enroll('I6', b, '2026-08-24');
    await absent(i6.id, b.id, ['2026-09-28']);
    await caseWithAction(i6.id, b.id, '2026-10-01');

    await rebuildSummaries(app.ds.manager);
  });
  afterAll(() => app.close());

  const KEY = 'IMPROVED_AFTER_INTERVENTION';
  const run = async (variables: Record<string, unknown>) => {
    const response = await app.gql(INDICATORS_QUERY, { keys: [KEY], ...variables }, token);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const cells = (data: any) => data.indicators[0].breakdown.map((c: any) => [c.school?.name ?? c.gradeLevel, c.cell.numerator, c.cell.denominator]);
  const drill = async (part: string, asOf?: string) => {
    const response = await app.gql(
      `query ($part: IndicatorPart!, $asOf: LocalDate) { indicatorStudents(key: ${KEY}, part: $part, asOf: $asOf, first: 50) { nodes { localId } } }`,
      { part, asOf },
      token,
    );
    expect(response.errors).toBeUndefined();
    return response.data.indicatorStudents.nodes.map((n: any) => n.localId).sort();
  };

  it('counts students whose attendance improved in the 30 days after their first intervention', async () => {
    const data = await run({ breakdown: 'SCHOOL' });
    // Judged: I1, I2, I4, I5 (I3 too few days before, I6 window open); improved I1, I4, I5. 3 of 4.
    expect(totals(data)[KEY]).toEqual([3, 4, 75]);
    // A (case school): I1, I2, I4 -> 2/3; B: I5 -> 1/1 (counted once for two cases).
    expect(cells(data)).toEqual([
      ['Alpha School', 2, 3],
      ['Beta School', 1, 1],
    ]);
    // I4 in grade 5 (enrolled at B on its first action's day).
    expect(cells(await run({ breakdown: 'GRADE' }))).toEqual([
      ['G4', 2, 3],
      ['G5', 1, 1],
    ]);
    expect(await drill('NUMERATOR')).toEqual(['I1', 'I4', 'I5']);
    expect(await drill('DENOMINATOR')).toEqual(['I1', 'I2', 'I4', 'I5']);
  });

  it('judges only windows closed by a past date', async () => {
    // 10-09: I5 case 1 closed (10-09); I1, I2 close 10-10; I4 10-14. 1 of 1.
    expect(totals(await run({ asOf: '2026-10-09' }))[KEY]).toEqual([1, 1, 100]);
    expect(await drill('DENOMINATOR', '2026-10-09')).toEqual(['I5']);
    // 10-12: + I1 (improved), I2 (not). 2 of 3.
    expect(totals(await run({ asOf: '2026-10-12', scope: { schoolId: gid('School', schools.a) } }))[KEY]).toEqual([1, 2, 50]);
    expect(totals(await run({ asOf: '2026-10-12' }))[KEY]).toEqual([2, 3, 66.7]);
    // Before any window closed: nothing to judge.
    expect(totals(await run({ asOf: '2026-10-01' }))[KEY]).toEqual([0, 0, null]);
  });

  it('agrees with the improved-after-an-intervention queue (parity)', async () => {
    for (const asOf of ['2026-10-09', '2026-10-12', '2026-10-15']) {
      const queue = [
        ...(await runSql<{ studentId: string }>(app.ds.manager, improvedAfterInterventionSql({ bySchool: true }), { schoolId: schools.a, toDate: asOf })),
        ...(await runSql<{ studentId: string }>(app.ds.manager, improvedAfterInterventionSql({ bySchool: true }), { schoolId: schools.b, toDate: asOf })),
      ];
      // Every student here has one improved case in the queue at most, and it is their first intervention.
      expect(await drill('NUMERATOR', asOf)).toEqual(queue.map((r) => local[r.studentId]).sort());
    }
  });
});
