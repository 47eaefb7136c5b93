import { groupLoader, rowLoader } from '../../common/loader-helpers';
import { entityRowsByKeys } from '../../db/entity-rows';
import type { RequestContext, ViewerContext } from '../../context';
import { StaffUserEntity } from './staff.entity';
import { staffService } from './staff.service';

export function createStaffLoaders(ctx: RequestContext) {
  return {
    /** Unscoped: for showing who did something (an interventionist's name on a plan). */
    staffUserById: rowLoader((ids) => entityRowsByKeys(ctx.db, StaffUserEntity, 'id', ids, []), (u) => u.id),
    /** Scoped by {@link StaffService.findVisible}: for looking staff records up directly. */
    visibleStaffUserById: rowLoader((ids) => staffService.findVisible(ctx as ViewerContext, ids), (u) => u.id),
    activeMembershipsByStaffUserId: groupLoader(
      (ids) => staffService.activeMemberships(ctx.db.manager, ctx.today, ids),
      (m) => m.staffUserId,
    ),
  };
}
