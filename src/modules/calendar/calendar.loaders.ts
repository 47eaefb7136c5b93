import { groupLoader } from '../../common/loader-helpers';
import type { RequestContext } from '../../context';
import { calendarService } from './calendar.service';

export function createCalendarLoaders(ctx: RequestContext) {
  return {
    termsBySchoolYearId: groupLoader((ids) => calendarService.termsOf(ctx, ids), (t) => t.schoolYearId),
  };
}
