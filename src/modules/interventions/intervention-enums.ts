import { registerEnumType } from 'type-graphql';

/** How an intervention is delivered. */
export enum InterventionDelivery {
  INDIVIDUAL = 'INDIVIDUAL',
  SMALL_GROUP = 'SMALL_GROUP',
  WHOLE_CLASS = 'WHOLE_CLASS',
}

/** Ed-Fi InterventionClassDescriptor: the kind of strategy an intervention is. */
export enum InterventionClass {
  INSTRUCTION = 'INSTRUCTION',
  SUPPORT = 'SUPPORT',
  PRACTICE = 'PRACTICE',
  CURRICULUM = 'CURRICULUM',
  BEHAVIORAL = 'BEHAVIORAL',
  OTHER = 'OTHER',
}

export enum InterventionPlanStatus {
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  DISCONTINUED = 'DISCONTINUED',
}

/** How a plan ends: the statuses a plan can be closed with (never ACTIVE). */
export enum InterventionPlanClosure {
  COMPLETED = 'COMPLETED',
  DISCONTINUED = 'DISCONTINUED',
}

/** Why a plan was stopped before it ran its course. */
export enum InterventionDiscontinueReason {
  /** The data showed too little response: the team intensifies or changes the intervention. */
  INSUFFICIENT_RESPONSE = 'INSUFFICIENT_RESPONSE',
  STUDENT_LEFT = 'STUDENT_LEFT',
  SCHEDULE_CONFLICT = 'SCHEDULE_CONFLICT',
  FAMILY_REQUEST = 'FAMILY_REQUEST',
  REFERRED_FOR_EVALUATION = 'REFERRED_FOR_EVALUATION',
  OTHER = 'OTHER',
}

/** The goal's outcome, recorded when a plan closes. */
export enum InterventionPlanOutcome {
  GOAL_MET = 'GOAL_MET',
  PROGRESS_MADE = 'PROGRESS_MADE',
  NO_PROGRESS = 'NO_PROGRESS',
}

/** Why a student missed a logged session. */
export enum SessionAbsenceReason {
  STUDENT_ABSENT = 'STUDENT_ABSENT',
  STUDENT_UNAVAILABLE = 'STUDENT_UNAVAILABLE',
  INTERVENTIONIST_ABSENT = 'INTERVENTIONIST_ABSENT',
  SCHOOL_CLOSED = 'SCHOOL_CLOSED',
  OTHER = 'OTHER',
}

registerEnumType(InterventionDelivery, { name: 'InterventionDelivery' });
registerEnumType(InterventionClass, { name: 'InterventionClass', description: 'Ed-Fi InterventionClassDescriptor' });
registerEnumType(InterventionPlanStatus, { name: 'InterventionPlanStatus' });
registerEnumType(InterventionPlanClosure, { name: 'InterventionPlanClosure', description: 'The status a plan is closed with' });
registerEnumType(InterventionDiscontinueReason, { name: 'InterventionDiscontinueReason' });
registerEnumType(InterventionPlanOutcome, { name: 'InterventionPlanOutcome' });
registerEnumType(SessionAbsenceReason, { name: 'SessionAbsenceReason' });
