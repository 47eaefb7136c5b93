import { groupLoader } from '../../common/loader-helpers';
import type { RequestContext } from '../../context';
import { caseloadService } from './caseload.service';

export function createCaseloadLoaders(ctx: RequestContext) {
  return {
    activeCaseloadByStudentId: groupLoader((ids) => caseloadService.activeForStudents(ctx, ids), (c) => c.studentId),
  };
}
