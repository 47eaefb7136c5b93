import { StaffRole } from '../../src/common/auth/roles';
import { EnrollmentEntity } from '../../src/modules/students/student.entity';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { days, makeSchoolYear, recordDays } from './attendance-fixtures';

const SCHOOL = `query ($id: ID!) {
  school(id: $id) { attendance { studentsCounted chronicallyAbsentCount chronicallyAbsent { totalCount nodes { student { id } enrolledOnAsOf } } } }
}`;
const STUDENT = 'query ($id: ID!) { student(id: $id) { attendance { daysAbsent } attendanceDays { date } } }';
const DISTRICT = '{ districtAttendance { studentsCounted chronicallyAbsentCount } }';

/**
 * Who sees which attendance: school figures for the school's own staff and district roles; the
 * students in lists and on Student fields by the one scoping rule (src/common/auth/student-scope.ts).
 */
describe('attendance: scoping per role', () => {
  let app: TestApp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    await makeSchoolYear(app.ds);
    const s1 = await f.school();
    const s2 = await f.school();
    const a = await f.student(s1);
    const b = await f.student(s1);
    const c = await f.student(s1, {}, { entryDate: '2026-08-26', exitDate: '2026-09-30' });
    await app.ds.manager.insert(EnrollmentEntity, { studentId: c.id, schoolId: s2.id, gradeLevel: 4, entryDate: '2026-10-01', exitDate: null });
    Object.assign(ids, { a: gid('Student', a.id), b: gid('Student', b.id), c: gid('Student', c.id), s1: gid('School', s1.id), s2: gid('School', s2.id) });
    const teacher = await f.staff(StaffRole.TEACHER, [s1]);
    await f.caseload(teacher, a);
    tokens.teacher = app.token(teacher.id);
    tokens.tutor = app.token((await f.staff(StaffRole.TUTOR, [s1])).id);
    tokens.counselor = app.token((await f.staff(StaffRole.COUNSELOR, [s1])).id);
    tokens.admin2 = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [s2])).id);
    tokens.lead = app.token((await f.staff(StaffRole.DISTRICT_LEAD)).id);
    tokens.districtAdmin = app.token((await f.staff(StaffRole.DISTRICT_ADMIN)).id);
    const absent = (id: string, dates: string[]) => days(id, dates, 'UNEXCUSED_ABSENCE');
    await recordDays(app, tokens.districtAdmin, [
      ...absent(ids.a, ['2026-09-14', '2026-09-15', '2026-09-16', '2026-09-17']),
      ...absent(ids.b, ['2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08', '2026-10-09']),
      ...absent(ids.c, ['2026-09-14', '2026-09-15', '2026-09-16']),
    ]);
  });
  afterAll(() => app.close());

  const school = async (id: string, token: string) => {
    const response = await app.gql(SCHOOL, { id }, token);
    expect(response.errors).toBeUndefined();
    return response.data.school.attendance;
  };
  const listed = (attendance: any) => attendance.chronicallyAbsent.nodes.map((n: any) => [n.student.id, n.enrolledOnAsOf]);

  it('gives a school\'s figures to its staff and district roles, and its list within each viewer\'s scope', async () => {
    // A 4/38, B 5/38, C 3/25 at the first school (it left on 30 September): all chronic there.
    const lead = await school(ids.s1, tokens.lead);
    expect(lead).toMatchObject({ studentsCounted: 3, chronicallyAbsentCount: 3 });
    expect(listed(lead).sort()).toEqual([[ids.a, true], [ids.b, true], [ids.c, false]].sort());

    const counselor = await school(ids.s1, tokens.counselor);
    expect(counselor).toMatchObject({ studentsCounted: 3, chronicallyAbsentCount: 3 });
    expect(listed(counselor)).toEqual([[ids.b, true], [ids.a, true]]);
    expect(counselor.chronicallyAbsent.totalCount).toBe(2);
    const PAGE = `query ($id: ID!, $after: String) { school(id: $id) { attendance { chronicallyAbsent(first: 1, after: $after) {
      nodes { student { id } } pageInfo { hasNextPage endCursor } } } } }`;
    const page1 = (await app.gql(PAGE, { id: ids.s1 }, tokens.counselor)).data.school.attendance.chronicallyAbsent;
    expect(page1.nodes).toEqual([{ student: { id: ids.b } }]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await app.gql(PAGE, { id: ids.s1, after: page1.pageInfo.endCursor }, tokens.counselor)).data.school.attendance.chronicallyAbsent;
    expect(page2).toEqual({ nodes: [{ student: { id: ids.a } }], pageInfo: { hasNextPage: false, endCursor: expect.any(String) } });

    const teacher = await school(ids.s1, tokens.teacher);
    expect(listed(teacher)).toEqual([[ids.a, true]]);
    expect(listed(await school(ids.s1, tokens.tutor))).toEqual([]);

    expect(await school(ids.s2, tokens.counselor)).toBeNull();
    expect(await school(ids.s1, tokens.admin2)).toBeNull();
    expect(await school(ids.s2, tokens.admin2)).toMatchObject({ studentsCounted: 1, chronicallyAbsentCount: 0 });
  });

  it('keeps the district rate to district roles', async () => {
    expect((await app.gql(DISTRICT, {}, tokens.lead)).data.districtAttendance).toEqual({ studentsCounted: 3, chronicallyAbsentCount: 2 });
    for (const role of ['teacher', 'counselor', 'admin2']) {
      expect((await app.gql(DISTRICT, {}, tokens[role])).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });

  it("shows a student's attendance exactly to those who see the student", async () => {
    expect((await app.gql(STUDENT, { id: ids.a }, tokens.teacher)).data.student).toEqual({
      attendance: { daysAbsent: 4 },
      attendanceDays: ['2026-09-14', '2026-09-15', '2026-09-16', '2026-09-17'].map((date) => ({ date })),
    });
    expect((await app.gql(STUDENT, { id: ids.b }, tokens.teacher)).data.student).toBeNull();
    expect((await app.gql(STUDENT, { id: ids.c }, tokens.counselor)).data.student).toBeNull();
    expect((await app.gql(STUDENT, { id: ids.c }, tokens.admin2)).data.student.attendance).toEqual({ daysAbsent: 3 });
  });
});
