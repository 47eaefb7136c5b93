import { StaffRole } from '../../src/common/auth/roles';
import { factories, gid } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { schoolYear2026 } from './support';

const RECORDS = `mutation ($input: StudentRecordsExportInput!) {
  studentRecordsExport(input: $input) { studentRecords { exportedAt json } userErrors { code field message } }
}`;
const EDFI = `mutation ($input: InterventionsEdFiExportInput) {
  interventionsEdFiExport(input: $input) {
    interventionsEdFiExport { interventionCount studentInterventionAssociationCount studentInterventionAttendanceEventCount warnings json }
    userErrors { code field message }
  }
}`;

describe('exports', () => {
  let app: TestApp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    const year = await schoolYear2026(app.ds);
    const school = await f.school({ code: '4410' });
    const other = await f.school();
    const admin = await f.staff(StaffRole.SCHOOL_ADMIN, [school]);
    const interventionist = await f.staff(StaffRole.INTERVENTIONIST, [school]);
    const teacher = await f.staff(StaffRole.TEACHER, [school]);
    const districtAdmin = await f.staff(StaffRole.DISTRICT_ADMIN);
    const a = await f.student(school, { localId: 'EXP-A' });
    const b = await f.student(school, { localId: 'EXP-B' });
    await f.caseload(teacher, a);
    Object.assign(tokens, {
      districtAdmin: app.token(districtAdmin.id),
      admin: app.token(admin.id),
      otherAdmin: app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [other])).id),
      teacher: app.token(teacher.id),
    });
    Object.assign(ids, { a: a.id, b: b.id, school: school.id, interventionist: interventionist.id });

    const q = (sql: string, params: unknown[]) => app.ds.query(sql, params);
    await q(`INSERT INTO screening_result (student_id, school_year_id, domain, screening_window, assessment, administered_on, score, percentile, recorded_by)
             VALUES ($1, $2, 'READING', 'FALL', 'DIBELS 8', '2026-09-10', 210, 8, $3)`, [a.id, year.id, admin.id]);
    await q(`INSERT INTO tier_placement (student_id, domain, tier, start_date, reason, decided_by) VALUES ($1, 'READING', 2, '2026-09-20', 'Fall screening', $2)`, [a.id, admin.id]);
    const [intervention] = await q(
      `INSERT INTO intervention (name, domain, tiers, delivery, intervention_class, min_dosage_minutes, max_dosage_minutes)
       VALUES ('Phonics Pathways', 'READING', '{2,3}', 'SMALL_GROUP', 'INSTRUCTION', 600, 1800) RETURNING id`, []);
    const plan = async (studentId: string) => (await q(
      `INSERT INTO intervention_plan (student_id, school_id, intervention_id, domain, tier, goal_measure, goal_baseline, goal_target, goal_target_date,
         interventionist_id, sessions_per_week, minutes_per_session, start_date, planned_end_date, review_date, created_by)
       VALUES ($1, $2, $3, 'READING', 2, 'Words correct per minute', 20, 60, '2027-01-15', $4, 3, 30, '2026-09-21', '2026-11-29', '2026-11-01', $4) RETURNING id`,
      [studentId, school.id, intervention.id, interventionist.id],
    ))[0].id as string;
    const planA = await plan(a.id);
    const planB = await plan(b.id);
    await q(`INSERT INTO progress_point (plan_id, student_id, measured_on, score, recorded_by) VALUES ($1, $2, '2026-10-01', 24, $3)`, [planA, a.id, interventionist.id]);
    const [session] = await q(
      `INSERT INTO intervention_session (school_id, logged_by, interventionist_id, session_date, minutes) VALUES ($1, $2, $2, '2026-10-05', 30) RETURNING id`,
      [school.id, interventionist.id],
    );
    await q(`INSERT INTO intervention_session_attendance (session_id, plan_id, student_id, present, absence_reason) VALUES ($1, $2, $3, true, NULL), ($1, $4, $5, false, 'STUDENT_ABSENT')`,
      [session.id, planA, a.id, planB, b.id]);
    const [meeting] = await q(`INSERT INTO team_meeting (school_id, kind, held_on, created_by) VALUES ($1, 'MTSS', '2026-10-01', $2) RETURNING id`, [school.id, admin.id]);
    await q(`INSERT INTO team_meeting_student (meeting_id, student_id) VALUES ($1, $2), ($1, $3)`, [meeting.id, a.id, b.id]);
    await q(`INSERT INTO team_meeting_note (meeting_id, student_id, body, restricted, author_id) VALUES
               ($1, $2, 'Reading fluency below benchmark', false, $4), ($1, $2, 'Family moved recently', true, $4),
               ($1, $3, 'About another student', false, $4), ($1, NULL, 'Meeting-wide note', false, $4)`, [meeting.id, a.id, b.id, admin.id]);
    await q(`INSERT INTO attendance_day (student_id, calendar_date, school_id, category) VALUES ($1, '2026-10-02', $2, 'EXCUSED_ABSENCE')`, [a.id, school.id]);
    await q(`INSERT INTO attendance_case (student_id, school_id, school_year_id, tier, reason, owner_id, opened_on, opened_by) VALUES ($1, $2, $3, 2, 'Chronic absence', $4, '2026-10-05', $4)`,
      [a.id, school.id, year.id, admin.id]);
  });
  afterAll(() => app.close());

  it("exports a student's full MTSS record as JSON and audits the disclosure", async () => {
    const response = await app.gql(RECORDS, { input: { studentId: gid('Student', ids.a) } }, tokens.admin);
    expect(response.data.studentRecordsExport.userErrors).toEqual([]);
    const doc = JSON.parse(response.data.studentRecordsExport.studentRecords.json);
    expect(doc.format).toBe('tiered.student-records/1');
    expect(doc.student).toMatchObject({ id: gid('Student', ids.a), localId: 'EXP-A', gradeLevel: 'G4' });
    expect(doc.enrollments).toEqual([expect.objectContaining({ schoolCode: '4410', entryDate: '2026-08-26', exitDate: null, gradeLevel: 'G4' })]);
    expect(doc.caseloadAssignments).toEqual([expect.objectContaining({ kind: 'HOMEROOM', staffRole: 'TEACHER' })]);
    expect(doc.screeningResults).toEqual([expect.objectContaining({ assessment: 'DIBELS 8', window: 'FALL', score: 210, percentile: 8, schoolYear: '2026-2027' })]);
    expect(doc.tierPlacements).toEqual([expect.objectContaining({ domain: 'READING', tier: 2, startDate: '2026-09-20', reason: 'Fall screening' })]);
    expect(doc.interventionPlans).toHaveLength(1);
    expect(doc.interventionPlans[0]).toMatchObject({
      intervention: 'Phonics Pathways',
      progress: [{ measuredOn: '2026-10-01', score: 24, note: null }],
      sessions: [{ date: '2026-10-05', minutes: 30, present: true, absenceReason: null }],
    });
    expect(doc.meetings).toHaveLength(1);
    expect(doc.meetings[0].notes.map((n: any) => [n.body, n.restricted]).sort()).toEqual([
      ['Family moved recently', true],
      ['Reading fluency below benchmark', false],
    ]);
    expect(doc.tutoring).toEqual({ assignments: [], sessions: [] });
    expect(doc.attendance.days).toEqual([{ date: '2026-10-02', schoolCode: '4410', category: 'EXCUSED_ABSENCE' }]);
    expect(doc.attendance.cases).toEqual([expect.objectContaining({ tier: 2, reason: 'Chronic absence', status: 'OPEN', openedOn: '2026-10-05', actions: [] })]);
    const audit = await app.ds.query(`SELECT actor_role, entity_id, student_id, after FROM audit_event WHERE action = 'student.records_export'`);
    expect(audit).toEqual([expect.objectContaining({ actor_role: 'SCHOOL_ADMIN', entity_id: ids.a, student_id: ids.a })]);
    expect(audit[0].after.sections).toMatchObject({ interventionPlans: 1, meetings: 1, screeningResults: 1 });
  });

  it('exports only to district admins and the admins of the student\'s school', async () => {
    const district = await app.gql(RECORDS, { input: { studentId: gid('Student', ids.a) } }, tokens.districtAdmin);
    expect(district.data.studentRecordsExport.userErrors).toEqual([]);
    const other = await app.gql(RECORDS, { input: { studentId: gid('Student', ids.a) } }, tokens.otherAdmin);
    expect(other.data.studentRecordsExport).toEqual({ studentRecords: null, userErrors: [{ code: 'NOT_FOUND', field: ['input', 'studentId'], message: 'No such student' }] });
    const teacher = await app.gql(RECORDS, { input: { studentId: gid('Student', ids.a) } }, tokens.teacher);
    expect(teacher.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(Number((await app.ds.query(`SELECT count(*) FROM audit_event WHERE action = 'student.records_export'`))[0].count)).toBe(2);
  });

  it('exports interventions in the Ed-Fi shape', async () => {
    const denied = await app.gql(EDFI, {}, tokens.admin);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const response = await app.gql(EDFI, { input: { from: '2026-09-01', to: '2026-12-31' } }, tokens.districtAdmin);
    const result = response.data.interventionsEdFiExport.interventionsEdFiExport;
    expect(result).toMatchObject({ interventionCount: 1, studentInterventionAssociationCount: 2, studentInterventionAttendanceEventCount: 2, warnings: [] });
    const doc = JSON.parse(result.json);
    const [intervention] = doc.interventions;
    expect(Object.keys(intervention).sort()).toEqual([
      '_ext', 'beginDate', 'deliveryMethodDescriptor', 'educationOrganizationReference', 'interventionClassDescriptor',
      'interventionIdentificationCode', 'maxDosage', 'minDosage', 'staffs',
    ]);
    expect(intervention).toMatchObject({
      educationOrganizationReference: { educationOrganizationId: 4410 },
      beginDate: '2026-09-21',
      deliveryMethodDescriptor: 'uri://ed-fi.org/DeliveryMethodDescriptor#Small Group',
      interventionClassDescriptor: 'uri://ed-fi.org/InterventionClassDescriptor#Supplement',
      minDosage: 600,
      maxDosage: 1800,
      staffs: [{ staffReference: { staffUniqueId: ids.interventionist.replace(/-/g, '') } }],
    });
    expect(intervention.interventionIdentificationCode.length).toBeLessThanOrEqual(60);
    const reference = { educationOrganizationId: 4410, interventionIdentificationCode: intervention.interventionIdentificationCode };
    expect(doc.studentInterventionAssociations).toEqual([
      { interventionReference: reference, studentReference: { studentUniqueId: 'EXP-A' }, dosage: 900, diagnosticStatement: 'READING Tier 2: Words correct per minute, from 20 to 60 by 2027-01-15' },
      { interventionReference: reference, studentReference: { studentUniqueId: 'EXP-B' }, dosage: 900, diagnosticStatement: 'READING Tier 2: Words correct per minute, from 20 to 60 by 2027-01-15' },
    ]);
    expect(doc.studentInterventionAttendanceEvents).toEqual([
      { interventionReference: reference, studentReference: { studentUniqueId: 'EXP-A' }, attendanceEventCategoryDescriptor: 'uri://ed-fi.org/AttendanceEventCategoryDescriptor#In Attendance', eventDate: '2026-10-05', interventionDuration: 30 },
      { interventionReference: reference, studentReference: { studentUniqueId: 'EXP-B' }, attendanceEventCategoryDescriptor: 'uri://ed-fi.org/AttendanceEventCategoryDescriptor#Unexcused Absence', eventDate: '2026-10-05', attendanceEventReason: 'STUDENT_ABSENT' },
    ]);
    const [audit] = await app.ds.query(`SELECT after FROM audit_event WHERE action = 'intervention.edfi_export'`);
    expect(audit.after).toMatchObject({ interventions: 1, studentInterventionAssociations: 2, studentInterventionAttendanceEvents: 2 });
  });
});
