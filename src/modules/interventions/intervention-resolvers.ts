import { InterventionPlanResolver, ProgressPointResolver, StudentInterventionPlanResolver } from './intervention-plan.resolver';
import { InterventionAttendanceResolver, InterventionSessionResolver } from './intervention-session.resolver';
import { InterventionResolver } from './intervention.resolver';

/** The interventions module's resolvers, registered in src/schema.ts. */
export const interventionResolvers = [
  InterventionResolver,
  InterventionPlanResolver,
  ProgressPointResolver,
  StudentInterventionPlanResolver,
  InterventionSessionResolver,
  InterventionAttendanceResolver,
];
