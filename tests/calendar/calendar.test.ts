import { StaffRole } from '../../src/common/auth/roles';
import type { StaffUserEntity } from '../../src/modules/staff/staff.entity';
import { factories, gid } from '../support/factories';
import { startTestApp, TEST_TODAY, type GraphQLResponse, type TestApp } from '../support/test-app';

const USER_ERRORS = 'userErrors { code field message }';
const YEAR_FIELDS = 'id name startDate endDate terms { name startDate endDate } instructionalDays { total elapsed }';
const CREATE = `mutation ($input: SchoolYearCreateInput!) { schoolYearCreate(input: $input) { schoolYear { ${YEAR_FIELDS} } ${USER_ERRORS} } }`;
const UPDATE = `mutation ($input: SchoolYearCalendarUpdateInput!) {
  schoolYearCalendarUpdate(input: $input) { schoolYear { ${YEAR_FIELDS} } ${USER_ERRORS} } }`;

/**
 * Counts instructional days the slow, obvious way: every day from start to end (inclusive) that
 * is a Monday-Friday and not one of the closed dates.
 */
function countInstructionalDays(start: string, end: string, closed: string[] = [], upTo?: string): number {
  const closedSet = new Set(closed);
  let total = 0;
  const day = new Date(`${start}T12:00:00Z`);
  const last = new Date(`${end}T12:00:00Z`);
  while (day <= last) {
    const iso = day.toISOString().slice(0, 10);
    if (upTo !== undefined && iso > upTo) break;
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !closedSet.has(iso)) total += 1;
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return total;
}

describe('school calendar', () => {
  let app: TestApp;
  let districtAdmin: StaffUserEntity;
  let teacher: StaffUserEntity;
  let schoolAdmin: StaffUserEntity;

  // 2027-2028: Labor Day, Thanksgiving (Wed-Fri), Christmas Eve and MLK Day closed.
  const NEXT_YEAR = {
    name: '2027-2028',
    startDate: '2027-08-25',
    endDate: '2028-06-14',
    terms: [
      // Given out of order on purpose: terms come back by start date.
      { name: 'Spring 2028', startDate: '2028-01-18', endDate: '2028-06-14' },
      { name: 'Fall 2027', startDate: '2027-08-25', endDate: '2028-01-14' },
    ],
    nonInstructionalDates: ['2027-09-06', '2027-11-24', '2027-11-25', '2027-11-26', '2027-12-24', '2028-01-17'],
  };
  let nextYearId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const school = await f.school();
    districtAdmin = await f.staff(StaffRole.DISTRICT_ADMIN);
    teacher = await f.staff(StaffRole.TEACHER, [school]);
    schoolAdmin = await f.staff(StaffRole.SCHOOL_ADMIN, [school]);
  });
  afterAll(() => app.close());

  const as = (user: StaffUserEntity) => app.token(user.id);
  const ok = <T = any>(response: GraphQLResponse<T>): T => {
    expect(response.errors).toBeUndefined();
    expect(response.status).toBe(200);
    return response.data as T;
  };
  const count = async (sql: string, params: unknown[] = []) => (await app.ds.query(sql, params))[0].count as number;
  const yearCount = () => count('SELECT count(*)::int AS count FROM school_year');

  describe('schoolYearCreate', () => {
    it('creates 2027-2028 with two terms; total instructional days = weekdays less the closed dates', async () => {
      const expectedTotal = countInstructionalDays(NEXT_YEAR.startDate, NEXT_YEAR.endDate, NEXT_YEAR.nonInstructionalDates);
      // Sanity check of the hand count: all six closures fall on weekdays.
      expect(countInstructionalDays(NEXT_YEAR.startDate, NEXT_YEAR.endDate)).toBe(expectedTotal + 6);

      const data = ok(await app.gql(CREATE, { input: NEXT_YEAR }, as(districtAdmin)));
      expect(data.schoolYearCreate.userErrors).toEqual([]);
      const year = data.schoolYearCreate.schoolYear;
      nextYearId = year.id;
      expect(year).toEqual({
        id: expect.any(String),
        name: '2027-2028',
        startDate: '2027-08-25',
        endDate: '2028-06-14',
        terms: [
          { name: 'Fall 2027', startDate: '2027-08-25', endDate: '2028-01-14' },
          { name: 'Spring 2028', startDate: '2028-01-18', endDate: '2028-06-14' },
        ],
        instructionalDays: { total: expectedTotal, elapsed: 0 },
      });
      // The closed dates and weekends are not instructional days.
      const closedStored = await count(
        'SELECT count(*)::int AS count FROM instructional_day WHERE calendar_date = ANY($1::date[])',
        [NEXT_YEAR.nonInstructionalDates],
      );
      expect(closedStored).toBe(0);
      const weekends = await count('SELECT count(*)::int AS count FROM instructional_day WHERE extract(isodow FROM calendar_date) IN (6, 7)');
      expect(weekends).toBe(0);

      // Readable by anyone signed in, refetchable by node(id).
      const node = ok(await app.gql('query ($id: ID!) { node(id: $id) { id ... on SchoolYear { name } } }', { id: year.id }, as(teacher)));
      expect(node.node).toEqual({ id: year.id, name: '2027-2028' });
    });

    it('counts elapsed instructional days up to and including today for the current year', async () => {
      const input = {
        name: '2026-2027',
        startDate: '2026-08-26',
        endDate: '2027-06-11',
        terms: [
          { name: 'Semester 1', startDate: '2026-08-26', endDate: '2027-01-15' },
          { name: 'Semester 2', startDate: '2027-01-19', endDate: '2027-06-11' },
        ],
        nonInstructionalDates: ['2026-09-07', '2026-10-12', '2026-11-26', '2026-11-27'],
      };
      const data = ok(await app.gql(CREATE, { input }, as(districtAdmin)));
      expect(data.schoolYearCreate.userErrors).toEqual([]);
      const expected = {
        total: countInstructionalDays(input.startDate, input.endDate, input.nonInstructionalDates),
        elapsed: countInstructionalDays(input.startDate, input.endDate, input.nonInstructionalDates, TEST_TODAY),
      };
      expect(data.schoolYearCreate.schoolYear.instructionalDays).toEqual(expected);

      const current = ok(await app.gql(`{ currentSchoolYear { name instructionalDays { total elapsed } } }`, {}, as(teacher)));
      expect(current.currentSchoolYear).toEqual({ name: '2026-2027', instructionalDays: expected });
      const all = ok(await app.gql('{ schoolYears { name } }', {}, as(teacher)));
      expect(all.schoolYears).toEqual([{ name: '2027-2028' }, { name: '2026-2027' }]);
    });

    it('overlapping terms are INVALID on input.terms; nothing is written', async () => {
      const before = await yearCount();
      const data = ok(await app.gql(CREATE, {
        input: {
          name: '2029-2030',
          startDate: '2029-08-27',
          endDate: '2030-06-14',
          terms: [
            { name: 'Fall 2029', startDate: '2029-08-27', endDate: '2030-01-17' },
            { name: 'Spring 2030', startDate: '2030-01-10', endDate: '2030-06-14' },
          ],
        },
      }, as(districtAdmin)));
      expect(data.schoolYearCreate).toEqual({ schoolYear: null, userErrors: [{ code: 'INVALID', field: ['input', 'terms'], message: expect.any(String) }] });
      expect(await yearCount()).toBe(before);
    });

    it('a term outside the year is INVALID on that term; a year ending before it starts is INVALID on input.endDate', async () => {
      const outside = ok(await app.gql(CREATE, {
        input: {
          name: '2029-2030',
          startDate: '2029-08-27',
          endDate: '2030-06-14',
          terms: [{ name: 'Summer', startDate: '2030-06-17', endDate: '2030-07-31' }],
        },
      }, as(districtAdmin)));
      expect(outside.schoolYearCreate.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'terms', '0'], message: expect.any(String) }]);
      const backwards = ok(await app.gql(CREATE, {
        input: { name: '2029-2030', startDate: '2030-06-14', endDate: '2029-08-27', terms: [] },
      }, as(districtAdmin)));
      expect(backwards.schoolYearCreate.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'endDate'], message: expect.any(String) }]);
    });

    it('a year overlapping another is CONFLICT; nothing is written', async () => {
      const before = await yearCount();
      const days = await count('SELECT count(*)::int AS count FROM instructional_day');
      const data = ok(await app.gql(CREATE, {
        input: {
          name: '2028-2029',
          startDate: '2028-06-01',
          endDate: '2029-06-15',
          terms: [{ name: 'Whole year', startDate: '2028-06-01', endDate: '2029-06-15' }],
        },
      }, as(districtAdmin)));
      expect(data.schoolYearCreate).toEqual({ schoolYear: null, userErrors: [{ code: 'CONFLICT', field: ['input', 'startDate'], message: expect.any(String) }] });
      expect(await yearCount()).toBe(before);
      expect(await count('SELECT count(*)::int AS count FROM instructional_day')).toBe(days);
    });

    it('two overlapping years created concurrently: exactly one is created, the other is CONFLICT', async () => {
      const before = await yearCount();
      const inputs = [
        { name: '2033-2034', startDate: '2033-08-24', endDate: '2034-06-16', terms: [] },
        { name: '2034-2035', startDate: '2034-06-01', endDate: '2035-06-15', terms: [] },
      ];
      const responses = await Promise.all(inputs.map((input) => app.gql(CREATE, { input }, as(districtAdmin))));
      for (const response of responses) expect(response.errors).toBeUndefined();
      const payloads = responses.map((r) => r.data!.schoolYearCreate);
      expect(payloads.filter((p) => p.userErrors.length === 0)).toHaveLength(1);
      expect(payloads.find((p) => p.userErrors.length > 0)!.userErrors).toEqual([
        { code: 'CONFLICT', field: ['input', 'startDate'], message: expect.any(String) },
      ]);
      expect(await yearCount()).toBe(before + 1);
    });

    it('a second year with an existing name is DUPLICATE on input.name', async () => {
      const data = ok(await app.gql(CREATE, {
        input: { name: '2027-2028', startDate: '2040-08-27', endDate: '2041-06-14', terms: [] },
      }, as(districtAdmin)));
      expect(data.schoolYearCreate).toEqual({ schoolYear: null, userErrors: [{ code: 'DUPLICATE', field: ['input', 'name'], message: expect.any(String) }] });
      const leaked = await count("SELECT count(*)::int AS count FROM instructional_day WHERE calendar_date >= '2040-01-01'");
      expect(leaked).toBe(0);
    });

    it.each([
      ['TEACHER', () => teacher],
      ['SCHOOL_ADMIN', () => schoolAdmin],
    ])('%s calling schoolYearCreate gets FORBIDDEN and nothing is written', async (_role, user) => {
      const before = await yearCount();
      const response = await app.gql(CREATE, {
        input: { name: '2031-2032', startDate: '2031-08-25', endDate: '2032-06-11', terms: [] },
      }, as(user()));
      expect(response.data ?? null).toBeNull();
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0].extensions?.code).toBe('FORBIDDEN');
      expect(await yearCount()).toBe(before);
    });
  });

  describe('schoolYearCalendarUpdate', () => {
    const stats = async () =>
      ok(await app.gql('query ($id: ID!) { node(id: $id) { ... on SchoolYear { instructionalDays { total elapsed } } } }', { id: nextYearId }, as(teacher)))
        .node.instructionalDays;

    it('adds a make-up day and removes a snow day', async () => {
      const before = await stats();
      const data = ok(await app.gql(UPDATE, {
        input: { id: nextYearId, addDates: ['2027-10-09'], removeDates: ['2027-12-14'] },
      }, as(districtAdmin)));
      expect(data.schoolYearCalendarUpdate.userErrors).toEqual([]);
      expect(data.schoolYearCalendarUpdate.schoolYear.instructionalDays).toEqual(before);

      const added = ok(await app.gql(UPDATE, { input: { id: nextYearId, addDates: ['2027-10-16', '2027-11-24'] } }, as(districtAdmin)));
      expect(added.schoolYearCalendarUpdate.schoolYear.instructionalDays.total).toBe(before.total + 2);
      const removed = ok(await app.gql(UPDATE, { input: { id: nextYearId, removeDates: ['2027-12-13', '2027-12-15'] } }, as(districtAdmin)));
      expect(removed.schoolYearCalendarUpdate.schoolYear.instructionalDays.total).toBe(before.total);

      const expected = countInstructionalDays(
        NEXT_YEAR.startDate,
        NEXT_YEAR.endDate,
        [...NEXT_YEAR.nonInstructionalDates.filter((d) => d !== '2027-11-24'), '2027-12-13', '2027-12-14', '2027-12-15'],
      ) + 2; // plus the two Saturday make-up days
      expect(await stats()).toEqual({ total: expected, elapsed: 0 });
      const days = (await app.ds.query(
        "SELECT calendar_date FROM instructional_day WHERE calendar_date BETWEEN '2027-10-09' AND '2027-10-16' ORDER BY 1",
      )).map((r: { calendar_date: string }) => r.calendar_date);
      expect(days).toEqual(['2027-10-09', '2027-10-11', '2027-10-12', '2027-10-13', '2027-10-14', '2027-10-15', '2027-10-16']);
    });

    it('adding a day that is already instructional, or removing one that is not, changes nothing', async () => {
      const before = await stats();
      const data = ok(await app.gql(UPDATE, {
        input: { id: nextYearId, addDates: ['2027-09-01'], removeDates: ['2027-09-04'] },
      }, as(districtAdmin)));
      expect(data.schoolYearCalendarUpdate.userErrors).toEqual([]);
      expect(data.schoolYearCalendarUpdate.schoolYear.instructionalDays).toEqual(before);
    });

    it('a date outside the year is INVALID naming input.addDates (or input.removeDates), and nothing changes', async () => {
      const before = await stats();
      const data = ok(await app.gql(UPDATE, {
        input: { id: nextYearId, addDates: ['2027-10-23', '2028-06-17'] },
      }, as(districtAdmin)));
      expect(data.schoolYearCalendarUpdate).toEqual({
        schoolYear: null,
        userErrors: [{ code: 'INVALID', field: ['input', 'addDates'], message: expect.stringContaining('2028-06-17') }],
      });
      const removing = ok(await app.gql(UPDATE, { input: { id: nextYearId, removeDates: ['2027-08-24'] } }, as(districtAdmin)));
      expect(removing.schoolYearCalendarUpdate.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'removeDates'], message: expect.any(String) }]);
      expect(await stats()).toEqual(before);
      expect(await count("SELECT count(*)::int AS count FROM instructional_day WHERE calendar_date = '2027-10-23'")).toBe(0);
    });

    it('an unknown year is NOT_FOUND; a TEACHER gets FORBIDDEN', async () => {
      const missing = ok(await app.gql(UPDATE, {
        input: { id: gid('SchoolYear', '00000000-0000-4000-8000-000000000000'), addDates: ['2027-10-23'] },
      }, as(districtAdmin)));
      expect(missing.schoolYearCalendarUpdate.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'id'], message: expect.any(String) }]);
      const forbidden = await app.gql(UPDATE, { input: { id: nextYearId, addDates: ['2027-10-23'] } }, as(teacher));
      expect(forbidden.data ?? null).toBeNull();
      expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });
});
