import { AuditEventEntity, StudentAccessEventEntity } from '../modules/audit/audit.entity';
import { IdempotencyKeyEntity } from '../modules/idempotency/idempotency.entity';
import { AttendanceActionEntity, AttendanceCaseEntity, AttendanceDayEntity, AttendanceDayHistoryEntity, AttendanceMonthSummaryEntity, AttendanceSettingsEntity } from '../modules/attendance/attendance.entities';
import { InstructionalDayEntity, SchoolYearEntity, TermEntity } from '../modules/calendar/calendar.entity';
import { CaseloadAssignmentEntity } from '../modules/caseloads/caseload.entity';
import { SchoolEntity } from '../modules/schools/school.entity';
import { SchoolMembershipEntity, StaffUserEntity } from '../modules/staff/staff.entity';
import { EnrollmentEntity, StudentEntity, StudentSchoolEntity } from '../modules/students/student.entity';
import { ScreeningResultEntity, TierDecisionRuleEntity, TierPlacementEntity } from '../modules/tiers/tier.entities';
import { FollowUpTaskEntity, TeamMeetingAttendeeEntity, TeamMeetingDecisionEntity, TeamMeetingEntity, TeamMeetingNoteEntity, TeamMeetingStudentEntity } from '../modules/meetings/meeting.entities';
import { InterventionEntity } from '../modules/interventions/intervention.entity';
import { InterventionPlanEntity, ProgressPointEntity } from '../modules/interventions/intervention-plan.entity';
import { InterventionSessionAttendanceEntity, InterventionSessionEntity } from '../modules/interventions/intervention-session.entity';
import { TutoringGroupEntity, TutoringPartnerTutorEntity, TutoringProgramEntity, TutoringProgramSchoolEntity } from '../modules/tutoring/tutoring-program.entity';
import { TutoringAssignmentEntity, TutoringAttendanceEntity, TutoringSessionEntity } from '../modules/tutoring/tutoring-session.entity';
import { AnnualMeasureFigureEntity } from '../modules/indicators/annual-measure.entity';
import { ImportRunEntity, ImportRunKeyEntity, ImportSourceRecordEntity } from '../modules/import/import.entities';

/** Every mapped table; a module adds its entities here. */
export const entities = [
  SchoolYearEntity,
  TermEntity,
  InstructionalDayEntity,
  SchoolEntity,
  StaffUserEntity,
  SchoolMembershipEntity,
  StudentEntity,
  EnrollmentEntity,
  StudentSchoolEntity,
  CaseloadAssignmentEntity,
  AuditEventEntity,
  StudentAccessEventEntity,
  IdempotencyKeyEntity,
  ScreeningResultEntity,
  TierDecisionRuleEntity,
  TierPlacementEntity,
  AttendanceDayEntity,
  AttendanceDayHistoryEntity,
  AttendanceMonthSummaryEntity,
  AttendanceSettingsEntity,
  AttendanceCaseEntity,
  AttendanceActionEntity,
  TeamMeetingEntity,
  TeamMeetingAttendeeEntity,
  TeamMeetingStudentEntity,
  TeamMeetingNoteEntity,
  TeamMeetingDecisionEntity,
  FollowUpTaskEntity,
  InterventionEntity,
  InterventionPlanEntity,
  ProgressPointEntity,
  InterventionSessionEntity,
  InterventionSessionAttendanceEntity,
  TutoringProgramEntity,
  TutoringProgramSchoolEntity,
  TutoringPartnerTutorEntity,
  TutoringGroupEntity,
  TutoringAssignmentEntity,
  TutoringSessionEntity,
  TutoringAttendanceEntity,
  ImportRunEntity,
  ImportSourceRecordEntity,
  ImportRunKeyEntity,
  AnnualMeasureFigureEntity,
];
