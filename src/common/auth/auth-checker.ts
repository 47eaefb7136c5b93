import type { AuthCheckerInterface, ResolverData } from 'type-graphql';
import type { RequestContext } from '../../context';
import { forbidden, unauthenticated } from '../errors';
import type { StaffRole } from './roles';

/**
 * `@Authorized()` means any signed-in staff user; `@Authorized([roles])` names the roles allowed.
 * An unauthenticated request fails with UNAUTHENTICATED, a wrong role with FORBIDDEN. Row-level
 * scoping (which students) is the services' job, not this checker's.
 */
export class RoleAuthChecker implements AuthCheckerInterface<RequestContext, StaffRole> {
  check({ context }: ResolverData<RequestContext>, roles: StaffRole[]): boolean {
    if (!context.viewer) throw unauthenticated();
    if (roles.length === 0 || roles.includes(context.viewer.role)) return true;
    throw forbidden();
  }
}
