import './tutoring-access';
import './tutoring.nodes';
import { StudentTutoringResolver, TutoringDosageResolver, TutoringGroupRatioFindingResolver, TutoringQueueResolver, TutoringSessionMinutesFindingResolver, TutoringSupportGapResolver } from './tutoring-dosage.resolver';
import { TutoringGroupResolver, TutoringPartnerTutorResolver, TutoringProgramResolver } from './tutoring-program.resolver';
import { TutoringAssignmentResolver, TutoringAttendanceResolver, TutoringSessionResolver } from './tutoring-session.resolver';

/** Every resolver class of the tutoring module, for src/schema.ts. */
export const tutoringResolvers = [
  TutoringProgramResolver,
  TutoringPartnerTutorResolver,
  TutoringGroupResolver,
  TutoringAssignmentResolver,
  TutoringSessionResolver,
  TutoringAttendanceResolver,
  StudentTutoringResolver,
  TutoringDosageResolver,
  TutoringGroupRatioFindingResolver,
  TutoringSessionMinutesFindingResolver,
  TutoringQueueResolver,
  TutoringSupportGapResolver,
] as const;
