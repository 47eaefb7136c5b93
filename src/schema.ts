import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { RoleAuthChecker } from './common/auth/auth-checker';
import { resolveLazyTotalCounts } from './common/graphql/connection';
import { withLeanFieldResolvers } from './common/graphql/lean-resolvers';
import { CalendarResolver } from './modules/calendar/calendar.resolver';
import { CaseloadResolver, StudentCaseloadResolver } from './modules/caseloads/caseload.resolver';
import { NodeResolver } from './modules/node/node.resolver';
import { SchoolResolver } from './modules/schools/school.resolver';
import { StaffResolver } from './modules/staff/staff.resolver';
import { EnrollmentResolver, StudentResolver } from './modules/students/student.resolver';
import { tierResolvers } from './modules/tiers/tier.resolver';
import { attendanceResolvers } from './modules/attendance/attendance.resolver';
import { meetingResolvers } from './modules/meetings/meeting.resolver';
import { queueResolvers } from './modules/queues/queue.resolver';
import { auditResolvers } from './modules/audit/audit.resolver';
import { interventionResolvers } from './modules/interventions/intervention-resolvers';
import { tutoringResolvers } from './modules/tutoring/tutoring.resolvers';
import { importResolvers } from './modules/import/import.resolver';
import { exportResolvers } from './modules/export/export.resolver';
import { indicatorResolvers } from './modules/indicators/indicator.resolver';
import { myWorkResolvers } from './modules/my-work/my-work.resolver';

export const resolvers: NonEmptyArray<Function> = [
  NodeResolver,
  CalendarResolver,
  SchoolResolver,
  StaffResolver,
  StudentResolver,
  EnrollmentResolver,
  CaseloadResolver,
  StudentCaseloadResolver,
  ...tierResolvers,
  ...attendanceResolvers,
  ...meetingResolvers,
  ...queueResolvers,
  ...auditResolvers,
  ...interventionResolvers,
  ...tutoringResolvers,
  ...importResolvers,
  ...exportResolvers,
  ...indicatorResolvers,
  ...myWorkResolvers,
];

let built: Promise<GraphQLSchema> | undefined;

/**
 * Builds the schema once per process: class-validator runs on every input (type-graphql 2
 * validates nothing unless told), and every resolver class carries `@Authorized`, so nothing is
 * open by default (tests/auth/default-deny.test.ts walks the schema to keep it so).
 */
export function buildAppSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers,
    authChecker: RoleAuthChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: true, skipMissingProperties: false, stopAtFirstError: false },
  }).then((schema) => resolveLazyTotalCounts(withLeanFieldResolvers(schema, resolvers)));
  return built;
}
