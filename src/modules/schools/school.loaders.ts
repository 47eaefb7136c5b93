import { In } from 'typeorm';
import { rowLoader } from '../../common/loader-helpers';
import type { RequestContext } from '../../context';
import { SchoolEntity } from './school.entity';

export function createSchoolLoaders(ctx: RequestContext) {
  return {
    schoolById: rowLoader((ids) => ctx.db.manager.findBy(SchoolEntity, { id: In([...ids]) }), (s) => s.id),
  };
}
