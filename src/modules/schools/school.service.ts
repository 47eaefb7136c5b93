import { isUniqueViolation } from '../../common/db-errors';
import { UserErrorCode, UserInputError } from '../../common/errors';
import { gradeToNumber } from '../../common/grade-level';
import { expectGlobalId } from '../../common/graphql/global-id';
import type { RequestContext, ViewerContext } from '../../context';
import { recordAudit } from '../audit/audit.service';
import { SchoolEntity } from './school.entity';
import type { SchoolCreateInput, SchoolUpdateInput } from './school.inputs';

/** Schools are district facts, not student records: every signed-in user may read them. */
export class SchoolService {
  list(ctx: RequestContext): Promise<SchoolEntity[]> {
    return ctx.db.manager.find(SchoolEntity, { order: { name: 'ASC' } });
  }

  async create(ctx: ViewerContext, input: SchoolCreateInput): Promise<{ school: SchoolEntity }> {
    const lowest = gradeToNumber(input.lowestGrade);
    const highest = gradeToNumber(input.highestGrade);
    if (lowest > highest) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'highestGrade'], 'Highest grade is below the lowest grade');
    return ctx.db.transaction(async (em) => {
      const school = em.create(SchoolEntity, { code: input.code, name: input.name, level: input.level, lowestGrade: lowest, highestGrade: highest });
      try {
        await em.save(SchoolEntity, school);
      } catch (error) {
        if (isUniqueViolation(error, 'school_code_key')) {
          throw UserInputError.of(UserErrorCode.DUPLICATE, ['input', 'code'], `A school with code ${input.code} exists`);
        }
        throw error;
      }
      await recordAudit(em, ctx, { action: 'school.create', entityType: 'School', entityId: school.id, after: school });
      return { school };
    });
  }

  async update(ctx: ViewerContext, input: SchoolUpdateInput): Promise<{ school: SchoolEntity }> {
    const id = expectGlobalId(input.id, 'School', 'input.id');
    return ctx.db.transaction(async (em) => {
      const school = await em.findOne(SchoolEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!school) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'id'], 'No such school');
      if (school.version !== input.expectedVersion) {
        throw UserInputError.of(UserErrorCode.CONFLICT, ['input', 'expectedVersion'], `The school was changed by someone else (version ${school.version}); reload and try again`);
      }
      const before = { ...school };
      if (input.name) school.name = input.name;
      if (input.level) school.level = input.level;
      if (input.lowestGrade) school.lowestGrade = gradeToNumber(input.lowestGrade);
      if (input.highestGrade) school.highestGrade = gradeToNumber(input.highestGrade);
      if (school.lowestGrade > school.highestGrade) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'highestGrade'], 'Highest grade is below the lowest grade');
      }
      await em.save(SchoolEntity, school);
      await recordAudit(em, ctx, { action: 'school.update', entityType: 'School', entityId: id, before, after: school });
      return { school };
    });
  }
}

export const schoolService = new SchoolService();
