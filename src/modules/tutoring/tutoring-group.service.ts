import { type EntityManager, In } from 'typeorm';
import { StaffRole } from '../../common/auth/roles';
import { isUniqueViolation } from '../../common/db-errors';
import { UserErrorCode, UserInputError } from '../../common/errors';
import { expectGlobalId, fromGlobalId } from '../../common/graphql/global-id';
import type { ViewerContext } from '../../context';
import { recordAudit } from '../audit/audit.service';
import { SchoolMembershipEntity, StaffUserEntity } from '../staff/staff.entity';
import { peakAssigned } from './group-capacity';
import { lockProgram, manageableProgram } from './tutoring-access';
import { TutoringProvider, isoDayOf } from './tutoring-enums';
import { TutoringGroupEntity, TutoringPartnerTutorEntity, TutoringProgramEntity, TutoringProgramSchoolEntity } from './tutoring-program.entity';
import { expectVersion } from './tutoring-program.service';
import { TutoringSessionEntity } from './tutoring-session.entity';
import type {
  TutoringGroupCreateInput,
  TutoringGroupUpdateInput,
  TutoringPartnerTutorCreateInput,
  TutoringPartnerTutorUpdateInput,
  TutoringScheduleInput,
} from './tutoring.inputs';

/** A program's partner tutors and its groups: who tutors, where, what, when, and how many. */
export class TutoringGroupService {
  groupsOf(ctx: ViewerContext, programIds: readonly string[]): Promise<TutoringGroupEntity[]> {
    return ctx.db.manager.find(TutoringGroupEntity, { where: { programId: In([...programIds]) }, order: { name: 'ASC' } });
  }

  partnerTutorsOf(ctx: ViewerContext, programIds: readonly string[]): Promise<TutoringPartnerTutorEntity[]> {
    return ctx.db.manager.find(TutoringPartnerTutorEntity, { where: { programId: In([...programIds]) }, order: { familyName: 'ASC', givenName: 'ASC' } });
  }

  /** Records a partner organisation's tutor under a partner program. */
  async createPartnerTutor(ctx: ViewerContext, input: TutoringPartnerTutorCreateInput): Promise<{ tutoringPartnerTutor: TutoringPartnerTutorEntity }> {
    const programId = expectGlobalId(input.programId, 'TutoringProgram', 'input.programId');
    return ctx.db.transaction(async (em) => {
      const program = await manageableProgram(ctx, em, programId, ['input', 'programId']);
      if (program.provider !== TutoringProvider.PARTNER) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'programId'], 'In-house programs are tutored by staff users with the TUTOR role');
      }
      const tutor = em.create(TutoringPartnerTutorEntity, {
        programId,
        givenName: input.givenName,
        familyName: input.familyName,
        organization: input.organization ?? program.partnerOrganization!,
        active: true,
      });
      await em.save(TutoringPartnerTutorEntity, tutor);
      await recordAudit(em, ctx, { action: 'tutoring_partner_tutor.create', entityType: 'TutoringPartnerTutor', entityId: tutor.id, after: tutor });
      return { tutoringPartnerTutor: tutor };
    });
  }

  async updatePartnerTutor(ctx: ViewerContext, input: TutoringPartnerTutorUpdateInput): Promise<{ tutoringPartnerTutor: TutoringPartnerTutorEntity }> {
    const id = expectGlobalId(input.id, 'TutoringPartnerTutor', 'input.id');
    return ctx.db.transaction(async (em) => {
      const tutor = await em.findOne(TutoringPartnerTutorEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!tutor) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'id'], 'No such partner tutor');
      await manageableProgram(ctx, em, tutor.programId, ['input', 'id']);
      expectVersion(tutor.version, input.expectedVersion, 'partner tutor');
      const before = { ...tutor };
      for (const key of ['givenName', 'familyName', 'organization', 'active'] as const) {
        if (input[key] !== undefined && input[key] !== null) (tutor as unknown as Record<string, unknown>)[key] = input[key];
      }
      await em.save(TutoringPartnerTutorEntity, tutor);
      await recordAudit(em, ctx, { action: 'tutoring_partner_tutor.update', entityType: 'TutoringPartnerTutor', entityId: id, before, after: tutor });
      return { tutoringPartnerTutor: tutor };
    });
  }

  /**
   * Creates a group at one of the program's schools, in one of its subjects, with its tutor:
   * a staff TUTOR working at that school for in-house programs, a partner tutor of the program for
   * partner programs. The capacity defaults to the program's students-per-tutor ratio.
   */
  async createGroup(ctx: ViewerContext, input: TutoringGroupCreateInput): Promise<{ tutoringGroup: TutoringGroupEntity }> {
    const programId = expectGlobalId(input.programId, 'TutoringProgram', 'input.programId');
    const schoolId = expectGlobalId(input.schoolId, 'School', 'input.schoolId');
    return ctx.db.transaction(async (em) => {
      const program = await manageableProgram(ctx, em, programId, ['input', 'programId']);
      const schools = (await em.findBy(TutoringProgramSchoolEntity, { programId })).map((s) => s.schoolId);
      if (!schools.includes(schoolId)) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'schoolId'], 'The program does not serve this school');
      if (!program.subjects.includes(input.subject)) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'subject'], `The program tutors ${program.subjects.join(' and ')}`);
      }
      const tutor = await this.resolveTutor(ctx, em, program, schoolId, input.tutorId, ['input', 'tutorId']);
      const group = em.create(TutoringGroupEntity, {
        programId,
        schoolId,
        name: input.name,
        subject: input.subject,
        ...tutor,
        ...this.schedule(input.schedule),
        capacity: input.capacity ?? program.maxStudentsPerTutor,
      });
      await this.saveGroup(em, group);
      await recordAudit(em, ctx, { action: 'tutoring_group.create', entityType: 'TutoringGroup', entityId: group.id, after: group });
      return { tutoringGroup: group };
    });
  }

  /**
   * Changes the fields given. A lower capacity must still hold the students assigned from today
   * on; the days of the week are fixed once sessions are logged, because scheduled sessions (the
   * dosage denominators) are derived from them for the whole history.
   */
  async updateGroup(ctx: ViewerContext, input: TutoringGroupUpdateInput): Promise<{ tutoringGroup: TutoringGroupEntity }> {
    const id = expectGlobalId(input.id, 'TutoringGroup', 'input.id');
    return ctx.db.transaction(async (em) => {
      const found = await em.findOneBy(TutoringGroupEntity, { id });
      if (!found) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'id'], 'No such tutoring group');
      const program = await manageableProgram(ctx, em, found.programId, ['input', 'id']);
      await lockProgram(em, program.id, ['input', 'id']);
      const group = await em.findOneByOrFail(TutoringGroupEntity, { id });
      expectVersion(group.version, input.expectedVersion, 'group');
      const before = { ...group };
      if (input.name) group.name = input.name;
      if (input.tutorId) {
        Object.assign(group, await this.resolveTutor(ctx, em, program, group.schoolId, input.tutorId, ['input', 'tutorId']));
      }
      if (input.schedule) {
        const next = this.schedule(input.schedule);
        const sameDays = next.daysOfWeek.join(',') === [...group.daysOfWeek].sort((a, b) => a - b).join(',');
        if (!sameDays && (await em.countBy(TutoringSessionEntity, { groupId: id })) > 0) {
          throw UserInputError.of(UserErrorCode.INVALID, ['input', 'schedule', 'daysOfWeek'], 'Sessions are logged on this schedule; start a new group for new days');
        }
        Object.assign(group, next);
      }
      if (input.capacity !== undefined && input.capacity !== null && input.capacity < group.capacity) {
        const from = ctx.today > program.startDate ? ctx.today : program.startDate;
        const { peak, on } = from <= program.endDate ? await peakAssigned(em, id, from, program.endDate, program.endDate) : { peak: 0, on: null };
        if (peak > input.capacity) {
          throw UserInputError.of(UserErrorCode.INVALID, ['input', 'capacity'], `The group holds ${peak} students on ${on}; end assignments first`);
        }
      }
      if (input.capacity !== undefined && input.capacity !== null) group.capacity = input.capacity;
      group.updatedAt = new Date();
      await this.saveGroup(em, group);
      await recordAudit(em, ctx, { action: 'tutoring_group.update', entityType: 'TutoringGroup', entityId: id, before, after: group });
      return { tutoringGroup: group };
    });
  }

  private async resolveTutor(
    ctx: ViewerContext,
    em: EntityManager,
    program: TutoringProgramEntity,
    schoolId: string,
    tutorGlobalId: string,
    field: string[],
  ): Promise<{ tutorStaffId: string | null; partnerTutorId: string | null }> {
    const parsed = fromGlobalId(tutorGlobalId);
    if (program.provider === TutoringProvider.IN_HOUSE) {
      if (parsed?.typeName !== 'StaffUser') throw UserInputError.of(UserErrorCode.INVALID, field, 'An in-house group is tutored by a staff user with the TUTOR role');
      const user = await em.findOneBy(StaffUserEntity, { id: parsed.id });
      if (!user || !user.active || user.role !== StaffRole.TUTOR) {
        throw UserInputError.of(UserErrorCode.INVALID, field, 'The tutor must be an active staff user with the TUTOR role');
      }
      const works = await em
        .createQueryBuilder(SchoolMembershipEntity, 'm')
        .where('m.staff_user_id = :userId AND m.school_id = :schoolId', { userId: user.id, schoolId })
        .andWhere('m.start_date <= :today AND (m.end_date IS NULL OR m.end_date >= :today)', { today: ctx.today })
        .getCount();
      if (works === 0) throw UserInputError.of(UserErrorCode.INVALID, field, "The tutor does not work at the group's school");
      return { tutorStaffId: user.id, partnerTutorId: null };
    }
    if (parsed?.typeName !== 'TutoringPartnerTutor') throw UserInputError.of(UserErrorCode.INVALID, field, "A partner program's group is tutored by one of its partner tutors");
    const tutor = await em.findOneBy(TutoringPartnerTutorEntity, { id: parsed.id, programId: program.id });
    if (!tutor || !tutor.active) throw UserInputError.of(UserErrorCode.INVALID, field, 'The tutor must be an active partner tutor of this program');
    return { tutorStaffId: null, partnerTutorId: tutor.id };
  }

  private schedule(input: TutoringScheduleInput): Pick<TutoringGroupEntity, 'daysOfWeek' | 'startTime' | 'minutes'> {
    return {
      daysOfWeek: [...new Set(input.daysOfWeek.map(isoDayOf))].sort((a, b) => a - b),
      // As PostgreSQL's `time` renders it, so a created group reads the same as a reloaded one.
      startTime: input.startTime.length === 5 ? `${input.startTime}:00` : input.startTime.slice(0, 8),
      minutes: input.minutes,
    };
  }

  private async saveGroup(em: EntityManager, group: TutoringGroupEntity): Promise<void> {
    try {
      await em.save(TutoringGroupEntity, group);
    } catch (error) {
      if (isUniqueViolation(error, 'tutoring_group_program_name_key')) {
        throw UserInputError.of(UserErrorCode.DUPLICATE, ['input', 'name'], `The program already has a group named ${group.name}`);
      }
      throw error;
    }
  }
}

export const tutoringGroupService = new TutoringGroupService();
