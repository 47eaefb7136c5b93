import { StaffRole } from '../../src/common/auth/roles';
import { days, makeSchoolYear, RECORD_DAYS } from '../attendance/attendance-fixtures';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

const MY_WORK = `query ($first: Int, $after: String, $filter: MyWorkFilter) {
  myWork(first: $first, after: $after, filter: $filter) {
    totalCount
    nodes { kind reason dueDate subjectId priority student { localId } school { code } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const AGENDA = `query ($school: ID!) {
  meetingAgenda(schoolId: $school) {
    lastMeetingOn nextMeetingBy school { code } lastMeeting { heldOn }
    flaggedSinceLastMeeting { kind reason student { localId } }
    plansDueForReview { kind reason dueDate student { localId } }
    casesToReview { kind reason subjectId student { localId } }
  }
}`;

interface Item {
  kind: string;
  reason: string;
  dueDate: string | null;
  subjectId: string;
  priority: number;
  student: { localId: string } | null;
  school: { code: string } | null;
}

/**
 * One school (MW1) built by hand around TEST_TODAY (Thursday 2026-10-15), with one student per rule:
 * READ0001 on the teacher's caseload, flagged by a reading screen on 10-02 and Tier 2 in reading
 * since 09-20 with no plan; PLAN0001 on the interventionist's plan (5 a week since 09-21, review
 * 10-14, nothing logged); PLAN0002 on another interventionist's plan; TUTR0001 in the tutor's
 * Mon-Thu group with no session logged; ABSN0001 absent 8 days in September, no case; CASE0001
 * with the counselor's case, last action 09-20 and a home visit due 10-10; a restricted follow-up
 * for the counselor. A second school (MW2) has its own admin.
 */
describe('myWork', () => {
  let app: TestApp;
  const token: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const work = async (who: string, variables: Record<string, unknown> = {}): Promise<Item[]> => {
    const response = await app.gql(MY_WORK, { first: 100, ...variables }, token[who]);
    expect(response.errors).toBeUndefined();
    return response.data.myWork.nodes;
  };
  const summary = (items: Item[]) => items.map((i) => `${i.kind} ${i.student?.localId ?? i.school?.code ?? ''}`).sort();

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const year = await makeSchoolYear(app.ds);
    const school = await f.school({ code: 'MW1', name: 'Maplewood Test School' });
    const other = await f.school({ code: 'MW2', name: 'Other Test School' });
    ids.school = gid('School', school.id);
    ids.other = gid('School', other.id);
    const staff = {
      teacher: await f.staff(StaffRole.TEACHER, [school]),
      interventionist: await f.staff(StaffRole.INTERVENTIONIST, [school]),
      otherInterventionist: await f.staff(StaffRole.INTERVENTIONIST, [school]),
      tutor: await f.staff(StaffRole.TUTOR, [school]),
      counselor: await f.staff(StaffRole.COUNSELOR, [school]),
      admin: await f.staff(StaffRole.SCHOOL_ADMIN, [school]),
      otherAdmin: await f.staff(StaffRole.SCHOOL_ADMIN, [other]),
      bothAdmin: await f.staff(StaffRole.SCHOOL_ADMIN, [other, school]),
      lead: await f.staff(StaffRole.DISTRICT_LEAD),
      districtAdmin: await f.staff(StaffRole.DISTRICT_ADMIN),
    };
    for (const [who, user] of Object.entries(staff)) token[who] = app.token(user.id);
    const student = (localId: string) => f.student(school, { localId });
    const flagged = await student('READ0001');
    const planned = await student('PLAN0001');
    const othersPlan = await student('PLAN0002');
    const tutored = await student('TUTR0001');
    const absent = await student('ABSN0001');
    const withCase = await student('CASE0001');
    ids.flagged = flagged.id;
    ids.absent = absent.id;
    await f.caseload(staff.teacher, flagged);

    await app.ds.query(
      `INSERT INTO screening_result (student_id, school_year_id, domain, screening_window, assessment, administered_on, score, percentile, recorded_by)
       VALUES ($1, $2, 'READING', 'FALL', 'Universal Reading Screener', '2026-10-02', 100, 8, $3)`,
      [flagged.id, year.id, staff.admin.id],
    );
    await app.ds.query(`INSERT INTO tier_placement (student_id, domain, tier, start_date, reason, decided_by) VALUES ($1, 'READING', 2, '2026-09-20', 'Fall screening', $2)`, [
      flagged.id, staff.admin.id,
    ]);
    const plan = (studentId: string, interventionistId: string) =>
      app.ds.query(
        `INSERT INTO intervention_plan (student_id, school_id, custom_name, domain, tier, goal_measure, goal_baseline, goal_target, goal_target_date,
           interventionist_id, sessions_per_week, minutes_per_session, start_date, planned_end_date, review_date, created_by)
         VALUES ($1, $2, 'Reading group', 'READING', 2, 'WCPM', 20, 60, '2027-01-15', $3, 5, 30, '2026-09-21', '2027-01-15', '2026-10-14', $3) RETURNING id`,
        [studentId, school.id, interventionistId],
      );
    ids.plan = gid('InterventionPlan', (await plan(planned.id, staff.interventionist.id))[0].id);
    ids.othersPlan = gid('InterventionPlan', (await plan(othersPlan.id, staff.otherInterventionist.id))[0].id);

    const [program] = await app.ds.query(
      `INSERT INTO tutoring_program (name, school_year_id, subjects, provider, setting, start_date, end_date, created_by)
       VALUES ('Math boost', $1, '{MATH}', 'IN_HOUSE', 'DURING_SCHOOL', '2026-09-01', '2027-05-28', $2) RETURNING id`,
      [year.id, staff.admin.id],
    );
    await app.ds.query(`INSERT INTO tutoring_program_school (program_id, school_id) VALUES ($1, $2)`, [program.id, school.id]);
    const [group] = await app.ds.query(
      `INSERT INTO tutoring_group (program_id, school_id, name, subject, tutor_staff_id, days_of_week, start_time, minutes, capacity)
       VALUES ($1, $2, 'Math A', 'MATH', $3, '{1,2,3,4}', '10:00', 30, 4) RETURNING id`,
      [program.id, school.id, staff.tutor.id],
    );
    ids.group = gid('TutoringGroup', group.id);
    const [assignment] = await app.ds.query(
      `INSERT INTO tutoring_assignment (group_id, student_id, start_date, reason, created_by) VALUES ($1, $2, '2026-09-14', 'Math screen', $3) RETURNING id`,
      [group.id, tutored.id, staff.admin.id],
    );
    ids.assignment = gid('TutoringAssignment', assignment.id);

    const absences = ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-08', '2026-09-09', '2026-09-10', '2026-09-11', '2026-09-14'];
    const recorded = await app.gql(RECORD_DAYS, { input: { records: days(gid('Student', absent.id), absences, 'UNEXCUSED_ABSENCE') } }, token.counselor);
    expect(recorded.data?.attendanceDaysRecord.userErrors).toEqual([]);

    const [kase] = await app.ds.query(
      `INSERT INTO attendance_case (student_id, school_id, school_year_id, tier, reason, owner_id, opened_on, opened_by)
       VALUES ($1, $2, $3, 2, 'Absences in September', $4, '2026-09-15', $4) RETURNING id`,
      [withCase.id, school.id, year.id, staff.counselor.id],
    );
    ids.case = gid('AttendanceCase', kase.id);
    await app.ds.query(
      `INSERT INTO attendance_action (case_id, student_id, type, action_date, staff_id, next_step, next_step_due, recorded_by)
       VALUES ($1, $2, 'PHONE_CALL_HOME', '2026-09-20', $3, 'Home visit', '2026-10-10', $3)`,
      [kase.id, withCase.id, staff.counselor.id],
    );
    const [meeting] = await app.ds.query(`INSERT INTO team_meeting (school_id, kind, held_on, created_by) VALUES ($1, 'MTSS', '2026-10-01', $2) RETURNING id`, [
      school.id, staff.admin.id,
    ]);
    const [task] = await app.ds.query(
      `INSERT INTO follow_up_task (meeting_id, student_id, owner_id, description, assigned_on, due_date, restricted)
       VALUES ($1, $2, $3, 'Call the family about the housing referral', '2026-10-01', '2026-10-20', true) RETURNING id`,
      [meeting.id, withCase.id, staff.counselor.id],
    );
    ids.task = gid('FollowUpTask', task.id);
  });
  afterAll(() => app.close());

  it("gives a teacher their caseload's newly flagged students, and nobody else's work", async () => {
    const items = await work('teacher');
    expect(summary(items)).toEqual(['FLAGGED_WITHOUT_PLAN READ0001']);
    expect(items[0].reason).toMatch(/Universal Reading Screener .*2026-10-02.*no active plan in reading/);
    expect(items[0]).toMatchObject({ dueDate: '2026-10-02', subjectId: gid('Student', ids.flagged), school: { code: 'MW1' } });
  });

  it("gives an interventionist today's session, the progress point and the review of their own plans only", async () => {
    const items = await work('interventionist');
    expect(summary(items)).toEqual(['INTERVENTION_SESSION_TO_LOG PLAN0001', 'PLAN_PAST_REVIEW PLAN0001', 'PROGRESS_POINT_DUE PLAN0001']);
    expect(items.every((i) => i.subjectId === ids.plan)).toBe(true);
    const session = items.find((i) => i.kind === 'INTERVENTION_SESSION_TO_LOG')!;
    // 09-21 to 10-15 are 19 school days (Oct 9 and 12 are school days in this calendar): 19 sessions planned at 5 a week.
    expect(session).toMatchObject({ dueDate: '2026-10-15', reason: '5 sessions a week planned: 19 due over 19 school days since 2026-09-21, 0 logged; none logged today' });
    expect(items.find((i) => i.kind === 'PLAN_PAST_REVIEW')).toMatchObject({ dueDate: '2026-10-14', reason: 'Plan review was due 2026-10-14' });
    // Sorted by due date: the progress point (due 10-05) before the review (10-14) before today's session.
    expect(items.map((i) => i.dueDate)).toEqual(['2026-10-05', '2026-10-14', '2026-10-15']);
    const other = await work('otherInterventionist');
    expect(other.every((i) => i.subjectId === ids.othersPlan)).toBe(true);
    expect(summary(other)).toEqual(['INTERVENTION_SESSION_TO_LOG PLAN0002', 'PLAN_PAST_REVIEW PLAN0002', 'PROGRESS_POINT_DUE PLAN0002']);
  });

  it('takes a logged session off the list', async () => {
    const logged = await app.gql(
      `mutation ($input: InterventionSessionLogInput!) { interventionSessionLog(input: $input) { userErrors { code field message } } }`,
      { input: { date: '2026-10-15', minutes: 30, attendance: [{ planId: ids.othersPlan, present: true }] } },
      token.otherInterventionist,
    );
    expect(logged.errors).toBeUndefined();
    expect(logged.data.interventionSessionLog.userErrors).toEqual([]);
    expect(summary(await work('otherInterventionist'))).toEqual(['PLAN_PAST_REVIEW PLAN0002', 'PROGRESS_POINT_DUE PLAN0002']);
  });

  it("gives a tutor today's group to log and the students below dosage in their groups", async () => {
    const items = await work('tutor');
    expect(summary(items)).toEqual(['TUTORING_BELOW_DOSAGE TUTR0001', 'TUTORING_SESSION_TO_LOG MW1']);
    expect(items.find((i) => i.kind === 'TUTORING_SESSION_TO_LOG')).toMatchObject({
      subjectId: ids.group, dueDate: '2026-10-15', student: null, reason: 'Math A meets Mon, Tue, Wed, Thu with 1 student; no session logged today',
    });
    const below = items.find((i) => i.kind === 'TUTORING_BELOW_DOSAGE')!;
    expect(below.subjectId).toBe(ids.assignment);
    expect(below.reason).toMatch(/^Attended 0 sessions a week from 2026-09-18 to 2026-10-15 against a target of 3; no sessions attended$/);
  });

  it('gives a counselor the suggested cases, their quiet cases, due actions and their restricted follow-ups', async () => {
    const items = await work('counselor');
    expect(summary(items)).toEqual([
      'ATTENDANCE_ACTION_DUE CASE0001', 'ATTENDANCE_CASE_STALE CASE0001', 'ATTENDANCE_TRIGGERED_WITHOUT_CASE ABSN0001', 'FOLLOW_UP_DUE CASE0001',
    ]);
    expect(items.find((i) => i.kind === 'ATTENDANCE_ACTION_DUE')).toMatchObject({
      subjectId: ids.case, dueDate: '2026-10-10', reason: '"Home visit" was due 2026-10-10 (5 days overdue), with no action logged on the case since',
    });
    expect(items.find((i) => i.kind === 'ATTENDANCE_CASE_STALE')?.reason).toBe('No action on this attendance case since 2026-09-20 (25 days; cases need one every 14)');
    expect(items.find((i) => i.kind === 'ATTENDANCE_TRIGGERED_WITHOUT_CASE')?.reason).toMatch(/^Attendance Tier \d: absent 8 of \d+ days enrolled since 2026-08-24 \(\d+(\.\d)?%\), .*chronically absent.*; no open attendance case$/);
    expect(items.find((i) => i.kind === 'FOLLOW_UP_DUE')).toMatchObject({
      subjectId: ids.task, dueDate: '2026-10-20', reason: 'Restricted follow-up from the team meeting of 2026-10-01: Call the family about the housing referral',
    });
    // Due dates in order, the undated last.
    const dates = items.map((i) => i.dueDate ?? '9999');
    expect(dates).toEqual([...dates].sort());
  });

  it("gives the school admin the school's queues from every module, and another school's admin none of them", async () => {
    const items = await work('admin');
    expect(summary(items)).toEqual(expect.arrayContaining([
      'FLAGGED_WITHOUT_PLAN READ0001', 'TIER_WITHOUT_SUPPORT READ0001', 'PLAN_PAST_REVIEW PLAN0001', 'PLAN_PAST_REVIEW PLAN0002',
      'PROGRESS_POINT_DUE PLAN0001', 'ATTENDANCE_TRIGGERED_WITHOUT_CASE ABSN0001', 'ATTENDANCE_CASE_STALE CASE0001', 'ATTENDANCE_ACTION_DUE CASE0001',
      'TUTORING_GROUP_WITHOUT_SESSION MW1', 'TUTORING_BELOW_DOSAGE TUTR0001',
    ]));
    expect(items.find((i) => i.kind === 'TIER_WITHOUT_SUPPORT')?.reason).toBe('Tier 2 in reading since 2026-09-20 with no active reading plan and no reading tutoring');
    // Sessions to log and follow-ups are their deliverers' and owners' work, not the admin's.
    expect(items.some((i) => ['INTERVENTION_SESSION_TO_LOG', 'TUTORING_SESSION_TO_LOG', 'FOLLOW_UP_DUE'].includes(i.kind))).toBe(false);
    expect(await work('otherAdmin')).toEqual([]);
    // An admin of both schools gets the same items, each at the student's (or record's) school.
    const both = await work('bothAdmin');
    expect(summary(both)).toEqual(summary(items));
    expect(both.map((i) => i.school?.code)).toEqual(items.map(() => 'MW1'));
  });

  it('lists for a student who counts against an indicator an item on somebody\'s list', async () => {
    const drill = async (key: string) => {
      const response = await app.gql(
        `query ($key: IndicatorKey!, $school: ID!) { indicatorStudents(key: $key, part: DENOMINATOR, scope: { schoolId: $school }, first: 100) { nodes { localId } } }`,
        { key, school: ids.school },
        token.districtAdmin,
      );
      expect(response.errors).toBeUndefined();
      return response.data.indicatorStudents.nodes.map((s: { localId: string }) => s.localId);
    };
    const numerator = async (key: string) => {
      const response = await app.gql(
        `query ($key: IndicatorKey!, $school: ID!) { indicatorStudents(key: $key, part: NUMERATOR, scope: { schoolId: $school }, first: 100) { nodes { localId } } }`,
        { key, school: ids.school },
        token.districtAdmin,
      );
      return response.data.indicatorStudents.nodes.map((s: { localId: string }) => s.localId);
    };
    // READ0001 is Tier 2 in reading without a plan: in the denominator, not the numerator.
    expect(await drill('ACADEMIC_TIER23_WITH_PLAN')).toContain('READ0001');
    expect(await numerator('ACADEMIC_TIER23_WITH_PLAN')).not.toContain('READ0001');
    expect(summary(await work('admin', { filter: { kinds: ['TIER_WITHOUT_SUPPORT'] } }))).toEqual(['TIER_WITHOUT_SUPPORT READ0001']);
    // ABSN0001 is chronically absent without a case: on the counselor's list.
    expect(await drill('CHRONICALLY_ABSENT_WITH_CASE')).toContain('ABSN0001');
    expect(await numerator('CHRONICALLY_ABSENT_WITH_CASE')).not.toContain('ABSN0001');
    expect(summary(await work('counselor', { filter: { kinds: ['ATTENDANCE_TRIGGERED_WITHOUT_CASE'] } }))).toEqual(['ATTENDANCE_TRIGGERED_WITHOUT_CASE ABSN0001']);
    // And the district sees the school's rate short of its target, ABSN0001 (1 of 6 students) among those behind it.
    const district = await work('districtAdmin', { filter: { kinds: ['INDICATOR_OFF_TARGET'] } });
    expect(district.map((i) => i.reason)).toContain('Chronic absenteeism rate at Maplewood Test School: 16.7% against a target of 13% (3.7 points from it)');
    expect(await numerator('CHRONIC_ABSENTEEISM_RATE')).toEqual(['ABSN0001']);
    expect(district.every((i) => i.student === null && i.subjectId.length > 0)).toBe(true);
  });

  it('gives district leads the schools whose data looks stale this week, and no student items', async () => {
    const items = await work('lead');
    const stale = items.filter((i) => i.kind === 'SCHOOL_DATA_STALE');
    expect(stale.map((i) => i.school?.code).sort()).toEqual(['MW1', 'MW2']);
    expect(stale.find((i) => i.school?.code === 'MW1')?.reason).toBe(
      'Maplewood Test School: since Monday 2026-10-12 (4 school days), no attendance recorded; no tutoring session logged for its 1 tutoring groups',
    );
    expect(items.every((i) => i.student === null)).toBe(true);
  });

  it('pages by due date then priority, and refuses a forged cursor naming the argument', async () => {
    const all = await work('admin');
    const seen: Item[] = [];
    let after: string | null = null;
    for (;;) {
      const response: any = await app.gql(MY_WORK, { first: 3, after }, token.admin);
      seen.push(...response.data.myWork.nodes);
      expect(response.data.myWork.totalCount).toBe(all.length);
      if (!response.data.myWork.pageInfo.hasNextPage) break;
      after = response.data.myWork.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    const keys = all.map((i) => [i.dueDate ?? '9999-12-31', i.priority] as const);
    expect(keys).toEqual([...keys].sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1)));
    const bad = await app.gql(MY_WORK, { after: 'not-a-cursor' }, token.admin);
    expect(bad.errors?.[0]).toMatchObject({ message: 'after: is not a cursor from this connection', extensions: { code: 'BAD_USER_INPUT' } });
    const tooMany = await app.gql(MY_WORK, { first: 500 }, token.admin);
    expect(tooMany.errors?.[0].message).toBe('first: must be from 1 to 100');
  });

  it("gives the school team the next meeting's agenda, for their own school only", async () => {
    const response = await app.gql(AGENDA, { school: ids.school }, token.admin);
    expect(response.errors).toBeUndefined();
    const agenda = response.data.meetingAgenda;
    expect(agenda).toMatchObject({ lastMeetingOn: '2026-10-01', nextMeetingBy: '2026-10-29', school: { code: 'MW1' }, lastMeeting: { heldOn: '2026-10-01' } });
    expect(agenda.flaggedSinceLastMeeting.map((i: Item) => i.student?.localId)).toEqual(['READ0001']);
    expect(agenda.plansDueForReview.map((i: Item) => i.student?.localId).sort()).toEqual(['PLAN0001', 'PLAN0002']);
    expect(agenda.casesToReview.map((i: Item) => i.kind).sort()).toEqual(['ATTENDANCE_ACTION_DUE', 'ATTENDANCE_CASE_STALE']);
    const elsewhere = await app.gql(AGENDA, { school: ids.school }, token.otherAdmin);
    expect(elsewhere.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const teacher = await app.gql(AGENDA, { school: ids.school }, token.teacher);
    expect(teacher.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const wrongId = await app.gql(AGENDA, { school: ids.plan }, token.admin);
    expect(wrongId.errors?.[0]).toMatchObject({ message: 'schoolId: is not a School id', extensions: { code: 'BAD_USER_INPUT' } });
  });
});
