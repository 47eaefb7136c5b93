import { registerEnumType } from 'type-graphql';

export enum StaffRole {
  TEACHER = 'TEACHER',
  INTERVENTIONIST = 'INTERVENTIONIST',
  TUTOR = 'TUTOR',
  COUNSELOR = 'COUNSELOR',
  /** Includes the school's MTSS coordinator. */
  SCHOOL_ADMIN = 'SCHOOL_ADMIN',
  DISTRICT_LEAD = 'DISTRICT_LEAD',
  DISTRICT_ADMIN = 'DISTRICT_ADMIN',
}

registerEnumType(StaffRole, { name: 'StaffRole', description: 'What a staff user does, which decides what they may see and do' });

export const ALL_ROLES = Object.values(StaffRole);
export const DISTRICT_ROLES = [StaffRole.DISTRICT_LEAD, StaffRole.DISTRICT_ADMIN];
export const SCHOOL_WIDE_ROLES = [StaffRole.COUNSELOR, StaffRole.SCHOOL_ADMIN];
/** Roles whose student access comes from their caseload, plans and groups. */
export const CASELOAD_ROLES = [StaffRole.TEACHER, StaffRole.INTERVENTIONIST, StaffRole.TUTOR];
/** Roles that manage records (students, enrollments, staff) within their reach. */
export const ADMIN_ROLES = [StaffRole.SCHOOL_ADMIN, StaffRole.DISTRICT_ADMIN];

export const isDistrictRole = (role: StaffRole) => DISTRICT_ROLES.includes(role);
export const isSchoolWideRole = (role: StaffRole) => SCHOOL_WIDE_ROLES.includes(role);
