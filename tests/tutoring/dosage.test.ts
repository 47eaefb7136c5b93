import { StaffRole } from '../../src/common/auth/roles';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { ASSIGN, DOSAGE_FIELDS, GROUP_CREATE, PROGRAM_CREATE, SESSION_CANCEL, SESSION_LOG, createSchoolYear, succeeded } from './support';

/**
 * Each dosage figure pinned on one hand-built group (reading, Monday/Wednesday/Friday, 30 minutes):
 *
 *   week of Sep 21   Mon 21 held, Wed 23 held, Fri 25 held by a substitute
 *   week of Sep 28   all three cancelled (tutor absent)
 *   week of Oct 5    Mon 5 held, Wed 7 held (40 minutes); Fri 9 is not an instructional day
 *
 * Ana (grade 4) is in the group from the program's start and attends everything; Cara (grade 5)
 * misses two sessions; Ben (grade 2) joins mid-term on Wednesday Sep 30.
 */
describe('tutoring dosage', () => {
  let app: TestApp;
  let adminToken: string;
  let tutorToken: string;
  const ids: Record<string, string> = {};

  const dosage = async (student: string, from: string, to?: string) => {
    const response = await app.gql(
      `query ($id: ID!, $from: LocalDate!, $to: LocalDate) { student(id: $id) { tutoringDosage(from: $from, to: $to) { ${DOSAGE_FIELDS} program { name } } } }`,
      { id: ids[student], from, to },
      adminToken,
    );
    expect(response.errors).toBeUndefined();
    return response.data.student.tutoringDosage;
  };

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const school = await f.school();
    const districtAdmin = await f.staff(StaffRole.DISTRICT_ADMIN);
    await createSchoolYear(app, app.token(districtAdmin.id));
    const [yearRow] = await app.ds.query(`SELECT id FROM school_year`);
    adminToken = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [school])).id);
    const tutor = await f.staff(StaffRole.TUTOR, [school]);
    const substitute = await f.staff(StaffRole.TUTOR, [school]);
    tutorToken = app.token(tutor.id);
    ids.ana = gid('Student', (await f.student(school, { gradeLevel: 4 })).id);
    ids.ben = gid('Student', (await f.student(school, { gradeLevel: 2 })).id);
    ids.cara = gid('Student', (await f.student(school, { gradeLevel: 5 })).id);

    const program = succeeded(await app.gql(PROGRAM_CREATE, {
      input: {
        name: 'Reading Boost', schoolYearId: gid('SchoolYear', yearRow.id), subjects: ['READING'], provider: 'IN_HOUSE',
        setting: 'DURING_SCHOOL', schoolIds: [gid('School', school.id)], startDate: '2026-09-14', endDate: '2026-12-18',
      },
    }, adminToken), 'tutoringProgramCreate').tutoringProgram;
    const group = succeeded(await app.gql(GROUP_CREATE, {
      input: {
        programId: program.id, schoolId: gid('School', school.id), name: 'Readers A', subject: 'READING', tutorId: gid('StaffUser', tutor.id),
        schedule: { daysOfWeek: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], startTime: '14:00:00', minutes: 30 },
      },
    }, adminToken), 'tutoringGroupCreate').tutoringGroup;
    ids.group = group.id;
    succeeded(await app.gql(ASSIGN, {
      input: { groupId: group.id, startDate: '2026-09-14', students: [{ studentId: ids.ana, reason: 'Fall screening' }, { studentId: ids.cara, reason: 'Fall screening' }] },
    }, adminToken), 'tutoringAssignmentsCreate');
    succeeded(await app.gql(ASSIGN, {
      input: { groupId: group.id, startDate: '2026-09-30', students: [{ studentId: ids.ben, reason: 'New arrival, below benchmark' }] },
    }, adminToken), 'tutoringAssignmentsCreate');

    const log = async (date: string, present: Record<string, boolean>, extra: object = {}) =>
      succeeded(await app.gql(SESSION_LOG, {
        input: { groupId: group.id, date, minutes: 30, attendance: Object.entries(present).map(([k, p]) => ({ studentId: ids[k], present: p })), ...extra },
      }, tutorToken), 'tutoringSessionLog');
    await log('2026-09-21', { ana: true, cara: true });
    await log('2026-09-23', { ana: true, cara: false });
    const sub = await log('2026-09-25', { ana: true, cara: true }, { leaderId: gid('StaffUser', substitute.id) });
    expect(sub.tutoringSession).toMatchObject({ ledByAssignedTutor: false, ledBy: { __typename: 'StaffUser', id: gid('StaffUser', substitute.id) } });
    for (const date of ['2026-09-28', '2026-09-30', '2026-10-02']) {
      succeeded(await app.gql(SESSION_CANCEL, { input: { groupId: group.id, date, reason: 'TUTOR_ABSENT' } }, tutorToken), 'tutoringSessionCancel');
    }
    await log('2026-10-05', { ana: true, ben: true, cara: false });
    await log('2026-10-07', { ana: true, ben: true, cara: true }, { minutes: 40 });
  });
  afterAll(() => app.close());

  it('pins every figure for a student in the group all along, over a window with a cancelled week and a substitute', async () => {
    expect(await dosage('ana', '2026-09-21', '2026-10-09')).toEqual([{
      from: '2026-09-21',
      to: '2026-10-09',
      instructionalDays: 14, // 15 weekdays less the Friday Oct 9 professional-learning day
      weeks: 2.8,
      scheduledSessions: 8, // 3 + 3 + 2: Friday Oct 9 is not an instructional day
      deliveredSessions: 5,
      attendedSessions: 5,
      attendedMinutes: 160,
      sessionsPerWeek: 1.79, // 5 / 2.8
      minutesPerWeek: 57.14, // 160 / 2.8
      averageMinutesPerSession: 32,
      deliveredShare: 0.625, // 5 / 8
      attendedShare: 0.625,
      consistency: 0.8, // 4 of 5 led by the assigned tutor
      targetSessionsPerWeek: 3,
      targetMinutesPerSession: 30,
      meetsTarget: false,
      program: { name: 'Reading Boost' },
    }]);
  });

  it('counts a student who joins mid-term from their first day, with the shorter K-3 minimum', async () => {
    expect(await dosage('ben', '2026-09-21', '2026-10-09')).toEqual([expect.objectContaining({
      from: '2026-09-30',
      to: '2026-10-09',
      instructionalDays: 7,
      weeks: 1.4,
      scheduledSessions: 4, // Wed Sep 30, Fri Oct 2, Mon Oct 5, Wed Oct 7
      deliveredSessions: 2, // the first two were cancelled
      attendedSessions: 2,
      attendedMinutes: 70,
      sessionsPerWeek: 1.43,
      minutesPerWeek: 50,
      averageMinutesPerSession: 35,
      deliveredShare: 0.5,
      attendedShare: 0.5,
      consistency: 1,
      targetMinutesPerSession: 20, // grade 2: the K-3 minimum
      meetsTarget: false,
    })]);
    expect(await dosage('ben', '2026-09-14', '2026-09-29')).toEqual([]);
  });

  it('counts absences against attendance but not delivery, and substitutes against consistency', async () => {
    expect(await dosage('cara', '2026-09-21', '2026-10-09')).toEqual([expect.objectContaining({
      deliveredSessions: 5,
      attendedSessions: 3, // absent Sep 23 and Oct 5
      attendedMinutes: 100,
      attendedShare: 0.375,
      consistency: 0.6667, // Sep 21 and Oct 7 by the tutor, Sep 25 by the substitute
      sessionsPerWeek: 1.07,
    })]);
  });

  it('meets the target in a full week, and shows the cancelled week as nothing delivered', async () => {
    expect(await dosage('ana', '2026-09-21', '2026-09-25')).toEqual([expect.objectContaining({
      instructionalDays: 5, weeks: 1, scheduledSessions: 3, deliveredSessions: 3, attendedSessions: 3, attendedMinutes: 90,
      sessionsPerWeek: 3, minutesPerWeek: 90, averageMinutesPerSession: 30, deliveredShare: 1, attendedShare: 1, consistency: 0.6667,
      meetsTarget: true,
    })]);
    expect(await dosage('ana', '2026-09-28', '2026-10-02')).toEqual([expect.objectContaining({
      instructionalDays: 5, scheduledSessions: 3, deliveredSessions: 0, attendedSessions: 0, attendedMinutes: 0,
      sessionsPerWeek: 0, minutesPerWeek: 0, averageMinutesPerSession: null, deliveredShare: 0, attendedShare: 0, consistency: null,
      meetsTarget: false,
    })]);
  });

  it('does not judge fewer than five school days, and never counts past today', async () => {
    const [short] = await dosage('ben', '2026-10-05', '2026-10-07');
    expect(short).toMatchObject({ instructionalDays: 3, attendedSessions: 2, sessionsPerWeek: 3.33, meetsTarget: null });
    const [open] = await dosage('ana', '2026-10-05', '2026-12-31');
    // Oct 5-8, 13-15 (Oct 9 and 12 closed); scheduled Mon 5, Wed 7, Wed 14.
    expect(open).toMatchObject({ from: '2026-10-05', to: '2026-10-15', instructionalDays: 7, scheduledSessions: 3, deliveredSessions: 2 });
    const bad = await app.gql(`query ($id: ID!) { student(id: $id) { tutoringDosage(from: "2026-10-05", to: "2026-10-01") { weeks } } }`, { id: ids.ana }, adminToken);
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it("shows the student's tutoring on their profile, and audits every write with the student's id", async () => {
    const { data } = await app.gql(
      `query ($id: ID!) { student(id: $id) { tutoringAssignments { startDate endDate reason group { name subject schedule { daysOfWeek } } } } }`,
      { id: ids.ben },
      adminToken,
    );
    expect(data.student.tutoringAssignments).toEqual([
      { startDate: '2026-09-30', endDate: null, reason: 'New arrival, below benchmark', group: { name: 'Readers A', subject: 'READING', schedule: { daysOfWeek: ['MONDAY', 'WEDNESDAY', 'FRIDAY'] } } },
    ]);
    const audit = await app.ds.query(`SELECT action, count(*)::int AS n FROM audit_event WHERE action LIKE 'tutoring%' GROUP BY action ORDER BY action`);
    expect(audit).toEqual([
      { action: 'tutoring_assignment.create', n: 3 },
      { action: 'tutoring_attendance.create', n: 12 },
      { action: 'tutoring_group.create', n: 1 },
      { action: 'tutoring_program.create', n: 1 },
      { action: 'tutoring_session.cancel', n: 3 },
      { action: 'tutoring_session.log', n: 5 },
    ]);
    const [{ withStudent }] = await app.ds.query(`SELECT count(*)::int AS "withStudent" FROM audit_event WHERE action = 'tutoring_attendance.create' AND student_id IS NOT NULL`);
    expect(withStudent).toBe(12);
  });
});
