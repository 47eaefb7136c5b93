import { StaffRole } from '../../src/common/auth/roles';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { ASSIGN, ASSIGNMENT_END, GROUP_CREATE, PROGRAM_CREATE, SESSION_LOG, createSchoolYear, succeeded } from './support';

/**
 * A staff tutor sees the students assigned today to the groups they tutor (the "tutoring-group"
 * access source), and nobody else through tutoring; programs are seen by their schools' staff.
 */
describe('tutoring scoping', () => {
  let app: TestApp;
  const token: Record<string, string> = {};
  const id: Record<string, string> = {};

  const visible = async (who: string, student: string) =>
    (await app.gql('query ($id: ID!) { student(id: $id) { id } }', { id: id[student] }, token[who])).data.student !== null;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const schoolA = await f.school();
    const schoolB = await f.school();
    token.district = app.token((await f.staff(StaffRole.DISTRICT_ADMIN)).id);
    const yearId = await createSchoolYear(app, token.district);
    token.admin = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [schoolA])).id);
    token.teacherB = app.token((await f.staff(StaffRole.TEACHER, [schoolB])).id);
    for (const key of ['t1', 't2']) {
      const tutor = await f.staff(StaffRole.TUTOR, [schoolA]);
      id[key] = gid('StaffUser', tutor.id);
      token[key] = app.token(tutor.id);
    }
    for (const key of ['s1', 's2', 's3', 's4', 's5']) id[key] = gid('Student', (await f.student(schoolA)).id);

    const program = succeeded(await app.gql(PROGRAM_CREATE, { input: {
      name: 'Math Lab', schoolYearId: yearId, subjects: ['MATH'], provider: 'IN_HOUSE', setting: 'DURING_SCHOOL',
      schoolIds: [gid('School', schoolA.id)], startDate: '2026-09-14', endDate: '2026-12-18',
    } }, token.admin), 'tutoringProgramCreate').tutoringProgram;
    id.program = program.id;
    const group = async (name: string, tutor: string) => succeeded(await app.gql(GROUP_CREATE, { input: {
      programId: program.id, schoolId: gid('School', schoolA.id), name, subject: 'MATH', tutorId: id[tutor],
      schedule: { daysOfWeek: ['TUESDAY', 'THURSDAY'], startTime: '10:00', minutes: 30 },
    } }, token.admin), 'tutoringGroupCreate').tutoringGroup.id;
    id.g1 = await group('G1', 't1');
    id.g2 = await group('G2', 't2');
    const assign = async (groupId: string, startDate: string, student: string) =>
      succeeded(await app.gql(ASSIGN, { input: { groupId, startDate, students: [{ studentId: id[student], reason: 'Math screening' }] } }, token.admin), 'tutoringAssignmentsCreate')
        .tutoringAssignments[0].id;
    id.a1 = await assign(id.g1, '2026-09-14', 's1');
    id.a3 = await assign(id.g1, '2026-09-14', 's3');
    id.a2 = await assign(id.g2, '2026-09-14', 's2');
    id.a5 = await assign(id.g1, '2026-10-16', 's5');
    id.session = succeeded(await app.gql(SESSION_LOG, { input: {
      groupId: id.g1, date: '2026-10-13', minutes: 30, attendance: [{ studentId: id.s1, present: true }, { studentId: id.s3, present: true }],
    } }, token.t1), 'tutoringSessionLog').tutoringSession.id;
    succeeded(await app.gql(ASSIGNMENT_END, { input: { id: id.a3, endDate: '2026-10-14', endReason: 'Exited: met goal' } }, token.admin), 'tutoringAssignmentEnd');
  });
  afterAll(() => app.close());

  it("shows a tutor the students assigned today to their own groups, and no one else's", async () => {
    const { data } = await app.gql('{ students(first: 100) { totalCount nodes { id } } }', {}, token.t1);
    expect(data.students).toEqual({ totalCount: 1, nodes: [{ id: id.s1 }] });
    expect(await visible('t1', 's1')).toBe(true);
    expect(await visible('t1', 's2')).toBe(false); // another tutor's group
    expect(await visible('t1', 's3')).toBe(false); // assignment ended yesterday
    expect(await visible('t1', 's4')).toBe(false); // no tutoring
    expect(await visible('t1', 's5')).toBe(false); // starts tomorrow
    expect(await visible('t2', 's2')).toBe(true);
    expect(await visible('t2', 's1')).toBe(false);
  });

  it("hides other groups' students in every tutoring read: group lists, attendance, node(id)", async () => {
    const GROUP = `query ($id: ID!) { node(id: $id) { ... on TutoringGroup { name assignments { student { id } } sessions { attendance { student { id } } } } } }`;
    const own = (await app.gql(GROUP, { id: id.g1 }, token.t1)).data.node;
    expect(own.assignments).toEqual([{ student: { id: id.s1 } }]);
    expect(own.sessions).toEqual([{ attendance: [{ student: { id: id.s1 } }] }]);
    const admin = (await app.gql(GROUP, { id: id.g1 }, token.admin)).data.node;
    expect(admin.assignments).toHaveLength(3);
    expect(admin.sessions[0].attendance).toHaveLength(2);
    expect((await app.gql(GROUP, { id: id.g2 }, token.t1)).data.node).toEqual({ name: 'G2', assignments: [], sessions: [] });
    const NODE = 'query ($id: ID!) { node(id: $id) { id } }';
    expect((await app.gql(NODE, { id: id.a1 }, token.t1)).data.node).toEqual({ id: id.a1 });
    expect((await app.gql(NODE, { id: id.a2 }, token.t1)).data.node).toBeNull();
    expect((await app.gql(NODE, { id: id.a3 }, token.t1)).data.node).toBeNull();
  });

  it("lets a tutor read their students' dosage", async () => {
    const response = await app.gql('query ($id: ID!) { student(id: $id) { tutoringDosage(from: "2026-10-13") { attendedSessions } tutoringAssignments { group { name } } } }', { id: id.s1 }, token.t1);
    expect(response.data.student).toEqual({ tutoringDosage: [{ attendedSessions: 1 }], tutoringAssignments: [{ group: { name: 'G1' } }] });
  });

  it("shows programs to their schools' staff and their tutors, and reads others' as missing", async () => {
    const PROGRAM = 'query ($id: ID!) { tutoringProgram(id: $id) { name groups { name } } node(id: $id) { id } }';
    expect((await app.gql(PROGRAM, { id: id.program }, token.t1)).data).toEqual({ tutoringProgram: { name: 'Math Lab', groups: [{ name: 'G1' }, { name: 'G2' }] }, node: { id: id.program } });
    expect((await app.gql(PROGRAM, { id: id.program }, token.teacherB)).data).toEqual({ tutoringProgram: null, node: null });
    expect((await app.gql('{ tutoringPrograms { totalCount } }', {}, token.teacherB)).data.tutoringPrograms.totalCount).toBe(0);
    for (const node of [id.g1, id.session]) {
      expect((await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: node }, token.teacherB)).data.node).toBeNull();
    }
    expect((await app.gql('query ($id: ID!) { tutoringQueue(programId: $id) { groupsWithoutSessionThisWeek { name } } }', { id: id.program }, token.teacherB)).data.tutoringQueue).toBeNull();
  });
});
