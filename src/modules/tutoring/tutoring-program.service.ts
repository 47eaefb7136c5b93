import { type EntityManager, In } from 'typeorm';
import { UserErrorCode, UserInputError } from '../../common/errors';
import { decodeCursor, pageSize, toConnection, type ConnectionShape } from '../../common/graphql/connection';
import { expectGlobalId } from '../../common/graphql/global-id';
import { ACADEMIC_DOMAINS, type MtssDomain } from '../../common/mtss';
import type { ViewerContext } from '../../context';
import { recordAudit } from '../audit/audit.service';
import { SchoolYearEntity } from '../calendar/calendar.entity';
import { SchoolEntity } from '../schools/school.entity';
import { assertProgramManageable, findVisiblePrograms, lockProgram, scopePrograms } from './tutoring-access';
import { TutoringProvider } from './tutoring-enums';
import { TutoringGroupEntity, TutoringProgramEntity, TutoringProgramSchoolEntity } from './tutoring-program.entity';
import { TUTORING_STANDARDS } from './tutoring-standards';
import type { TutoringProgramCreateInput, TutoringProgramFilter, TutoringProgramUpdateInput, TutoringTargetDosageInput } from './tutoring.inputs';

const TARGET_COLUMNS = {
  sessionsPerWeek: 'targetSessionsPerWeek',
  minutesPerSession: 'targetMinutesPerSession',
  minutesPerSessionK3: 'targetMinutesPerSessionK3',
  maxStudentsPerTutor: 'maxStudentsPerTutor',
  minWeeks: 'minWeeks',
} as const;

function academicSubjects(subjects: MtssDomain[], field: string[]): MtssDomain[] {
  const unique = [...new Set(subjects)];
  if (unique.some((s) => !ACADEMIC_DOMAINS.includes(s))) {
    throw UserInputError.of(UserErrorCode.INVALID, field, 'Tutoring subjects are READING and MATH');
  }
  return unique;
}

export function expectVersion(current: number, expected: number, what: string): void {
  if (current !== expected) {
    throw UserInputError.of(UserErrorCode.CONFLICT, ['input', 'expectedVersion'], `The ${what} was changed by someone else (version ${current}); reload and try again`);
  }
}

/** Programs: who may set them up, and what they must keep holding. */
export class TutoringProgramService {
  /** Programs the viewer may see, by name. */
  async list(ctx: ViewerContext, filter: TutoringProgramFilter | undefined, first?: number, after?: string): Promise<ConnectionShape<TutoringProgramEntity>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 2);
    const base = () => {
      const qb = scopePrograms(ctx.db.manager.createQueryBuilder(TutoringProgramEntity, 'p'), ctx, 'p');
      if (filter?.schoolId) {
        const schoolId = expectGlobalId(filter.schoolId, 'School', 'filter.schoolId');
        qb.andWhere('EXISTS (SELECT 1 FROM tutoring_program_school fps WHERE fps.program_id = p.id AND fps.school_id = :fSchool)', { fSchool: schoolId });
      }
      if (filter?.schoolYearId) qb.andWhere('p.school_year_id = :fYear', { fYear: expectGlobalId(filter.schoolYearId, 'SchoolYear', 'filter.schoolYearId') });
      if (filter?.provider) qb.andWhere('p.provider = :fProvider', { fProvider: filter.provider });
      return qb;
    };
    const page = base();
    if (cursor) page.andWhere('(p.name, p.id) > (:cn, :ci)', { cn: cursor[0], ci: cursor[1] });
    const rows = await page.orderBy('p.name').addOrderBy('p.id').take(limit + 1).getMany();
    return toConnection(rows, limit, (p) => [p.name, p.id], (p) => p, () => base().getCount());
  }

  findVisible(ctx: ViewerContext, ids: readonly string[]): Promise<TutoringProgramEntity[]> {
    return findVisiblePrograms(ctx, ids);
  }

  schoolsOf(ctx: ViewerContext, programIds: readonly string[]): Promise<TutoringProgramSchoolEntity[]> {
    return ctx.db.manager.findBy(TutoringProgramSchoolEntity, { programId: In([...programIds]) });
  }

  /**
   * Creates a program with its schools. Targets not given take the NSSA defaults; a partner
   * program names its organisation and is set up by a district admin.
   */
  async create(ctx: ViewerContext, input: TutoringProgramCreateInput): Promise<{ tutoringProgram: TutoringProgramEntity }> {
    const schoolYearId = expectGlobalId(input.schoolYearId, 'SchoolYear', 'input.schoolYearId');
    const schoolIds = [...new Set(input.schoolIds.map((g, i) => expectGlobalId(g, 'School', `input.schoolIds[${i}]`)))];
    const subjects = academicSubjects(input.subjects, ['input', 'subjects']);
    this.assertPartnerNamed(input.provider, input.partnerOrganization ?? null);
    if (input.provider === TutoringProvider.PARTNER) assertProgramManageable(ctx, input.provider, [], ['input', 'provider']);
    assertProgramManageable(ctx, input.provider, schoolIds, ['input', 'schoolIds']);
    return ctx.db.transaction(async (em) => {
      const year = await em.findOneBy(SchoolYearEntity, { id: schoolYearId });
      if (!year) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'schoolYearId'], 'No such school year');
      this.assertDates(input.startDate, input.endDate, year);
      await this.assertSchoolsExist(em, schoolIds);
      const program = em.create(TutoringProgramEntity, {
        name: input.name,
        schoolYearId,
        subjects,
        provider: input.provider,
        partnerOrganization: input.partnerOrganization ?? null,
        setting: input.setting,
        startDate: input.startDate,
        endDate: input.endDate,
        targetSessionsPerWeek: TUTORING_STANDARDS.sessionsPerWeek,
        targetMinutesPerSession: TUTORING_STANDARDS.minutesPerSession,
        targetMinutesPerSessionK3: TUTORING_STANDARDS.minutesPerSessionK3,
        maxStudentsPerTutor: TUTORING_STANDARDS.maxStudentsPerTutor,
        minWeeks: TUTORING_STANDARDS.minWeeks,
        createdBy: ctx.viewer.userId,
      });
      this.applyTargets(program, input.targetDosage);
      await em.save(TutoringProgramEntity, program);
      await em.insert(TutoringProgramSchoolEntity, schoolIds.map((schoolId) => ({ programId: program.id, schoolId })));
      await recordAudit(em, ctx, { action: 'tutoring_program.create', entityType: 'TutoringProgram', entityId: program.id, after: { ...program, schoolIds } });
      return { tutoringProgram: program };
    });
  }

  /**
   * Changes the fields given. The program must still hold what hangs on it: its groups' subjects
   * and schools, and its assignments' and sessions' dates.
   */
  async update(ctx: ViewerContext, input: TutoringProgramUpdateInput): Promise<{ tutoringProgram: TutoringProgramEntity }> {
    const id = expectGlobalId(input.id, 'TutoringProgram', 'input.id');
    const newSchoolIds = input.schoolIds
      ? [...new Set(input.schoolIds.map((g, i) => expectGlobalId(g, 'School', `input.schoolIds[${i}]`)))]
      : undefined;
    return ctx.db.transaction(async (em) => {
      const [visible] = await findVisiblePrograms(ctx, [id], em);
      if (!visible) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'id'], 'No such tutoring program');
      const program = await lockProgram(em, id, ['input', 'id']);
      const currentSchools = (await em.findBy(TutoringProgramSchoolEntity, { programId: id })).map((s) => s.schoolId);
      assertProgramManageable(ctx, program.provider, currentSchools, ['input', 'id']);
      expectVersion(program.version, input.expectedVersion, 'program');
      const before = { ...program, schoolIds: currentSchools };
      const groups = await em.findBy(TutoringGroupEntity, { programId: id });

      if (input.partnerOrganization !== undefined && input.partnerOrganization !== null) {
        this.assertPartnerNamed(program.provider, input.partnerOrganization);
        program.partnerOrganization = input.partnerOrganization;
      }
      if (input.subjects) {
        const subjects = academicSubjects(input.subjects, ['input', 'subjects']);
        const orphan = groups.find((g) => !subjects.includes(g.subject));
        if (orphan) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'subjects'], `Group ${orphan.name} tutors ${orphan.subject}`);
        program.subjects = subjects;
      }
      if (newSchoolIds) {
        assertProgramManageable(ctx, program.provider, newSchoolIds, ['input', 'schoolIds']);
        await this.assertSchoolsExist(em, newSchoolIds);
        const orphan = groups.find((g) => !newSchoolIds.includes(g.schoolId));
        if (orphan) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'schoolIds'], `Group ${orphan.name} meets at a school the program would no longer serve`);
      }
      if (input.startDate || input.endDate) {
        const year = await em.findOneByOrFail(SchoolYearEntity, { id: program.schoolYearId });
        const start = input.startDate ?? program.startDate;
        const end = input.endDate ?? program.endDate;
        this.assertDates(start, end, year);
        await this.assertHoldsItsRecords(em, id, start, end);
        program.startDate = start;
        program.endDate = end;
      }
      if (input.name) program.name = input.name;
      if (input.setting) program.setting = input.setting;
      this.applyTargets(program, input.targetDosage);
      program.updatedAt = new Date();
      await em.save(TutoringProgramEntity, program);
      if (newSchoolIds) {
        await em.delete(TutoringProgramSchoolEntity, { programId: id });
        await em.insert(TutoringProgramSchoolEntity, newSchoolIds.map((schoolId) => ({ programId: id, schoolId })));
      }
      await recordAudit(em, ctx, {
        action: 'tutoring_program.update',
        entityType: 'TutoringProgram',
        entityId: id,
        before,
        after: { ...program, schoolIds: newSchoolIds ?? currentSchools },
      });
      return { tutoringProgram: program };
    });
  }

  private applyTargets(program: TutoringProgramEntity, targets: TutoringTargetDosageInput | undefined): void {
    for (const [key, column] of Object.entries(TARGET_COLUMNS) as [keyof TutoringTargetDosageInput, keyof TutoringProgramEntity][]) {
      const value = targets?.[key];
      if (value !== undefined && value !== null) (program as unknown as Record<string, unknown>)[column] = value;
    }
  }

  private assertPartnerNamed(provider: TutoringProvider, organization: string | null): void {
    if (provider === TutoringProvider.PARTNER && !organization) {
      throw UserInputError.of(UserErrorCode.INVALID, ['input', 'partnerOrganization'], 'A partner program names its partner organisation');
    }
    if (provider === TutoringProvider.IN_HOUSE && organization) {
      throw UserInputError.of(UserErrorCode.INVALID, ['input', 'partnerOrganization'], 'An in-house program has no partner organisation');
    }
  }

  private assertDates(start: string, end: string, year: SchoolYearEntity): void {
    if (end < start) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'endDate'], 'The program ends before it starts');
    if (start < year.startDate || start > year.endDate) {
      throw UserInputError.of(UserErrorCode.INVALID, ['input', 'startDate'], `The school year ${year.name} runs from ${year.startDate} to ${year.endDate}`);
    }
    if (end > year.endDate) {
      throw UserInputError.of(UserErrorCode.INVALID, ['input', 'endDate'], `The school year ${year.name} ends on ${year.endDate}`);
    }
  }

  /** New program dates must still cover every assignment and session recorded under it. */
  private async assertHoldsItsRecords(em: EntityManager, programId: string, start: string, end: string): Promise<void> {
    const [row] = await em.query(
      `SELECT (SELECT min(a.start_date) FROM tutoring_assignment a JOIN tutoring_group g ON g.id = a.group_id WHERE g.program_id = $1) AS first_assigned,
              (SELECT max(COALESCE(a.end_date, a.start_date)) FROM tutoring_assignment a JOIN tutoring_group g ON g.id = a.group_id WHERE g.program_id = $1) AS last_assigned,
              (SELECT min(s.session_date) FROM tutoring_session s JOIN tutoring_group g ON g.id = s.group_id WHERE g.program_id = $1) AS first_session,
              (SELECT max(s.session_date) FROM tutoring_session s JOIN tutoring_group g ON g.id = s.group_id WHERE g.program_id = $1) AS last_session`,
      [programId],
    );
    const first = [row.first_assigned, row.first_session].filter(Boolean).sort()[0];
    const last = [row.last_assigned, row.last_session].filter(Boolean).sort().reverse()[0];
    if (first && start > first) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'startDate'], `Tutoring is recorded from ${first}`);
    if (last && end < last) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'endDate'], `Tutoring is recorded until ${last}`);
  }

  private async assertSchoolsExist(em: EntityManager, ids: string[]): Promise<void> {
    const found = await em.countBy(SchoolEntity, { id: In(ids) });
    if (found !== ids.length) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'schoolIds'], 'One or more schools do not exist');
  }
}

export const tutoringProgramService = new TutoringProgramService();
