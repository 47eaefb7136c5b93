import { StaffRole } from '../../src/common/auth/roles';
import { MtssDomain } from '../../src/common/mtss';
import { TierPlacementEntity } from '../../src/modules/tiers/tier.entities';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  ASSIGN,
  ASSIGNMENT_END,
  GROUP_CREATE,
  GROUP_UPDATE,
  PARTNER_TUTOR_CREATE,
  PROGRAM_CREATE,
  PROGRAM_UPDATE,
  SESSION_CANCEL,
  SESSION_LOG,
  createSchoolYear,
  refused,
  succeeded,
} from './support';

/** Who may set tutoring up, and the rules of programs, groups, assignments and sessions. */
describe('tutoring rules', () => {
  let app: TestApp;
  const token: Record<string, string> = {};
  const id: Record<string, string> = {};
  let yearId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const schoolA = await f.school();
    const schoolB = await f.school();
    id.schoolA = gid('School', schoolA.id);
    id.schoolB = gid('School', schoolB.id);
    const districtAdmin = await f.staff(StaffRole.DISTRICT_ADMIN);
    token.district = app.token(districtAdmin.id);
    yearId = await createSchoolYear(app, token.district);
    token.adminA = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [schoolA])).id);
    token.adminB = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [schoolB])).id);
    token.teacher = app.token((await f.staff(StaffRole.TEACHER, [schoolA])).id);
    const staff = {
      tutor1: await f.staff(StaffRole.TUTOR, [schoolA]),
      tutor2: await f.staff(StaffRole.TUTOR, [schoolA]),
      tutor3: await f.staff(StaffRole.TUTOR, [schoolA]),
      tutorB: await f.staff(StaffRole.TUTOR, [schoolB]),
      counselor: await f.staff(StaffRole.COUNSELOR, [schoolA]),
    };
    for (const [key, user] of Object.entries(staff)) {
      id[key] = gid('StaffUser', user.id);
      token[key] = app.token(user.id);
    }
    for (const key of ['s1', 's2', 's3', 's4', 's5', 's6']) id[key] = gid('Student', (await f.student(schoolA)).id);
    id.sb = gid('Student', (await f.student(schoolB)).id);
    const s1 = Buffer.from(id.s1, 'base64url').toString().split(':')[1];
    const reading = await app.ds.manager.save(TierPlacementEntity, app.ds.manager.create(TierPlacementEntity, {
      studentId: s1, domain: MtssDomain.READING, tier: 2, startDate: '2026-09-20', endDate: null, reason: 'Fall screening', decidedBy: districtAdmin.id, teamMeetingId: null,
    }));
    id.s1Reading = gid('TierPlacement', reading.id);
  });
  afterAll(() => app.close());

  const programInput = (overrides: object = {}) => ({
    input: {
      name: 'After-school reading', schoolYearId: yearId, subjects: ['READING'], provider: 'IN_HOUSE', setting: 'OUT_OF_SCHOOL_TIME',
      schoolIds: [id.schoolA], startDate: '2026-09-14', endDate: '2027-01-29', ...overrides,
    },
  });
  const groupInput = (overrides: object = {}) => ({
    input: {
      programId: id.programA, schoolId: id.schoolA, name: 'Group', subject: 'READING', tutorId: id.tutor1,
      schedule: { daysOfWeek: ['TUESDAY', 'WEDNESDAY', 'THURSDAY'], startTime: '15:30', minutes: 30 }, ...overrides,
    },
  });
  const assign = (groupId: string, startDate: string, students: string[], extra: object = {}, tokenKey = 'adminA') =>
    app.gql(ASSIGN, { input: { groupId, startDate, students: students.map((s) => ({ studentId: id[s], reason: 'Tier 2 reading' })), ...extra } }, token[tokenKey]);
  const logInput = (overrides: object = {}) => ({
    input: { groupId: id.g2, date: '2026-10-14', minutes: 30, attendance: [{ studentId: id.s1, present: true }, { studentId: id.s2, present: false }], ...overrides },
  });

  it('lets school admins set up their in-house programs and district admins partner programs', async () => {
    expect((await app.gql(PROGRAM_CREATE, programInput(), token.teacher)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(refused(await app.gql(PROGRAM_CREATE, programInput({ provider: 'PARTNER', partnerOrganization: 'Reading Partners' }), token.adminA), 'tutoringProgramCreate'))
      .toEqual([expect.objectContaining({ code: 'FORBIDDEN', field: ['input', 'provider'] })]);
    expect(refused(await app.gql(PROGRAM_CREATE, programInput({ schoolIds: [id.schoolA, id.schoolB] }), token.adminA), 'tutoringProgramCreate'))
      .toEqual([expect.objectContaining({ code: 'FORBIDDEN', field: ['input', 'schoolIds'] })]);
    expect(refused(await app.gql(PROGRAM_CREATE, programInput({ provider: 'PARTNER' }), token.district), 'tutoringProgramCreate'))
      .toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'partnerOrganization'] })]);
    expect(refused(await app.gql(PROGRAM_CREATE, programInput({ subjects: ['SOCIAL_EMOTIONAL'] }), token.adminA), 'tutoringProgramCreate'))
      .toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'subjects'] })]);
    expect(refused(await app.gql(PROGRAM_CREATE, programInput({ startDate: '2026-08-01' }), token.adminA), 'tutoringProgramCreate'))
      .toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'startDate'] })]);

    const programA = succeeded(await app.gql(PROGRAM_CREATE, programInput(), token.adminA), 'tutoringProgramCreate').tutoringProgram;
    expect(programA.targetDosage).toEqual({ sessionsPerWeek: 3, minutesPerSession: 30, minutesPerSessionK3: 20, maxStudentsPerTutor: 4, minWeeks: 10 });
    id.programA = programA.id;
    const partner = succeeded(await app.gql(PROGRAM_CREATE, programInput({
      name: 'Reading Partners', provider: 'PARTNER', partnerOrganization: 'Reading Partners Inc.', setting: 'DURING_SCHOOL', schoolIds: [id.schoolA, id.schoolB],
      targetDosage: { sessionsPerWeek: 2, minutesPerSession: 45 },
    }), token.district), 'tutoringProgramCreate').tutoringProgram;
    expect(partner.targetDosage).toMatchObject({ sessionsPerWeek: 2, minutesPerSession: 45, maxStudentsPerTutor: 4 });
    id.programP = partner.id;

    expect(refused(await app.gql(PROGRAM_UPDATE, { input: { id: id.programP, expectedVersion: 1, name: 'Mine now' } }, token.adminA), 'tutoringProgramUpdate'))
      .toEqual([expect.objectContaining({ code: 'FORBIDDEN', field: ['input', 'id'] })]);
    expect(refused(await app.gql(PROGRAM_UPDATE, { input: { id: id.programA, expectedVersion: 7, name: 'x' } }, token.adminA), 'tutoringProgramUpdate'))
      .toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'expectedVersion'] })]);
    expect(succeeded(await app.gql(PROGRAM_UPDATE, { input: { id: id.programA, expectedVersion: 1, endDate: '2026-12-18' } }, token.adminA), 'tutoringProgramUpdate')
      .tutoringProgram).toMatchObject({ endDate: '2026-12-18', version: 2 });
  });

  it('records partner tutors under partner programs, and checks each group\'s tutor, school and subject', async () => {
    expect((await app.gql(PARTNER_TUTOR_CREATE, { input: { programId: id.programP, givenName: 'Pat', familyName: 'Lee' } }, token.adminA)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(refused(await app.gql(PARTNER_TUTOR_CREATE, { input: { programId: id.programA, givenName: 'Pat', familyName: 'Lee' } }, token.district), 'tutoringPartnerTutorCreate'))
      .toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'programId'] })]);
    const pat = succeeded(await app.gql(PARTNER_TUTOR_CREATE, { input: { programId: id.programP, givenName: 'Pat', familyName: 'Lee' } }, token.district), 'tutoringPartnerTutorCreate').tutoringPartnerTutor;
    expect(pat).toMatchObject({ organization: 'Reading Partners Inc.', active: true });
    id.pat = pat.id;

    const invalid = async (overrides: object, field: string[], code = 'INVALID') =>
      expect(refused(await app.gql(GROUP_CREATE, groupInput(overrides), token.adminA), 'tutoringGroupCreate')).toEqual([expect.objectContaining({ code, field })]);
    await invalid({ tutorId: id.pat }, ['input', 'tutorId']);
    await invalid({ tutorId: id.counselor }, ['input', 'tutorId']);
    await invalid({ tutorId: id.tutorB }, ['input', 'tutorId']);
    await invalid({ subject: 'MATH' }, ['input', 'subject']);
    await invalid({ schoolId: id.schoolB }, ['input', 'schoolId']);
    await invalid({ programId: id.programP, tutorId: id.pat }, ['input', 'programId'], 'FORBIDDEN');

    const g1 = succeeded(await app.gql(GROUP_CREATE, groupInput({ name: 'G1' }), token.adminA), 'tutoringGroupCreate').tutoringGroup;
    expect(g1).toMatchObject({ capacity: 4, schedule: { daysOfWeek: ['TUESDAY', 'WEDNESDAY', 'THURSDAY'], startTime: '15:30:00', minutes: 30 }, tutor: { __typename: 'StaffUser', id: id.tutor1 } });
    id.g1 = g1.id;
    id.g2 = succeeded(await app.gql(GROUP_CREATE, groupInput({ name: 'G2', tutorId: id.tutor2, capacity: 2 }), token.adminA), 'tutoringGroupCreate').tutoringGroup.id;
    id.g3 = succeeded(await app.gql(GROUP_CREATE, groupInput({ name: 'G3', tutorId: id.tutor3, capacity: 1 }), token.adminA), 'tutoringGroupCreate').tutoringGroup.id;
    await invalid({ name: 'G1' }, ['input', 'name'], 'DUPLICATE');
    const badTime = await app.gql(GROUP_CREATE, groupInput({ name: 'G9', schedule: { daysOfWeek: ['MONDAY'], startTime: '25:00', minutes: 30 } }), token.adminA);
    expect(badTime.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('input.schedule.startTime') });
    const gp = succeeded(await app.gql(GROUP_CREATE, groupInput({ programId: id.programP, name: 'P1', tutorId: id.pat }), token.district), 'tutoringGroupCreate').tutoringGroup;
    expect(gp.tutor).toEqual({ __typename: 'TutoringPartnerTutor', id: id.pat });
    id.gp = gp.id;
  });

  it('never puts a group over capacity, on any day of the new assignment', async () => {
    expect(refused(await assign(id.g2, '2026-10-01', ['s1', 's2', 's3']), 'tutoringAssignmentsCreate'))
      .toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'students'] })]);
    const [{ n }] = await app.ds.query('SELECT count(*)::int AS n FROM tutoring_assignment');
    expect(n).toBe(0);
    const first = await app.gql(ASSIGN, { input: {
      groupId: id.g2, startDate: '2026-10-01', endDate: '2026-10-20',
      students: [{ studentId: id.s1, reason: 'Tier 2 reading', tierPlacementId: id.s1Reading }, { studentId: id.s2, reason: 'Teacher referral' }],
    } }, token.adminA);
    succeeded(first, 'tutoringAssignmentsCreate');
    expect(refused(await assign(id.g2, '2026-10-10', ['s3']), 'tutoringAssignmentsCreate')[0]).toMatchObject({ code: 'CONFLICT', field: ['input', 'students'] });
    succeeded(await assign(id.g2, '2026-10-21', ['s3']), 'tutoringAssignmentsCreate');
    expect(refused(await app.gql(GROUP_UPDATE, { input: { id: id.g2, expectedVersion: 1, capacity: 1 } }, token.adminA), 'tutoringGroupUpdate'))
      .toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'capacity'] })]);
  });

  it('keeps a student in one group of a program at a time', async () => {
    expect(refused(await assign(id.g1, '2026-10-15', ['s1']), 'tutoringAssignmentsCreate'))
      .toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'students', '0', 'studentId'] })]);
    succeeded(await assign(id.g1, '2026-10-21', ['s1']), 'tutoringAssignmentsCreate');
    succeeded(await assign(id.gp, '2026-10-01', ['s1'], {}, 'district'), 'tutoringAssignmentsCreate');
  });

  it('checks every row of an assignment sheet and reports each problem by index', async () => {
    const errors = refused(await app.gql(ASSIGN, { input: {
      groupId: id.g1, startDate: '2026-10-01',
      students: [
        { studentId: id.s4, reason: 'x', tierPlacementId: id.s1Reading },
        { studentId: id.sb, reason: 'x' },
        { studentId: id.s5, reason: 'x' },
        { studentId: id.s5, reason: 'x' },
      ],
    } }, token.adminA), 'tutoringAssignmentsCreate');
    expect(errors).toEqual([expect.objectContaining({ code: 'DUPLICATE', field: ['input', 'students', '3', 'studentId'] })]);
    const rows = refused(await app.gql(ASSIGN, { input: {
      groupId: id.g1, startDate: '2026-10-01',
      students: [{ studentId: id.s4, reason: 'x', tierPlacementId: id.s1Reading }, { studentId: id.sb, reason: 'x' }],
    } }, token.adminA), 'tutoringAssignmentsCreate');
    expect(rows.map((e) => [e.code, e.field.join('.')])).toEqual([
      ['NOT_FOUND', 'input.students.0.tierPlacementId'],
      ['NOT_FOUND', 'input.students.1.studentId'],
    ]);
    expect(refused(await assign(id.g1, '2026-09-01', ['s4']), 'tutoringAssignmentsCreate')[0].field).toEqual(['input', 'startDate']);
    expect(refused(await assign(id.g1, '2026-10-01', ['s4'], {}, 'adminB'), 'tutoringAssignmentsCreate')[0]).toMatchObject({ code: 'FORBIDDEN', field: ['input', 'groupId'] });
  });

  it('lets only one of two concurrent assignments take the last place', async () => {
    const results = await Promise.all([assign(id.g3, '2026-10-05', ['s5']), assign(id.g3, '2026-10-05', ['s6'])]);
    expect(results.filter((r) => r.data.tutoringAssignmentsCreate.userErrors.length === 0)).toHaveLength(1);
    const [{ n }] = await app.ds.query(`SELECT count(*)::int AS n FROM tutoring_assignment a JOIN tutoring_group g ON g.id = a.group_id WHERE g.name = 'G3'`);
    expect(n).toBe(1);
  });

  it('refuses bad session logs, naming the field', async () => {
    const field = async (overrides: object) => refused(await app.gql(SESSION_LOG, logInput(overrides), token.tutor2), 'tutoringSessionLog').map((e) => [e.code, e.field.join('.')]);
    expect(await field({ date: '2026-10-16' })).toEqual([['INVALID', 'input.date']]);
    expect(await field({ date: '2026-09-01' })).toEqual([['INVALID', 'input.date']]);
    for (const minutes of [0, -5, 241]) {
      const response = await app.gql(SESSION_LOG, logInput({ minutes }), token.tutor2);
      expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(response.errors?.[0].message).toContain('input.minutes');
    }
    expect(await field({ attendance: [{ studentId: id.s1, present: true }, { studentId: id.s2, present: true }, { studentId: id.s4, present: true }] }))
      .toEqual([['NOT_FOUND', 'input.attendance.2.studentId']]);
    const outside = refused(await app.gql(SESSION_LOG, logInput({ attendance: [{ studentId: id.s1, present: true }, { studentId: id.s2, present: true }, { studentId: id.s3, present: true }] }), token.tutor2), 'tutoringSessionLog');
    expect(outside).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'attendance', '2', 'studentId'], message: expect.stringContaining('2026-10-21') })]);
    expect(await field({ attendance: [{ studentId: id.s1, present: true }] })).toEqual([['INVALID', 'input.attendance']]);
    expect(await field({ leaderId: id.s4 })).toEqual([['INVALID', 'input.leaderId']]);

    const ok = succeeded(await app.gql(SESSION_LOG, logInput(), token.tutor2), 'tutoringSessionLog').tutoringSession;
    expect(ok).toMatchObject({ date: '2026-10-14', status: 'HELD', minutes: 30, ledByAssignedTutor: true, ledBy: { id: id.tutor2 } });
    expect(ok.attendance).toHaveLength(2);
    expect(await field({})).toEqual([['DUPLICATE', 'input.date']]);
    expect(refused(await app.gql(SESSION_CANCEL, { input: { groupId: id.g2, date: '2026-10-14', reason: 'OTHER' } }, token.tutor2), 'tutoringSessionCancel')
      .map((e) => [e.code, e.field.join('.')])).toEqual([['DUPLICATE', 'input.date']]);
    expect(refused(await app.gql(GROUP_UPDATE, { input: { id: id.g2, expectedVersion: 1, schedule: { daysOfWeek: ['MONDAY'], startTime: '15:30', minutes: 30 } } }, token.adminA), 'tutoringGroupUpdate'))
      .toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'schedule', 'daysOfWeek'] })]);
  });

  it("lets a tutor write only their own groups' sessions", async () => {
    const input = logInput({ date: '2026-10-13' });
    expect(refused(await app.gql(SESSION_LOG, input, token.tutor1), 'tutoringSessionLog')).toEqual([expect.objectContaining({ code: 'FORBIDDEN', field: ['input', 'groupId'] })]);
    expect(refused(await app.gql(SESSION_LOG, input, token.adminB), 'tutoringSessionLog')).toEqual([expect.objectContaining({ code: 'FORBIDDEN', field: ['input', 'groupId'] })]);
    expect((await app.gql(SESSION_LOG, input, token.teacher)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await app.gql(SESSION_LOG, input, token.counselor)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    succeeded(await app.gql(SESSION_LOG, input, token.adminA), 'tutoringSessionLog');
    succeeded(await app.gql(SESSION_CANCEL, { input: { groupId: id.g1, date: '2026-10-13', reason: 'SCHOOL_CLOSED' } }, token.tutor1), 'tutoringSessionCancel');
  });

  it('ends assignments on their last day, never before recorded attendance, and keeps program dates around its records', async () => {
    const { data } = await app.gql(`query ($id: ID!) { node(id: $id) { ... on TutoringGroup { assignments { id student { id } } } } }`, { id: id.g2 }, token.adminA);
    const of = (student: string) => data.node.assignments.find((a: any) => a.student.id === id[student]).id;
    expect(refused(await app.gql(ASSIGNMENT_END, { input: { id: of('s1'), endDate: '2026-10-13' } }, token.adminA), 'tutoringAssignmentEnd'))
      .toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'endDate'], message: expect.stringContaining('2026-10-14') })]);
    expect(refused(await app.gql(ASSIGNMENT_END, { input: { id: of('s2'), endDate: '2026-10-25' } }, token.adminA), 'tutoringAssignmentEnd')[0].field).toEqual(['input', 'endDate']);
    expect(succeeded(await app.gql(ASSIGNMENT_END, { input: { id: of('s2'), endDate: '2026-10-14', endReason: 'Moved to Tier 3' } }, token.adminA), 'tutoringAssignmentEnd')
      .tutoringAssignment).toMatchObject({ endDate: '2026-10-14', endReason: 'Moved to Tier 3' });
    expect(refused(await app.gql(PROGRAM_UPDATE, { input: { id: id.programA, expectedVersion: 2, startDate: '2026-10-02' } }, token.adminA), 'tutoringProgramUpdate')[0].field)
      .toEqual(['input', 'startDate']);
    expect(refused(await app.gql(PROGRAM_UPDATE, { input: { id: id.programA, expectedVersion: 2, schoolIds: [id.schoolB] } }, token.adminA), 'tutoringProgramUpdate')[0])
      .toMatchObject({ code: 'FORBIDDEN', field: ['input', 'schoolIds'] });
  });
});
