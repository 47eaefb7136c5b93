import { registerEnumType } from 'type-graphql';

export enum CaseloadKind {
  /** The student's homeroom teacher. */
  HOMEROOM = 'HOMEROOM',
  /** A teacher of one of the student's class sections. */
  SECTION = 'SECTION',
  /** Assigned by a school or district admin (counselor caseloads, case managers). */
  EXPLICIT = 'EXPLICIT',
}

registerEnumType(CaseloadKind, { name: 'CaseloadKind', description: 'How a staff user came to be responsible for a student' });
