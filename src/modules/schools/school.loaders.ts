import { rowLoader } from '../../common/loader-helpers';
import { entityRowsByKeys } from '../../db/entity-rows';
import type { RequestContext } from '../../context';
import { SchoolEntity } from './school.entity';

export function createSchoolLoaders(ctx: RequestContext) {
  return {
    schoolById: rowLoader((ids) => entityRowsByKeys(ctx.db, SchoolEntity, 'id', ids, []), (s) => s.id),
  };
}
