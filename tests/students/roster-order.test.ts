import { StaffRole } from '../../src/common/auth/roles';
import type { SchoolEntity } from '../../src/modules/schools/school.entity';
import type { StaffUserEntity } from '../../src/modules/staff/staff.entity';
import { EnrollmentEntity, type StudentEntity } from '../../src/modules/students/student.entity';
import { factories, gid } from '../support/factories';
import { pageThroughRoster, ROSTER_PAGE, type RosterPage } from './roster-paging';
import { startTestApp, TEST_TODAY, type TestApp } from '../support/test-app';

const PAGE = ROSTER_PAGE;
const SCHOOL_STUDENTS = `query ($school: ID!, $first: Int!, $after: String) {
  school(id: $school) { students(first: $first, after: $after) { ${PAGE} } } }`;
const STUDENTS = `query ($filter: StudentFilter!, $first: Int!, $after: String) {
  students(filter: $filter, first: $first, after: $after) { ${PAGE} } }`;
const UPDATE = `mutation ($input: StudentUpdateInput!) {
  studentUpdate(input: $input) { student { id familyName } userErrors { code field message } } }`;


/** Names of plain ASCII letters: they sort alike in every collation, so JavaScript's order is the database's. */
const byRosterOrder = (a: StudentEntity, b: StudentEntity) =>
  a.familyName !== b.familyName ? (a.familyName < b.familyName ? -1 : 1) : a.givenName !== b.givenName ? (a.givenName < b.givenName ? -1 : 1) : a.id < b.id ? -1 : 1;

/**
 * A school's students are read from enrollment in roster order (enrollment_roster_idx over the
 * copies of the students' names that enrollment's and student's triggers keep, migration
 * 1795801800000): the pages must hold exactly the students the student table would give, in the
 * same order, with the same cursors.
 */
describe("a school's roster in name order", () => {
  let app: TestApp;
  let f: ReturnType<typeof factories>;
  let roster: SchoolEntity;
  let elsewhere: SchoolEntity;
  let districtAdmin: StaffUserEntity;
  /** Enrolled at `roster` today and not deleted: what a district-wide viewer must page through. */
  const listed: StudentEntity[] = [];

  const enrolledNames = (studentId: string) =>
    app.ds.query(`SELECT family_name AS "familyName", given_name AS "givenName" FROM enrollment WHERE student_id = $1 ORDER BY entry_date`, [studentId]);

  const pageThrough = (user: StaffUserEntity, request: (after: string | null) => [string, Record<string, unknown>], pick: (data: any) => RosterPage) =>
    pageThroughRoster(app, user, request, pick);

  const schoolPages = (user: StaffUserEntity, school: SchoolEntity = roster) =>
    pageThrough(user, (after) => [SCHOOL_STUDENTS, { school: gid('School', school.id), first: 2, after }], (d) => d.school.students);
  const filteredPages = (user: StaffUserEntity, filter: Record<string, unknown>) =>
    pageThrough(user, (after) => [STUDENTS, { filter: { schoolId: gid('School', roster.id), ...filter }, first: 2, after }], (d) => d.students);
  const idsOf = (students: StudentEntity[]) => [...students].sort(byRosterOrder).map((s) => gid('Student', s.id));

  beforeAll(async () => {
    app = await startTestApp();
    f = factories(app.ds);
    roster = await f.school({ code: 'ROSTER1', name: 'Roster Order Test School' });
    elsewhere = await f.school({ code: 'ROSTER2', name: 'Roster Order Other School' });
    districtAdmin = await f.staff(StaffRole.DISTRICT_ADMIN);

    // Ties: the same family name, and three students with the same family and given names (then by id).
    for (const [familyName, givenName] of [['Okafor', 'Ada'], ['Okafor', 'Ada'], ['Okafor', 'Ada'], ['Okafor', 'Bayo'], ['Lindqvist', 'Ada'], ['Moreau', 'Zoe'], ['Abara', 'Tunde']]) {
      listed.push(await f.student(roster, { familyName, givenName }));
    }
    // Leaves today: the exit date is the last day enrolled, so still listed.
    listed.push(await f.student(roster, { familyName: 'Quist', givenName: 'Mara' }, { exitDate: TEST_TODAY }));
    // Transferred in: enrolled elsewhere until October 9, here from October 10.
    const movedIn = await f.student(elsewhere, { familyName: 'Nakamura', givenName: 'Ren' }, { exitDate: '2026-10-09' });
    await app.ds.manager.insert(EnrollmentEntity, { studentId: movedIn.id, schoolId: roster.id, gradeLevel: 4, entryDate: '2026-10-10', exitDate: null });
    listed.push(movedIn);

    // Not listed: transferred out (here until October 1, elsewhere since), enrolling later, only
    // enrolled elsewhere, and a deleted student still enrolled here.
    const movedOut = await f.student(roster, { familyName: 'Okafor', givenName: 'Chidi' }, { exitDate: '2026-10-01' });
    await app.ds.manager.insert(EnrollmentEntity, { studentId: movedOut.id, schoolId: elsewhere.id, gradeLevel: 4, entryDate: '2026-10-02', exitDate: null });
    await f.student(roster, { familyName: 'Lindqvist', givenName: 'Bo' }, { entryDate: '2026-10-20' });
    await f.student(elsewhere, { familyName: 'Moreau', givenName: 'Anne' });
    const deleted = await f.student(roster, { familyName: 'Okafor', givenName: 'Ada' });
    await app.ds.query(`UPDATE student SET deleted_at = now() WHERE id = $1`, [deleted.id]);
  });
  afterAll(() => app.close());

  it("copies the student's names into each enrollment, whoever inserts it", async () => {
    const [student] = listed;
    expect(await enrolledNames(student.id)).toEqual([{ familyName: 'Okafor', givenName: 'Ada' }]);
    const other = await f.student(null, { familyName: 'Eze', givenName: 'Ngozi' });
    await app.ds.query(
      `INSERT INTO enrollment (student_id, school_id, grade_level, entry_date, exit_date, family_name, given_name)
       VALUES ($1, $2, 4, '2026-08-26', '2026-09-30', 'Forged', 'Name'), ($1, $2, 4, '2026-10-01', NULL, 'Forged', 'Name')`,
      [other.id, elsewhere.id],
    );
    expect(await enrolledNames(other.id)).toEqual([
      { familyName: 'Eze', givenName: 'Ngozi' },
      { familyName: 'Eze', givenName: 'Ngozi' },
    ]);
    // The entity neither reads nor writes them: the database owns them.
    const entity = await app.ds.manager.findOneByOrFail(EnrollmentEntity, { studentId: other.id, entryDate: '2026-10-01' });
    expect(entity).not.toHaveProperty('familyName');
    // Nor can SQL set them to anything else; an enrollment moved to another student takes that student's names.
    await app.ds.query(`UPDATE enrollment SET family_name = 'Forged' WHERE id = $1`, [entity.id]);
    expect(await enrolledNames(other.id)).toEqual([
      { familyName: 'Eze', givenName: 'Ngozi' },
      { familyName: 'Eze', givenName: 'Ngozi' },
    ]);
    const target = await f.student(null, { familyName: 'Adeyemi', givenName: 'Tolu' });
    await app.ds.query(`UPDATE enrollment SET student_id = $1 WHERE id = $2`, [target.id, entity.id]);
    expect(await enrolledNames(target.id)).toEqual([{ familyName: 'Adeyemi', givenName: 'Tolu' }]);
  });

  it("follows a student's rename into every enrollment, and rewrites none when no name changed", async () => {
    const student = await f.student(elsewhere, { familyName: 'Varga', givenName: 'Ilona' }, { exitDate: '2026-09-30' });
    await app.ds.manager.insert(EnrollmentEntity, { studentId: student.id, schoolId: elsewhere.id, gradeLevel: 4, entryDate: '2026-10-01', exitDate: null });
    const versions = () => app.ds.query(`SELECT xmin::text FROM enrollment WHERE student_id = $1 ORDER BY entry_date`, [student.id]);
    const before = await versions();
    await app.ds.query(`UPDATE student SET grade_level = 5, family_name = family_name WHERE id = $1`, [student.id]);
    expect(await versions()).toEqual(before);

    await app.ds.query(`UPDATE student SET given_name = 'Ilka' WHERE id = $1`, [student.id]);
    expect(await enrolledNames(student.id)).toEqual([
      { familyName: 'Varga', givenName: 'Ilka' },
      { familyName: 'Varga', givenName: 'Ilka' },
    ]);
  });

  it('pages a school\'s students in pages of 2: each enrolled student once, by family, given name and id, with the count', async () => {
    const { ids, totals } = await schoolPages(districtAdmin);
    expect(ids).toEqual(idsOf(listed));
    expect(totals).toEqual([listed.length]);
  });

  it('keeps the filters, through Query.students by school', async () => {
    const okafors = listed.filter((s) => s.familyName === 'Okafor');
    const searched = await filteredPages(districtAdmin, { search: 'Okaf' });
    expect(searched.ids).toEqual(idsOf(okafors));
    expect(searched.totals).toEqual([okafors.length]);

    const older = listed[5];
    await app.ds.query(`UPDATE student SET grade_level = 7 WHERE id = $1`, [older.id]);
    try {
      const graded = await filteredPages(districtAdmin, { gradeLevel: 'G7' });
      expect(graded).toEqual({ ids: [gid('Student', older.id)], totals: [1] });
    } finally {
      await app.ds.query(`UPDATE student SET grade_level = 4 WHERE id = $1`, [older.id]);
    }
  });

  it("shows a scoped viewer only their scope: a school's counselor all of it, another school's only their caseload", async () => {
    const counselor = await f.staff(StaffRole.COUNSELOR, [roster]);
    expect((await schoolPages(counselor)).ids).toEqual(idsOf(listed));

    const otherCounselor = await f.staff(StaffRole.COUNSELOR, [elsewhere]);
    const caseload = [listed[1], listed[2], listed[6]];
    for (const student of caseload) await f.caseload(otherCounselor, student);
    const scoped = await schoolPages(otherCounselor);
    expect(scoped.ids).toEqual(idsOf(caseload));
    expect(scoped.totals).toEqual([caseload.length]);

    const teacher = await f.staff(StaffRole.TEACHER, [roster]);
    expect(await schoolPages(teacher)).toEqual({ ids: [], totals: [0] });
  });

  it('moves a renamed student to their new place in the roster', async () => {
    const admin = await f.staff(StaffRole.SCHOOL_ADMIN, [roster]);
    const renamed = listed[6]; // Abara, first in the roster
    const response = await app.gql(UPDATE, { input: { id: gid('Student', renamed.id), expectedVersion: renamed.version, familyName: 'Zubiri' } }, app.token(admin.id));
    expect(response.errors).toBeUndefined();
    expect(response.data.studentUpdate.userErrors).toEqual([]);
    renamed.familyName = 'Zubiri';
    const { ids } = await schoolPages(districtAdmin);
    expect(ids).toEqual(idsOf(listed));
    expect(ids[ids.length - 1]).toBe(gid('Student', renamed.id));
  });
});
