import { StaffRole } from '../../src/common/auth/roles';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

const CREATE = `mutation ($input: TeamMeetingCreateInput!) {
  teamMeetingCreate(input: $input) { teamMeeting { id kind heldOn } userErrors { code field message } }
}`;
const MEETING = `query ($id: ID!) {
  node(id: $id) { ... on TeamMeeting {
    kind heldOn title school { code } createdBy { email }
    attendees { name roleLabel }
    students { id }
    notes { body restricted }
    decisions { kind description tierPlacement { tier } student { id } }
    followUpTasks { description dueDate overdue owner { email } }
  } }
}`;

describe('team meetings', () => {
  let app: TestApp;
  const t: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let meetingId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const school = await f.school();
    const other = await f.school();
    const teacher = await f.staff(StaffRole.TEACHER, [school]);
    const onCaseload = await f.student(school);
    const notOnCaseload = await f.student(school);
    const elsewhere = await f.student(other);
    await f.caseload(teacher, onCaseload);
    Object.assign(ids, {
      school: gid('School', school.id),
      other: gid('School', other.id),
      onCaseload: gid('Student', onCaseload.id),
      notOnCaseload: gid('Student', notOnCaseload.id),
      elsewhere: gid('Student', elsewhere.id),
      teacher: gid('StaffUser', teacher.id),
    });
    t.teacher = app.token(teacher.id);
    t.admin = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [school])).id);
    t.counselor = app.token((await f.staff(StaffRole.COUNSELOR, [school])).id);
    t.otherTeacher = app.token((await f.staff(StaffRole.TEACHER, [other])).id);
  });
  afterAll(() => app.close());

  const meetingInput = (overrides: object = {}) => ({
    input: {
      schoolId: ids.school,
      kind: 'MTSS',
      heldOn: '2026-10-08',
      title: 'October data meeting',
      attendees: [{ staffUserId: ids.teacher, roleLabel: 'Classroom teacher' }, { name: 'Parent of a student', roleLabel: 'Parent' }],
      studentIds: [ids.onCaseload, ids.notOnCaseload],
      notes: [
        { studentId: ids.onCaseload, body: 'Fall screening well below benchmark in reading.' },
        { studentId: ids.onCaseload, body: 'Family is moving shelters; check in weekly.', restricted: true },
        { body: 'Next meeting: review Tier 2 groups.' },
      ],
      ...overrides,
    },
  });

  it('refuses bad meetings, naming the field', async () => {
    const future = await app.gql(CREATE, meetingInput({ heldOn: '2026-11-01' }), t.admin);
    expect(future.data.teamMeetingCreate.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'heldOn'] })]);
    const foreign = await app.gql(CREATE, meetingInput({ schoolId: ids.other }), t.admin);
    expect(foreign.data.teamMeetingCreate.userErrors[0]).toMatchObject({ code: 'FORBIDDEN', field: ['input', 'schoolId'] });
    const outsider = await app.gql(CREATE, meetingInput({ studentIds: [ids.onCaseload, ids.elsewhere] }), t.admin);
    expect(outsider.data.teamMeetingCreate.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'studentIds', '1'] })]);
    const teacher = await app.gql(CREATE, meetingInput(), t.teacher);
    expect(teacher.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const [{ count }] = await app.ds.query('SELECT count(*)::int AS count FROM team_meeting');
    expect(count).toBe(0);
  });

  it('records a meeting and shows each role what it may see', async () => {
    const created = await app.gql(CREATE, meetingInput(), t.admin);
    expect(created.data.teamMeetingCreate.userErrors).toEqual([]);
    meetingId = created.data.teamMeetingCreate.teamMeeting.id;

    const asCounselor = (await app.gql(MEETING, { id: meetingId }, t.counselor)).data.node;
    expect(asCounselor.students.map((s: any) => s.id).sort()).toEqual([ids.onCaseload, ids.notOnCaseload].sort());
    expect(asCounselor.notes.map((n: any) => n.restricted)).toEqual([false, true, false]);
    expect(asCounselor.attendees).toEqual([{ name: null, roleLabel: 'Classroom teacher' }, { name: 'Parent of a student', roleLabel: 'Parent' }]);

    const asTeacher = (await app.gql(MEETING, { id: meetingId }, t.teacher)).data.node;
    expect(asTeacher.students.map((s: any) => s.id)).toEqual([ids.onCaseload]);
    expect(asTeacher.notes.map((n: any) => n.body)).toEqual(['Fall screening well below benchmark in reading.', 'Next meeting: review Tier 2 groups.']);

    expect((await app.gql(MEETING, { id: meetingId }, t.otherTeacher)).data.node).toBeNull();
    const list = await app.gql('{ teamMeetings(filter: { kind: MTSS }) { totalCount nodes { id } } }', {}, t.teacher);
    expect(list.data.teamMeetings).toEqual({ totalCount: 1, nodes: [{ id: meetingId }] });
    const profile = await app.gql('query ($id: ID!) { student(id: $id) { teamMeetings { id heldOn } } }', { id: ids.onCaseload }, t.teacher);
    expect(profile.data.student.teamMeetings).toEqual([{ id: meetingId, heldOn: '2026-10-08' }]);
  });

  it('links a decision to the tier placement it made', async () => {
    const placed = await app.gql(
      `mutation ($input: TierPlaceInput!) { tierPlace(input: $input) { tierPlacement { id } userErrors { field } } }`,
      { input: { studentId: ids.onCaseload, domain: 'READING', tier: 2, effectiveDate: '2026-10-09', reason: 'MTSS team, October' } },
      t.admin,
    );
    const placementId = placed.data.tierPlace.tierPlacement.id;
    const record = `mutation ($input: TeamDecisionRecordInput!) { teamDecisionRecord(input: $input) { teamDecision { kind } userErrors { code field } } }`;
    const mismatched = await app.gql(record, { input: { meetingId, studentId: ids.notOnCaseload, kind: 'TIER_CHANGE', description: 'Tier 2 reading', tierPlacementId: placementId } }, t.admin);
    expect(mismatched.data.teamDecisionRecord.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'tierPlacementId'] }]);
    const ok = await app.gql(record, { input: { meetingId, studentId: ids.onCaseload, kind: 'TIER_CHANGE', description: 'Tier 2 reading', tierPlacementId: placementId } }, t.admin);
    expect(ok.data.teamDecisionRecord.userErrors).toEqual([]);
    const meeting = (await app.gql(MEETING, { id: meetingId }, t.teacher)).data.node;
    expect(meeting.decisions).toEqual([{ kind: 'TIER_CHANGE', description: 'Tier 2 reading', tierPlacement: { tier: 2 }, student: { id: ids.onCaseload } }]);
    const [{ linked }] = await app.ds.query('SELECT count(*)::int AS linked FROM tier_placement WHERE team_meeting_id IS NOT NULL');
    expect(linked).toBe(1);
  });

  it('assigns follow-ups that their owner completes once, with CONFLICT on a stale version', async () => {
    const create = `mutation ($input: FollowUpTaskCreateInput!) { followUpTaskCreate(input: $input) { followUpTask { id version overdue } userErrors { code field } } }`;
    const early = await app.gql(create, { input: { meetingId, ownerId: ids.teacher, description: 'Send home reading log', dueDate: '2026-10-01' } }, t.admin);
    expect(early.data.followUpTaskCreate.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'dueDate'] }]);
    const task = (await app.gql(create, { input: { meetingId, studentId: ids.onCaseload, ownerId: ids.teacher, description: 'Send home reading log', dueDate: '2026-10-12' } }, t.admin)).data
      .followUpTaskCreate.followUpTask;
    expect(task.overdue).toBe(true);
    const mine = await app.gql('{ followUpTasks(filter: { mine: true, openOnly: true }) { totalCount nodes { description student { id } } } }', {}, t.teacher);
    expect(mine.data.followUpTasks).toEqual({ totalCount: 1, nodes: [{ description: 'Send home reading log', student: { id: ids.onCaseload } }] });

    const complete = `mutation ($input: FollowUpTaskCompleteInput!) { followUpTaskComplete(input: $input) { followUpTask { completedOn overdue } userErrors { code field } } }`;
    const stale = await app.gql(complete, { input: { id: task.id, expectedVersion: task.version + 1 } }, t.teacher);
    expect(stale.data.followUpTaskComplete.userErrors).toEqual([{ code: 'CONFLICT', field: ['input', 'expectedVersion'] }]);
    const done = await app.gql(complete, { input: { id: task.id, expectedVersion: task.version } }, t.teacher);
    expect(done.data.followUpTaskComplete.followUpTask).toEqual({ completedOn: '2026-10-15', overdue: false });
    const again = await app.gql(complete, { input: { id: task.id, expectedVersion: task.version + 1 } }, t.teacher);
    expect(again.data.followUpTaskComplete.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'id'] }]);
  });

  it('keeps restricted follow-ups from teachers who do not own them', async () => {
    const create = `mutation ($input: FollowUpTaskCreateInput!) { followUpTaskCreate(input: $input) { followUpTask { id } userErrors { code } } }`;
    const counselorId = (await app.gql('{ viewer { id } }', {}, t.counselor)).data.viewer.id;
    await app.gql(create, { input: { meetingId, studentId: ids.onCaseload, ownerId: counselorId, description: 'Call the shelter case worker', dueDate: '2026-10-20', restricted: true } }, t.admin);
    const teacherView = (await app.gql(MEETING, { id: meetingId }, t.teacher)).data.node.followUpTasks.map((x: any) => x.description);
    expect(teacherView).not.toContain('Call the shelter case worker');
    const counselorView = (await app.gql(MEETING, { id: meetingId }, t.counselor)).data.node.followUpTasks.map((x: any) => x.description);
    expect(counselorView).toContain('Call the shelter case worker');
  });
});
