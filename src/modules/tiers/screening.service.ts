import { In } from 'typeorm';
import { UserErrorCode, UserInputError, type UserErrorShape } from '../../common/errors';
import { fromGlobalId } from '../../common/graphql/global-id';
import type { RequestContext, ViewerContext } from '../../context';
import { recordAudits } from '../audit/audit.service';
import { SchoolYearEntity } from '../calendar/calendar.entity';
import { findVisibleStudents } from '../students/student-access';
import { ScreeningResultEntity } from './tier.entities';
import type { ScreeningResultsRecordInput } from './tier.inputs';

export class ScreeningService {
  /**
   * Records a screening window's scores for many students at once (a class, a grade), all or
   * nothing: every row is checked first and every problem is reported with its row's index, so a
   * teacher fixes the sheet once. A student's earlier result for the same screener, window and
   * year is replaced, with the old values kept in the audit trail.
   */
  async record(ctx: ViewerContext, input: ScreeningResultsRecordInput): Promise<{ screeningResults: ScreeningResultEntity[] }> {
    if (input.administeredOn > ctx.today) {
      throw UserInputError.of(UserErrorCode.INVALID, ['input', 'administeredOn'], 'The screening date is in the future');
    }
    const errors: UserErrorShape[] = [];
    const studentIds = input.results.map((row, i) => {
      const parsed = fromGlobalId(row.studentId);
      if (!parsed || parsed.typeName !== 'Student') {
        errors.push({ code: UserErrorCode.INVALID, field: ['input', 'results', String(i), 'studentId'], message: 'Not a Student id' });
        return '';
      }
      return parsed.id;
    });
    studentIds.forEach((id, i) => {
      if (id && studentIds.indexOf(id) !== i) {
        errors.push({ code: UserErrorCode.DUPLICATE, field: ['input', 'results', String(i), 'studentId'], message: 'The student appears twice in this sheet' });
      }
    });
    if (errors.length) throw new UserInputError(errors);

    return ctx.db.transaction(async (em) => {
      const year = await em
        .createQueryBuilder(SchoolYearEntity, 'y')
        .where(':date BETWEEN y.start_date AND y.end_date', { date: input.administeredOn })
        .getOne();
      if (!year) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'administeredOn'], 'No school year includes this date');
      const visible = new Set((await findVisibleStudents(ctx, studentIds, em)).map((s) => s.id));
      studentIds.forEach((id, i) => {
        if (!visible.has(id)) errors.push({ code: UserErrorCode.NOT_FOUND, field: ['input', 'results', String(i), 'studentId'], message: 'No such student' });
      });
      if (errors.length) throw new UserInputError(errors);

      const key = { schoolYearId: year.id, domain: input.domain, window: input.window, assessment: input.assessment };
      const previous = await em.findBy(ScreeningResultEntity, { ...key, studentId: In(studentIds) });
      const previousByStudent = new Map(previous.map((p) => [p.studentId, p]));
      const rows = input.results.map((row, i) => ({
        ...key,
        studentId: studentIds[i],
        administeredOn: input.administeredOn,
        score: row.score,
        percentile: row.percentile ?? null,
        riskLevel: row.riskLevel ?? null,
        recordedBy: ctx.viewer.userId,
      }));
      await em
        .createQueryBuilder()
        .insert()
        .into(ScreeningResultEntity)
        .values(rows)
        .orUpdate(['administered_on', 'score', 'percentile', 'risk_level', 'recorded_by', 'updated_at'], ['student_id', 'school_year_id', 'domain', 'screening_window', 'assessment'])
        .execute();
      const saved = await em.findBy(ScreeningResultEntity, { ...key, studentId: In(studentIds) });
      const byStudent = new Map(saved.map((s) => [s.studentId, s]));
      await recordAudits(em, ctx, studentIds.map((studentId) => {
        const after = byStudent.get(studentId)!;
        const before = previousByStudent.get(studentId) ?? null;
        return {
          action: before ? 'screening_result.replace' : 'screening_result.create',
          entityType: 'ScreeningResult',
          entityId: after.id,
          studentId,
          before,
          after,
        };
      }));
      return { screeningResults: studentIds.map((id) => byStudent.get(id)!) };
    });
  }

  /** Results of students already known to be visible, newest first. */
  forStudents(ctx: RequestContext, studentIds: readonly string[]): Promise<ScreeningResultEntity[]> {
    return ctx.db.manager.find(ScreeningResultEntity, {
      where: { studentId: In([...studentIds]) },
      order: { administeredOn: 'DESC', createdAt: 'DESC' },
    });
  }
}

export const screeningService = new ScreeningService();
