import { StaffRole } from '../../src/common/auth/roles';
import { scopeCoversSchoolEnrollment } from '../../src/common/auth/student-scope';
import { InterventionPlanOutcome, InterventionPlanStatus } from '../../src/modules/interventions/intervention-enums';
import type { SchoolEntity } from '../../src/modules/schools/school.entity';
import type { StaffUserEntity } from '../../src/modules/staff/staff.entity';
import { EnrollmentEntity, type StudentEntity } from '../../src/modules/students/student.entity';
import { indicatorData } from '../indicators/support';
import { interventionFactories } from '../interventions/support';
import { factories, gid } from '../support/factories';
import { pageThroughRoster, ROSTER_PAGE, type RosterPage } from './roster-paging';
import { startTestApp, type TestApp } from '../support/test-app';

const PAGE = ROSTER_PAGE;
const SCHOOL_STUDENTS = `query ($school: ID!, $first: Int!, $after: String) {
  school(id: $school) { students(first: $first, after: $after) { ${PAGE} } } }`;
const STUDENTS = `query ($filter: StudentFilter, $first: Int!, $after: String) {
  students(filter: $filter, first: $first, after: $after) { ${PAGE} } }`;


/** Names of plain ASCII letters: they sort alike in every collation, so JavaScript's order is the database's. */
const byRosterOrder = (a: StudentEntity, b: StudentEntity) =>
  a.familyName !== b.familyName ? (a.familyName < b.familyName ? -1 : 1) : a.givenName !== b.givenName ? (a.givenName < b.givenName ? -1 : 1) : a.id < b.id ? -1 : 1;
const idsOf = (students: StudentEntity[]) => [...students].sort(byRosterOrder).map((s) => gid('Student', s.id));

/**
 * A scoped viewer's page of a school's students (StudentService.list through
 * scopeRosterToViewer): the scope filters the roster rows as the index yields them, and is left
 * out where the roster implies it (a counselor's or school admin's own school). Either way each
 * role must page through exactly the students the scope rules let it see at that school, in
 * roster order, with the same count, as the plain scope condition over the student table gives.
 */
describe("a school's roster, as each scoped role sees it", () => {
  let app: TestApp;
  let f: ReturnType<typeof factories>;
  let schoolA: SchoolEntity;
  let schoolB: SchoolEntity;
  let districtAdmin: StaffUserEntity;
  const staff: Record<string, StaffUserEntity> = {};
  /** Who each viewer must see at each school, from the fixtures below. */
  const expected: Record<string, { A: StudentEntity[]; B: StudentEntity[] }> = {};

  const pageThrough = (user: StaffUserEntity, request: (after: string | null) => [string, Record<string, unknown>], pick: (data: any) => RosterPage) =>
    pageThroughRoster(app, user, request, pick);

  const schoolPages = (user: StaffUserEntity, school: SchoolEntity) =>
    pageThrough(user, (after) => [SCHOOL_STUDENTS, { school: gid('School', school.id), first: 2, after }], (d) => d.school.students);

  /**
   * The students `user` may see at `school` by the scope rules applied the plain way: the user's
   * own list without a school (scopeToViewer on the student table), kept to those a district
   * admin finds on the school's roster, in the roster's order.
   */
  async function visibleByRules(user: StaffUserEntity, school: SchoolEntity): Promise<string[]> {
    const inScope = new Set((await pageThrough(user, (after) => [STUDENTS, { first: 2, after }], (d) => d.students)).ids);
    const roster = await schoolPages(districtAdmin, school);
    return roster.ids.filter((id) => inScope.has(id));
  }

  beforeAll(async () => {
    app = await startTestApp();
    f = factories(app.ds);
    const data = indicatorData(app.ds);
    const plans = interventionFactories(app.ds);
    const yearId = await data.schoolYear();
    schoolA = await f.school({ code: 'RSCOPE1', name: 'Roster Scope School A' });
    schoolB = await f.school({ code: 'RSCOPE2', name: 'Roster Scope School B' });
    districtAdmin = await f.staff(StaffRole.DISTRICT_ADMIN);

    const atA: StudentEntity[] = [];
    // Ties on family name, and on family and given name (then by id).
    for (const [familyName, givenName] of [['Okafor', 'Ada'], ['Okafor', 'Ada'], ['Okafor', 'Bayo'], ['Lindqvist', 'Ada'], ['Moreau', 'Zoe'], ['Abara', 'Tunde'], ['Quist', 'Mara'], ['Haddad', 'Lina']]) {
      atA.push(await f.student(schoolA, { familyName, givenName }));
    }
    const atB: StudentEntity[] = [];
    for (const [familyName, givenName] of [['Okafor', 'Ada'], ['Brandt', 'Ola'], ['Castillo', 'Ines']]) {
      atB.push(await f.student(schoolB, { familyName, givenName }));
    }
    // Transferred out: at A until October 1, at B since October 2.
    const movedOut = await f.student(schoolA, { familyName: 'Okafor', givenName: 'Chidi' }, { exitDate: '2026-10-01' });
    await app.ds.manager.insert(EnrollmentEntity, { studentId: movedOut.id, schoolId: schoolB.id, gradeLevel: 4, entryDate: '2026-10-02', exitDate: null });
    // Enrolling at A after today; deleted while still enrolled at A.
    const enrollsLater = await f.student(schoolA, { familyName: 'Lindqvist', givenName: 'Bo' }, { entryDate: '2026-10-20' });
    const deleted = await f.student(schoolA, { familyName: 'Okafor', givenName: 'Ada' });
    await app.ds.query(`UPDATE student SET deleted_at = now() WHERE id = $1`, [deleted.id]);
    const everyoneAtA = atA;
    const everyoneAtB = [...atB, movedOut];

    // School-wide roles: all of their own school, and at another school only the students their
    // caseload or an active plan gives them.
    staff.schoolAdminA = await f.staff(StaffRole.SCHOOL_ADMIN, [schoolA]);
    await f.caseload(staff.schoolAdminA, atB[1]);
    await f.caseload(staff.schoolAdminA, deleted);
    expected.schoolAdminA = { A: everyoneAtA, B: [atB[1]] };

    staff.counselorA = await f.staff(StaffRole.COUNSELOR, [schoolA]);
    await f.caseload(staff.counselorA, movedOut);
    await plans.plan(atB[2], schoolB.id, staff.counselorA);
    expected.counselorA = { A: everyoneAtA, B: [movedOut, atB[2]] };

    staff.counselorB = await f.staff(StaffRole.COUNSELOR, [schoolB]);
    await f.caseload(staff.counselorB, atA[1]);
    await f.caseload(staff.counselorB, atA[5]);
    await f.caseload(staff.counselorB, enrollsLater);
    expected.counselorB = { A: [atA[1], atA[5]], B: everyoneAtB };

    // A teacher whose caseload spans both schools, with a transferred-out student (now at B), an
    // ended and a future assignment, and an open attendance case they own for a student they do
    // not teach (a closed one gives nothing).
    staff.teacher = await f.staff(StaffRole.TEACHER, [schoolA]);
    for (const student of [atA[0], atA[2], atA[4], atB[0], movedOut, deleted, enrollsLater]) await f.caseload(staff.teacher, student);
    await f.caseload(staff.teacher, atA[3], { endDate: '2026-10-14' });
    await f.caseload(staff.teacher, atA[6], { startDate: '2026-10-16' });
    const openCase = `INSERT INTO attendance_case (student_id, school_id, school_year_id, tier, reason, owner_id, status, opened_on, opened_by, closed_on, outcome)
      VALUES ($1, $2, $3, 2, 'Absences', $4, $5, '2026-09-15', $4, $6, $7)`;
    await app.ds.query(openCase, [atA[7].id, schoolA.id, yearId, staff.teacher.id, 'OPEN', null, null]);
    await app.ds.query(openCase, [atA[6].id, schoolA.id, yearId, staff.teacher.id, 'CLOSED', '2026-09-30', 'IMPROVED']);
    expected.teacher = { A: [atA[0], atA[2], atA[4], atA[7]], B: [atB[0], movedOut] };

    // An interventionist: active plans only.
    staff.interventionist = await f.staff(StaffRole.INTERVENTIONIST, [schoolA]);
    for (const student of [atA[1], atA[3], atA[6]]) await plans.plan(student, schoolA.id, staff.interventionist);
    await plans.plan(atA[0], schoolA.id, staff.interventionist, { status: InterventionPlanStatus.COMPLETED, closedDate: '2026-10-01', outcome: InterventionPlanOutcome.GOAL_MET });
    await plans.plan(atB[1], schoolB.id, staff.interventionist);
    expected.interventionist = { A: [atA[1], atA[3], atA[6]], B: [atB[1]] };

    // A tutor: the assignments in force today in the groups they tutor.
    staff.tutor = await f.staff(StaffRole.TUTOR, [schoolA]);
    const group = await data.tutoringGroup(yearId, schoolA, staff.tutor);
    await data.assign(group, atA[2], '2026-09-14', null, districtAdmin);
    await data.assign(group, atA[5], '2026-09-14', null, districtAdmin);
    await data.assign(group, atA[4], '2026-09-14', '2026-10-09', districtAdmin);
    expected.tutor = { A: [atA[2], atA[5]], B: [] };

    staff.teacherWithoutStudents = await f.staff(StaffRole.TEACHER, [schoolA]);
    expected.teacherWithoutStudents = { A: [], B: [] };
  });
  afterAll(() => app.close());

  it('leaves the scope out only for a district role, or a counselor or school admin at their own school', async () => {
    const viewer = (user: StaffUserEntity, schools: SchoolEntity[]) => ({ userId: user.id, email: user.email, role: user.role, schoolIds: schools.map((s) => s.id) });
    expect(scopeCoversSchoolEnrollment(viewer(districtAdmin, []), schoolA.id)).toBe(true);
    expect(scopeCoversSchoolEnrollment(viewer(staff.schoolAdminA, [schoolA]), schoolA.id)).toBe(true);
    expect(scopeCoversSchoolEnrollment(viewer(staff.counselorA, [schoolA]), schoolA.id)).toBe(true);
    expect(scopeCoversSchoolEnrollment(viewer(staff.counselorA, [schoolA]), schoolB.id)).toBe(false);
    expect(scopeCoversSchoolEnrollment(viewer(staff.teacher, [schoolA]), schoolA.id)).toBe(false);
    expect(scopeCoversSchoolEnrollment(viewer(staff.interventionist, [schoolA]), schoolA.id)).toBe(false);
    expect(scopeCoversSchoolEnrollment(viewer(staff.tutor, [schoolA]), schoolA.id)).toBe(false);
  });

  for (const name of ['schoolAdminA', 'counselorA', 'counselorB', 'teacher', 'interventionist', 'tutor', 'teacherWithoutStudents']) {
    it(`pages each school in pages of 2 for the ${name}: exactly their students there, in roster order, with the count`, async () => {
      for (const [key, school] of [['A', schoolA], ['B', schoolB]] as const) {
        const students = expected[name][key];
        const paged = await schoolPages(staff[name], school);
        expect({ school: key, ...paged }).toEqual({ school: key, ids: idsOf(students), totals: [students.length] });
        expect(paged.ids).toEqual(await visibleByRules(staff[name], school));
      }
    });
  }

  it('keeps the filters for a scoped viewer, through Query.students by school', async () => {
    const searched = await pageThrough(
      staff.teacher,
      (after) => [STUDENTS, { filter: { schoolId: gid('School', schoolA.id), search: 'Okaf' }, first: 2, after }],
      (d) => d.students,
    );
    const okafors = expected.teacher.A.filter((s) => s.familyName === 'Okafor');
    expect(okafors.length).toBeGreaterThan(1);
    expect(searched).toEqual({ ids: idsOf(okafors), totals: [okafors.length] });
  });
});
