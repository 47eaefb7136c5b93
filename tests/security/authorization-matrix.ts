import { StaffRole } from '../../src/common/auth/roles';

/**
 * The authorization matrix, declared in one place and checked against the running server by
 * authorization-matrix.test.ts. A new query, mutation or object type without an entry here fails
 * that test: deciding who may use it is part of adding it.
 */

/** The seven roles, plus a school admin of another school (scoping, not role, keeps them out). */
export type MatrixRole = StaffRole | 'OTHER_SCHOOL';
export const MATRIX_ROLES: MatrixRole[] = [...Object.values(StaffRole), 'OTHER_SCHOOL'];

const { TEACHER, INTERVENTIONIST, TUTOR, COUNSELOR, SCHOOL_ADMIN, DISTRICT_LEAD, DISTRICT_ADMIN } = StaffRole;
const EVERYONE: MatrixRole[] = MATRIX_ROLES;
const ADMINS: MatrixRole[] = [SCHOOL_ADMIN, DISTRICT_ADMIN, 'OTHER_SCHOOL'];
const DISTRICT_ADMIN_ONLY: MatrixRole[] = [DISTRICT_ADMIN];
const SCHOOL_TEAM: MatrixRole[] = [COUNSELOR, SCHOOL_ADMIN, DISTRICT_ADMIN, 'OTHER_SCHOOL'];
const PLAN_WRITERS: MatrixRole[] = [INTERVENTIONIST, COUNSELOR, SCHOOL_ADMIN, DISTRICT_ADMIN, 'OTHER_SCHOOL'];

/** Roles that get past the authorization layer of each mutation (services then scope the rows). */
export const MUTATIONS: Record<string, MatrixRole[]> = {
  schoolYearCreate: DISTRICT_ADMIN_ONLY,
  schoolYearCalendarUpdate: DISTRICT_ADMIN_ONLY,
  caseloadAssign: ADMINS,
  caseloadEnd: ADMINS,
  schoolCreate: DISTRICT_ADMIN_ONLY,
  schoolUpdate: DISTRICT_ADMIN_ONLY,
  staffUserCreate: ADMINS,
  staffUserUpdate: ADMINS,
  staffUserDeactivate: ADMINS,
  staffUserReactivate: ADMINS,
  studentCreate: ADMINS,
  studentUpdate: ADMINS,
  studentDelete: ADMINS,
  studentRestore: DISTRICT_ADMIN_ONLY,
  enrollmentCreate: ADMINS,
  enrollmentEnd: ADMINS,
  studentTransfer: ADMINS,
  tierPlace: SCHOOL_TEAM,
  screeningResultsRecord: [TEACHER, INTERVENTIONIST, ...SCHOOL_TEAM],
  tierDecisionRuleCreate: DISTRICT_ADMIN_ONLY,
  tierDecisionRuleUpdate: DISTRICT_ADMIN_ONLY,
  attendanceDayRecord: [TEACHER, ...SCHOOL_TEAM],
  attendanceDaysRecord: [TEACHER, ...SCHOOL_TEAM],
  attendanceCaseOpen: SCHOOL_TEAM,
  attendanceCaseUpdate: SCHOOL_TEAM,
  attendanceCaseClose: SCHOOL_TEAM,
  // Teachers and interventionists log actions on cases they own; the service checks ownership.
  attendanceActionLog: [TEACHER, INTERVENTIONIST, ...SCHOOL_TEAM],
  attendanceSettingsUpdate: DISTRICT_ADMIN_ONLY,
  teamMeetingCreate: SCHOOL_TEAM,
  teamMeetingNoteAdd: SCHOOL_TEAM,
  teamDecisionRecord: SCHOOL_TEAM,
  followUpTaskCreate: SCHOOL_TEAM,
  // Any signed-in owner may complete their own follow-up; the service checks ownership.
  followUpTaskComplete: EVERYONE,
  interventionPlanCreate: PLAN_WRITERS,
  interventionPlanUpdate: PLAN_WRITERS,
  interventionPlanClose: PLAN_WRITERS,
  progressPointRecord: PLAN_WRITERS,
  interventionSessionLog: PLAN_WRITERS,
  interventionCreate: DISTRICT_ADMIN_ONLY,
  interventionUpdate: DISTRICT_ADMIN_ONLY,
  interventionRetire: DISTRICT_ADMIN_ONLY,
  tutoringProgramCreate: ADMINS,
  tutoringProgramUpdate: ADMINS,
  tutoringPartnerTutorCreate: DISTRICT_ADMIN_ONLY,
  tutoringPartnerTutorUpdate: DISTRICT_ADMIN_ONLY,
  tutoringGroupCreate: ADMINS,
  tutoringGroupUpdate: ADMINS,
  tutoringAssignmentsCreate: ADMINS,
  tutoringAssignmentEnd: ADMINS,
  tutoringSessionLog: [TUTOR, ...ADMINS],
  tutoringSessionCancel: [TUTOR, ...ADMINS],
  importRun: DISTRICT_ADMIN_ONLY,
  studentRecordsExport: ADMINS,
  interventionsEdFiExport: DISTRICT_ADMIN_ONLY,
  annualMeasureRecord: DISTRICT_ADMIN_ONLY,
};

/** Roles allowed each query at the authorization layer; what rows come back is scoped by the services. */
export const QUERIES: Record<string, MatrixRole[]> = {
  schoolYears: EVERYONE,
  currentSchoolYear: EVERYONE,
  node: EVERYONE,
  schools: EVERYONE,
  school: EVERYONE,
  viewer: EVERYONE,
  staffUsers: [COUNSELOR, SCHOOL_ADMIN, DISTRICT_LEAD, DISTRICT_ADMIN, 'OTHER_SCHOOL'],
  staffUser: EVERYONE,
  students: EVERYONE,
  student: EVERYONE,
  tierDecisionRules: EVERYONE,
  attendanceSettings: EVERYONE,
  districtAttendance: [DISTRICT_LEAD, DISTRICT_ADMIN],
  teamMeetings: EVERYONE,
  followUpTasks: EVERYONE,
  auditLog: DISTRICT_ADMIN_ONLY,
  interventionPlans: EVERYONE,
  interventions: EVERYONE,
  tutoringQueue: EVERYONE,
  tutoringPrograms: EVERYONE,
  tutoringProgram: EVERYONE,
  importRuns: DISTRICT_ADMIN_ONLY,
  // Indicators: school admins and counselors pass the role check but must name one of their own
  // schools in the scope (indicator-access.ts); these sample calls name none, so they are refused.
  indicatorDefinitions: [COUNSELOR, SCHOOL_ADMIN, DISTRICT_LEAD, DISTRICT_ADMIN, 'OTHER_SCHOOL'],
  annualMeasureFigures: [COUNSELOR, SCHOOL_ADMIN, DISTRICT_LEAD, DISTRICT_ADMIN, 'OTHER_SCHOOL'],
  indicators: [DISTRICT_LEAD, DISTRICT_ADMIN],
  indicatorTrend: [DISTRICT_LEAD, DISTRICT_ADMIN],
  indicatorStudents: [DISTRICT_LEAD, DISTRICT_ADMIN],
  indicatorsCsv: [DISTRICT_LEAD, DISTRICT_ADMIN],
  myWork: EVERYONE,
  // School staff must name one of their own schools (the sample id names none, so it is refused as input).
  meetingAgenda: [COUNSELOR, SCHOOL_ADMIN, DISTRICT_LEAD, DISTRICT_ADMIN, 'OTHER_SCHOOL'],
};

/** Object fields with a role rule of their own; every other field is visible with its parent. */
export const RESTRICTED_FIELDS: Record<string, MatrixRole[]> = {
  'Student.accessLog': [SCHOOL_ADMIN, DISTRICT_ADMIN, 'OTHER_SCHOOL'],
};

/**
 * Every object type, with how its rows are kept to those who may see them. A new type must be
 * placed here.
 */
export const OBJECT_TYPES: Record<string, string> = Object.fromEntries(
  Object.entries({
    'student-owned: visible exactly when its student is': [
      'Student', 'Enrollment', 'CaseloadAssignment', 'StudentTier', 'TierPlacement', 'ScreeningResult', 'TierSuggestion',
      'InterventionPlan', 'InterventionGoal', 'InterventionSchedule', 'InterventionDosage', 'InterventionProgress', 'AimLine',
      'ProgressPoint', 'InterventionSession', 'InterventionAttendance', 'TutoringAssignment', 'TutoringAttendance', 'TutoringDosage',
      'QueueItem', 'TeamDecision', 'TutoringSupportGap', 'AttendanceDay', 'AttendanceCorrection', 'StudentAttendance',
      'AttendanceMonth', 'AttendanceCase', 'AttendanceAction', 'ChronicAbsenceEntry', 'AttendanceTriggeredStudent',
      'AttendanceStaleCase', 'AttendanceImprovement',
    ],
    'meeting: the school\'s staff and its attendees; students and restricted notes filtered again': [
      'TeamMeeting', 'TeamMeetingAttendee', 'TeamMeetingNote', 'FollowUpTask',
    ],
    'district facts every signed-in user may read': [
      'SchoolYear', 'Term', 'InstructionalDayStats', 'School', 'TierDecisionRule', 'Intervention', 'RecommendedDosage',
      'AttendanceSettings',
    ],
    "school and district figures: the school's staff and district roles; lists only students in scope": [
      'SchoolAttendance', 'SchoolChronicAbsence', 'DistrictAttendance',
    ],
    'staff directory: scoped by staffService.findVisible': ['StaffUser'],
    'tutoring programme: staff of its schools and its tutors': [
      'TutoringProgram', 'TutoringTargetDosage', 'TutoringProgramChecks', 'TutoringGroupRatioFinding', 'TutoringSessionMinutesFinding',
      'TutoringPartnerTutor', 'TutoringGroup', 'TutoringSchedule', 'TutoringSession', 'TutoringQueue',
    ],
    'school work lists: only students in scope': ['MtssQueues'],
    "the viewer's own to-do, from their role's rules; students in scope, agendas for the school's own team": ['MyWorkItem', 'MeetingAgenda'],
    'audit trail: district admins (and school admins for their students)': ['AuditEntry'],
    'imports and exports: district admins (a student\'s records: also the admin of their school)': [
      'ImportRun', 'ImportRunLogEntry', 'ImportSummary', 'ImportEntityCounts', 'ImportRejectedRow', 'StudentRecordsExport', 'InterventionsEdFiExport',
    ],
    'indicators: aggregates for district roles, and for school staff their own schools; small cells suppressed': [
      'Indicator', 'IndicatorCell', 'IndicatorBreakdownCell', 'IndicatorResult', 'IndicatorTrend', 'IndicatorTrendPoint', 'AnnualMeasureFigure',
    ],
    'plumbing: connections, edges, payloads, errors': ['PageInfo', 'UserError'],
  }).flatMap(([policy, types]) => types.map((type) => [type, policy])),
);
