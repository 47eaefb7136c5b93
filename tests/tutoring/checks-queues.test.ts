import { StaffRole } from '../../src/common/auth/roles';
import { MtssDomain } from '../../src/common/mtss';
import type { StaffUserEntity } from '../../src/modules/staff/staff.entity';
import type { StudentEntity } from '../../src/modules/students/student.entity';
import { TierPlacementEntity } from '../../src/modules/tiers/tier.entities';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { ASSIGN, GROUP_CREATE, PROGRAM_CREATE, SESSION_CANCEL, SESSION_LOG, createSchoolYear, succeeded } from './support';

/**
 * The program checks and the queues, on one school's programs. Today is Thursday 2026-10-15; the
 * checks' window is Sep 18 - Oct 15 (18 instructional days, 3.6 weeks); this week's Monday
 * (Oct 12) is a holiday.
 *
 *   Program A (reading and math, Sep 14 - Dec 18: 66 instructional days, 13.2 weeks)
 *     GA1 reading Mon/Wed/Fri (+ a make-up on Thu Oct 8), capacity 5 (over the ratio of 4): a1 attends
 *         all, a2 only Mondays
 *     GA2 math Tue/Thu, K-3 (k1 grade 2) joined by g4 (grade 4) on Oct 1; short sessions
 *     GA3 reading Fridays only: f1
 *     GA4 math, no students
 *   Program S (reading, Oct 1 - Nov 13: 6 weeks, shorter than 10): GS cancelled on Oct 13
 */
describe('tutoring program checks and queues', () => {
  let app: TestApp;
  const token: Record<string, string> = {};
  const id: Record<string, string> = {};
  const students: Record<string, StudentEntity> = {};
  let districtAdmin: StaffUserEntity;

  const gql = async (query: string, variables: Record<string, unknown>, who = 'adminA') => {
    const response = await app.gql(query, variables, token[who]);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const nameOf = (globalId: string) => Object.keys(students).find((k) => gid('Student', students[k].id) === globalId);

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const schoolA = await f.school();
    const schoolB = await f.school();
    id.schoolA = gid('School', schoolA.id);
    id.schoolB = gid('School', schoolB.id);
    districtAdmin = await f.staff(StaffRole.DISTRICT_ADMIN);
    token.district = app.token(districtAdmin.id);
    const yearId = await createSchoolYear(app, token.district);
    token.adminA = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [schoolA])).id);
    const teacher = await f.staff(StaffRole.TEACHER, [schoolA]);
    token.teacher = app.token(teacher.id);
    for (const key of ['t1', 't2', 't3', 't4']) {
      const tutor = await f.staff(StaffRole.TUTOR, [schoolA]);
      id[key] = gid('StaffUser', tutor.id);
      token[key] = app.token(tutor.id);
    }
    const grades: Record<string, number> = { a1: 4, a2: 4, k1: 2, g4: 4, f1: 5, x1: 3, n1: 4, n2: 4, n3: 4, n4: 4, n5: 4, n6: 4 };
    for (const [key, grade] of Object.entries(grades)) students[key] = await f.student(schoolA, { gradeLevel: grade });
    students.b1 = await f.student(schoolB);
    for (const key of Object.keys(students)) id[key] = gid('Student', students[key].id);
    await f.caseload(teacher, students.a2);
    await f.caseload(teacher, students.n1);

    const program = async (name: string, subjects: string[], startDate: string, endDate: string) =>
      succeeded(await app.gql(PROGRAM_CREATE, { input: {
        name, schoolYearId: yearId, subjects, provider: 'IN_HOUSE', setting: 'DURING_SCHOOL', schoolIds: [id.schoolA], startDate, endDate,
      } }, token.adminA), 'tutoringProgramCreate').tutoringProgram.id;
    id.programA = await program('Program A', ['READING', 'MATH'], '2026-09-14', '2026-12-18');
    id.programS = await program('Program S', ['READING'], '2026-10-01', '2026-11-13');
    const group = async (programId: string, name: string, subject: string, tutor: string, days: string[], capacity?: number) =>
      succeeded(await app.gql(GROUP_CREATE, { input: {
        programId, schoolId: id.schoolA, name, subject, tutorId: id[tutor], capacity,
        schedule: { daysOfWeek: days, startTime: '09:00', minutes: 30 },
      } }, token.adminA), 'tutoringGroupCreate').tutoringGroup.id;
    id.GA1 = await group(id.programA, 'GA1', 'READING', 't1', ['MONDAY', 'WEDNESDAY', 'FRIDAY'], 5);
    id.GA2 = await group(id.programA, 'GA2', 'MATH', 't2', ['TUESDAY', 'THURSDAY']);
    id.GA3 = await group(id.programA, 'GA3', 'READING', 't3', ['FRIDAY']);
    id.GA4 = await group(id.programA, 'GA4', 'MATH', 't4', ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY']);
    id.GS = await group(id.programS, 'GS', 'READING', 't1', ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY']);
    const assign = async (groupId: string, startDate: string, keys: string[]) =>
      succeeded(await app.gql(ASSIGN, { input: { groupId, startDate, students: keys.map((k) => ({ studentId: id[k], reason: 'Screening' })) } }, token.adminA), 'tutoringAssignmentsCreate');
    await assign(id.GA1, '2026-09-14', ['a1', 'a2']);
    await assign(id.GA2, '2026-09-14', ['k1']);
    await assign(id.GA2, '2026-10-01', ['g4']);
    await assign(id.GA3, '2026-09-14', ['f1']);
    await assign(id.GS, '2026-10-01', ['x1']);

    const log = async (groupId: string, tutor: string, date: string, present: Record<string, boolean>, minutes = 30) =>
      succeeded(await app.gql(SESSION_LOG, { input: {
        groupId, date, minutes, attendance: Object.entries(present).map(([k, p]) => ({ studentId: id[k], present: p })),
      } }, token[tutor]), 'tutoringSessionLog');
    for (const date of ['2026-09-18', '2026-09-21', '2026-09-23', '2026-09-25', '2026-09-28', '2026-09-30', '2026-10-02', '2026-10-05', '2026-10-07', '2026-10-14']) {
      await log(id.GA1, 't1', date, { a1: true, a2: ['2026-09-21', '2026-09-28', '2026-10-05'].includes(date) });
    }
    await log(id.GA1, 't1', '2026-10-08', { a1: true, a2: false }); // a make-up on a Thursday for the Friday PD day
    await log(id.GA1, 't1', '2026-09-16', { a1: true, a2: true }); // before the window
    await log(id.GA2, 't2', '2026-09-17', { k1: true }, 10); // before the window: not checked
    await log(id.GA2, 't2', '2026-09-22', { k1: true }, 25); // K-3 only: 25 >= 20
    await log(id.GA2, 't2', '2026-09-24', { k1: true }, 15); // K-3 only: under 20
    await log(id.GA2, 't2', '2026-09-29', { k1: true }, 25);
    await log(id.GA2, 't2', '2026-10-06', { k1: true, g4: true }, 25); // a grade-4 student present: under 30
    await log(id.GA2, 't2', '2026-10-08', { k1: true, g4: false }, 25);
    for (const date of ['2026-09-18', '2026-09-25', '2026-10-02']) await log(id.GA3, 't3', date, { f1: true });
    succeeded(await app.gql(SESSION_CANCEL, { input: { groupId: id.GS, date: '2026-10-13', reason: 'STUDENT_EVENT' } }, token.t1), 'tutoringSessionCancel');

    const place = (key: string, domain: MtssDomain, tier: number, endDate: string | null = null) =>
      app.ds.manager.save(TierPlacementEntity, app.ds.manager.create(TierPlacementEntity, {
        studentId: students[key].id, domain, tier, startDate: '2026-09-20', endDate, reason: 'Fall screening', decidedBy: districtAdmin.id, teamMeetingId: null,
      }));
    await place('a2', MtssDomain.READING, 2); // tutored in reading
    await place('k1', MtssDomain.MATH, 3); // tutored in math
    await place('a1', MtssDomain.MATH, 2); // tutored, but in reading
    await place('n1', MtssDomain.READING, 2); // nothing
    await place('n2', MtssDomain.MATH, 2); // an active math plan
    await place('n3', MtssDomain.READING, 3); // a completed reading plan only
    await place('n4', MtssDomain.SOCIAL_EMOTIONAL, 3); // not academic
    await place('n5', MtssDomain.READING, 1);
    await place('n6', MtssDomain.READING, 2, '2026-10-01'); // no longer in force
    await place('b1', MtssDomain.READING, 2); // another school
    const plan = (key: string, domain: MtssDomain, status: 'ACTIVE' | 'COMPLETED') =>
      app.ds.query(
        `INSERT INTO intervention_plan (student_id, school_id, custom_name, domain, tier, goal_measure, goal_baseline, goal_target, goal_target_date,
           interventionist_id, sessions_per_week, minutes_per_session, start_date, planned_end_date, review_date, status, closed_date, outcome, created_by)
         VALUES ($1, $2, 'Small-group plan', $3, 2, 'ORF words correct', 40, 70, '2026-12-18', $4, 3, 30, '2026-09-21', '2026-12-18', '2026-11-02', $5::text::intervention_plan_status,
           CASE WHEN $5::text = 'ACTIVE' THEN NULL ELSE '2026-10-09'::date END, (CASE WHEN $5::text = 'ACTIVE' THEN NULL ELSE 'GOAL_MET' END)::intervention_plan_outcome, $4)`,
        [students[key].id, schoolA.id, domain, districtAdmin.id, status],
      );
    await plan('n2', MtssDomain.MATH, 'ACTIVE');
    await plan('n3', MtssDomain.READING, 'COMPLETED');
  });
  afterAll(() => app.close());

  const CHECKS = `query ($id: ID!) { tutoringProgram(id: $id) { checks {
    asOf windowStart instructionalWeeks shorterThanMinWeeks
    groupsOverRatio { capacity studentsAssigned maxStudentsPerTutor group { name } }
    sessionsUnderMinutes { minutes minimumMinutes session { date group { name } } }
    studentsBelowSessionsPerWeek { sessionsPerWeek student { id } }
  } } }`;

  it('checks a program against the standards: length, ratio, minutes and sessions a week', async () => {
    const { tutoringProgram: { checks } } = await gql(CHECKS, { id: id.programA });
    expect(checks).toMatchObject({ asOf: '2026-10-15', windowStart: '2026-09-18', instructionalWeeks: 13.2, shorterThanMinWeeks: false });
    expect(checks.groupsOverRatio).toEqual([{ capacity: 5, studentsAssigned: 2, maxStudentsPerTutor: 4, group: { name: 'GA1' } }]);
    expect(checks.sessionsUnderMinutes).toEqual([
      { minutes: 25, minimumMinutes: 30, session: { date: '2026-10-06', group: { name: 'GA2' } } },
      { minutes: 15, minimumMinutes: 20, session: { date: '2026-09-24', group: { name: 'GA2' } } },
    ]);
    // a1 attended 11 sessions in 3.6 weeks (3.06 a week); the others fewer than 3.
    expect(checks.studentsBelowSessionsPerWeek.map((d: any) => [nameOf(d.student.id), d.sessionsPerWeek]).sort()).toEqual([
      ['a2', 0.83], ['f1', 0.83], ['g4', 0.56], ['k1', 1.39],
    ]);
    const short = await gql(CHECKS, { id: id.programS });
    expect(short.tutoringProgram.checks).toMatchObject({ instructionalWeeks: 6, shorterThanMinWeeks: true, groupsOverRatio: [], sessionsUnderMinutes: [] });
    expect(short.tutoringProgram.checks.studentsBelowSessionsPerWeek).toEqual([{ sessionsPerWeek: 0, student: { id: id.x1 } }]);
  });

  it('batches the checks of a list of programs', async () => {
    const { tutoringPrograms } = await gql(`{ tutoringPrograms(first: 10) { totalCount nodes { name checks { shorterThanMinWeeks groupsOverRatio { group { name } } } } } }`, {});
    expect(tutoringPrograms.totalCount).toBe(2);
    expect(tutoringPrograms.nodes.map((p: any) => [p.name, p.checks.shorterThanMinWeeks, p.checks.groupsOverRatio.length])).toEqual([
      ['Program A', false, 1], ['Program S', true, 0],
    ]);
  });

  const QUEUE = `query ($school: ID, $program: ID) { tutoringQueue(schoolId: $school, programId: $program) {
    school { id } program { name }
    studentsBelowDosage { meetsTarget sessionsPerWeek averageMinutesPerSession student { id } program { name } }
    groupsWithoutSessionThisWeek { name }
    tieredStudentsWithoutSupport { domain tier student { id } placement { tier domain } }
  } }`;

  it("queues a school's students below dosage, groups with no session this week, and Tier 2/3 students with no support", async () => {
    const { tutoringQueue: queue } = await gql(QUEUE, { school: id.schoolA });
    expect(queue.school).toEqual({ id: id.schoolA });
    expect(queue.studentsBelowDosage.map((d: any) => nameOf(d.student.id)).sort()).toEqual(['a2', 'f1', 'g4', 'k1', 'x1']);
    expect(queue.groupsWithoutSessionThisWeek).toEqual([{ name: 'GA2' }]);
    expect(queue.tieredStudentsWithoutSupport.map((g: any) => [nameOf(g.student.id), g.domain, g.tier]).sort()).toEqual([
      ['a1', 'MATH', 2], ['n1', 'READING', 2], ['n3', 'READING', 3],
    ]);
    const other = await gql(QUEUE, { school: id.schoolB }, 'district');
    expect(other.tutoringQueue.tieredStudentsWithoutSupport.map((g: any) => nameOf(g.student.id))).toEqual(['b1']);
    // School A's admin does not see school B's students, in a queue or anywhere else.
    expect((await gql(QUEUE, { school: id.schoolB })).tutoringQueue.tieredStudentsWithoutSupport).toEqual([]);
  });

  it('narrows the queues to a program: its groups, its subjects', async () => {
    const { tutoringQueue: queue } = await gql(QUEUE, { program: id.programS });
    expect(queue.program).toEqual({ name: 'Program S' });
    expect(queue.studentsBelowDosage.map((d: any) => nameOf(d.student.id))).toEqual(['x1']);
    expect(queue.groupsWithoutSessionThisWeek).toEqual([]); // its session this week was cancelled: logged all the same
    expect(queue.tieredStudentsWithoutSupport.map((g: any) => nameOf(g.student.id)).sort()).toEqual(['n1', 'n3']);
    const window = await gql(`query ($program: ID) { tutoringQueue(programId: $program) { studentsBelowDosage(from: "2026-09-21", to: "2026-09-25") { student { id } } } }`, { program: id.programA });
    expect(window.tutoringQueue.studentsBelowDosage.map((d: any) => nameOf(d.student.id)).sort()).toEqual(['a2', 'f1', 'k1']);
    const both = await app.gql(QUEUE, { school: id.schoolA, program: id.programS }, token.adminA);
    expect(both.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("lists only the students the viewer may see", async () => {
    const { tutoringQueue: queue } = await gql(QUEUE, { school: id.schoolA }, 'teacher');
    expect(queue.studentsBelowDosage.map((d: any) => nameOf(d.student.id))).toEqual(['a2']);
    expect(queue.tieredStudentsWithoutSupport.map((g: any) => nameOf(g.student.id))).toEqual(['n1']);
    const { tutoringProgram } = await gql(CHECKS, { id: id.programA }, 'teacher');
    expect(tutoringProgram.checks.studentsBelowSessionsPerWeek.map((d: any) => nameOf(d.student.id))).toEqual(['a2']);
  });
});
