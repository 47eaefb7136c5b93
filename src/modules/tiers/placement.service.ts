import { IsNull } from 'typeorm';
import { StaffRole } from '../../common/auth/roles';
import { addDays } from '../../common/dates';
import { UserErrorCode, UserInputError } from '../../common/errors';
import { expectGlobalId } from '../../common/graphql/global-id';
import { MtssDomain } from '../../common/mtss';
import type { RequestContext, ViewerContext } from '../../context';
import { entityRowsByKeys, type EntityOrder } from '../../db/entity-rows';
import { recordAudit } from '../audit/audit.service';
import { findVisibleStudents } from '../students/student-access';
import { StudentEntity } from '../students/student.entity';
import { TierPlacementEntity } from './tier.entities';
import type { TierPlaceInput } from './tier.inputs';

/** Without a placement a student is in Tier 1, the universal core every student receives. */
export const DEFAULT_TIER = 1;

export interface TierOnDate {
  domain: MtssDomain;
  tier: number;
  placement: TierPlacementEntity | null;
}

/**
 * The tier in each domain on `date`, from a student's placement history (oldest first): the
 * placement whose span includes the date, else the default Tier 1. One rule, used for "current
 * tier" (date = today) and for any past date.
 */
export function tiersOn(history: readonly TierPlacementEntity[], date: string): TierOnDate[] {
  return Object.values(MtssDomain).map((domain) => {
    const placement = history.find((p) => p.domain === domain && p.startDate <= date && (p.endDate === null || p.endDate >= date)) ?? null;
    return { domain, tier: placement?.tier ?? DEFAULT_TIER, placement };
  });
}

/** A student's placement history, oldest first: the loader's order, and the page preload's (tier.loaders.ts). */
export const PLACEMENT_HISTORY_ORDER: EntityOrder<TierPlacementEntity> = [['startDate', 'ASC'], ['createdAt', 'ASC']];

export class PlacementService {
  /**
   * Places a student in a tier for a domain from `effectiveDate`, as the MTSS team decided. The
   * placement in force ends the day before; nothing is overwritten, so the history answers "which
   * tier on date D". Placements are serialised per student by locking the student's row.
   */
  async place(ctx: ViewerContext, input: TierPlaceInput): Promise<{ tierPlacement: TierPlacementEntity }> {
    const studentId = expectGlobalId(input.studentId, 'Student', 'input.studentId');
    return ctx.db.transaction(async (em) => {
      const [visible] = await findVisibleStudents(ctx, [studentId], em);
      if (!visible) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'studentId'], 'No such student');
      if (ctx.viewer.role === StaffRole.COUNSELOR && input.domain !== MtssDomain.SOCIAL_EMOTIONAL) {
        throw UserInputError.of(UserErrorCode.FORBIDDEN, ['input', 'domain'], 'Counselors place students in the social-emotional domain; academic tiers are set by the school MTSS team');
      }
      await em.createQueryBuilder(StudentEntity, 's').setLock('pessimistic_write').where('s.id = :studentId', { studentId }).getOne();
      const current = await em.findOneBy(TierPlacementEntity, { studentId, domain: input.domain, endDate: IsNull() });
      if (current) {
        if (input.effectiveDate <= current.startDate) {
          throw UserInputError.of(
            UserErrorCode.INVALID,
            ['input', 'effectiveDate'],
            `The current Tier ${current.tier} placement began ${current.startDate}; a new placement must start after it`,
          );
        }
        if (current.tier === input.tier) {
          throw UserInputError.of(UserErrorCode.INVALID, ['input', 'tier'], `The student is already in Tier ${current.tier} for ${input.domain}`);
        }
        const before = { ...current };
        current.endDate = addDays(input.effectiveDate, -1);
        await em.save(TierPlacementEntity, current);
        await recordAudit(em, ctx, { action: 'tier_placement.end', entityType: 'TierPlacement', entityId: current.id, studentId, before, after: current });
      } else {
        const later = await em
          .createQueryBuilder(TierPlacementEntity, 'p')
          .where('p.student_id = :studentId AND p.domain = :domain AND p.end_date >= :date', { studentId, domain: input.domain, date: input.effectiveDate })
          .getOne();
        if (later) {
          throw UserInputError.of(UserErrorCode.INVALID, ['input', 'effectiveDate'], `The student's placement history runs to ${later.endDate}; a new placement must start after it`);
        }
      }
      const placement = em.create(TierPlacementEntity, {
        studentId,
        domain: input.domain,
        tier: input.tier,
        startDate: input.effectiveDate,
        endDate: null,
        reason: input.reason,
        decidedBy: ctx.viewer.userId,
        teamMeetingId: null,
      });
      await em.save(TierPlacementEntity, placement);
      await recordAudit(em, ctx, { action: 'tier_placement.create', entityType: 'TierPlacement', entityId: placement.id, studentId, after: placement });
      return { tierPlacement: placement };
    });
  }

  /** Placement histories of students already known to be visible, oldest first. */
  historyFor(ctx: RequestContext, studentIds: readonly string[]): Promise<TierPlacementEntity[]> {
    return entityRowsByKeys(ctx.db, TierPlacementEntity, 'studentId', studentIds, PLACEMENT_HISTORY_ORDER);
  }
}

export const placementService = new PlacementService();
