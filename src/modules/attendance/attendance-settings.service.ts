import type { EntityManager } from 'typeorm';
import { UserErrorCode, UserInputError } from '../../common/errors';
import type { ViewerContext } from '../../context';
import { recordAudit } from '../audit/audit.service';
import { AttendanceSettingsEntity } from './attendance.entities';
import type { AttendanceSettingsUpdateInput } from './attendance.inputs';

const FIELDS = [
  'chronicAbsencePercent',
  'severeAbsencePercent',
  'atRiskAbsencePercent',
  'minimumDaysEnrolled',
  'monthOneAbsences',
  'monthTwoAbsences',
  'staleCaseDays',
  'improvementWindowDays',
] as const;

export class AttendanceSettingsService {
  /** The district's attendance thresholds (the migration seeds the single row). */
  get(em: EntityManager): Promise<AttendanceSettingsEntity> {
    return em.findOneByOrFail(AttendanceSettingsEntity, { id: 1 });
  }

  /**
   * District admins tune the thresholds; CONFLICT if someone changed them since they were read. The
   * bands must stay ordered (at risk < chronic < severe) and month two's count cannot be below month
   * one's, or a tier would be unreachable.
   */
  async update(ctx: ViewerContext, input: AttendanceSettingsUpdateInput): Promise<{ attendanceSettings: AttendanceSettingsEntity }> {
    return ctx.db.transaction(async (em) => {
      const settings = await em.findOneOrFail(AttendanceSettingsEntity, { where: { id: 1 }, lock: { mode: 'pessimistic_write' } });
      if (settings.version !== input.expectedVersion) {
        throw UserInputError.of(UserErrorCode.CONFLICT, ['input', 'expectedVersion'], `The settings were changed by someone else (version ${settings.version}); reload and try again`);
      }
      const before = { ...settings };
      for (const key of FIELDS) {
        const value = input[key];
        if (value !== undefined && value !== null) settings[key] = value;
      }
      if (!(settings.atRiskAbsencePercent < settings.chronicAbsencePercent)) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'atRiskAbsencePercent'], `The at-risk percent must be below the chronic percent (${settings.chronicAbsencePercent})`);
      }
      if (!(settings.chronicAbsencePercent < settings.severeAbsencePercent)) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'severeAbsencePercent'], `The severe percent must be above the chronic percent (${settings.chronicAbsencePercent})`);
      }
      if (settings.monthTwoAbsences < settings.monthOneAbsences) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'monthTwoAbsences'], `Month two's count cannot be below month one's (${settings.monthOneAbsences})`);
      }
      await em.save(AttendanceSettingsEntity, settings);
      await recordAudit(em, ctx, { action: 'attendance_settings.update', entityType: 'AttendanceSettings', entityId: null, before, after: settings });
      return { attendanceSettings: await this.get(em) };
    });
  }
}

export const attendanceSettingsService = new AttendanceSettingsService();
