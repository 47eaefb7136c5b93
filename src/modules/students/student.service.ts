import type { EntityManager } from 'typeorm';
import { StaffRole } from '../../common/auth/roles';
import { isUniqueViolation } from '../../common/db-errors';
import { UserErrorCode, UserInputError } from '../../common/errors';
import { escapeLike } from '../../common/sql-text';
import { gradeToNumber } from '../../common/grade-level';
import { decodeCursor, pageSize, toConnection, type ConnectionShape } from '../../common/graphql/connection';
import { expectGlobalId } from '../../common/graphql/global-id';
import type { ViewerContext } from '../../context';
import { aliasedRowMapper } from '../../db/entity-rows';
import { preparedQuery } from '../../db/prepared';
import { recordAudit } from '../audit/audit.service';
import { enrollmentService } from './enrollment.service';
import { readPageWithRelations } from './student-page-preload';
import { lockManageableStudent, manageableSchool, scopeRosterToViewer, scopeToViewer } from './student-access';
import { EnrollmentEntity, StudentEntity } from './student.entity';
import type { StudentCreateInput, StudentFilter, StudentUpdateInput } from './student.inputs';

export class StudentService {
  /**
   * Students in the viewer's scope matching the filter, ordered by family name, given name, id.
   *
   * A school's students (filter.schoolId: Query.students by school, School.students) are read from
   * the school's enrollments in roster order (enrollment_roster_idx: the names are copies kept by
   * the database, migration 1795801800000): the page walks the index from the cursor and stops
   * after `first + 1` students enrolled today, where reading the student table had to take every
   * student enrolled today and sort them, 898 at the largest Hartford school, whatever the page
   * size (issue 9). Each student appears once because a student's enrollments never overlap
   * (the database's enrollment_no_overlap; EnrollmentService.insert says why), so one enrollment at
   * most covers today. The viewer's scope filters the enrollment rows as they come
   * (scopeRosterToViewer) rather than joining, so a scoped viewer's page walks the index and stops
   * early too.
   *
   * `nodeFields`, the fields the client asked of the page's nodes (connectionNodeFields), says which
   * of the students' relations to load for the whole page, in the page's own statement
   * (student-page-preload.ts).
   */
  async list(
    ctx: ViewerContext,
    filter: StudentFilter | undefined,
    first: number | undefined,
    after: string | undefined,
    nodeFields: ReadonlySet<string> = new Set(),
  ): Promise<ConnectionShape<StudentEntity>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 3);
    const schoolId = filter?.schoolId ? expectGlobalId(filter.schoolId, 'School', 'filter.schoolId') : undefined;
    // The sort key, and so the cursor: the enrollment's copies of the names when reading a roster
    // (equal to the student's, so cursors are the same either way), else the student's own.
    // The join is not aliased `e`: the scope's subqueries use that alias, and TypeORM rewrites
    // `alias.column` everywhere in the statement, inside them too.
    const key = schoolId ? ['roster.family_name', 'roster.given_name', 'roster.student_id'] : ['s.family_name', 's.given_name', 's.id'];
    // `walk`: the page, which reads the roster index in order and stops at the LIMIT, so the scope
    // filters the enrollment rows as they come (scopeRosterToViewer). The count reads the whole
    // roster anyway and keeps the plain scope: estimated as a filter (half the rows), it made the
    // planner hash the whole student table, 2.1 ms against 0.5 for a teacher's count at Hartford.
    const base = (walk: boolean) => {
      const qb = ctx.db.manager.createQueryBuilder(StudentEntity, 's');
      if (schoolId) {
        qb.innerJoin(
          EnrollmentEntity,
          'roster',
          `roster.student_id = s.id AND roster.school_id = :schoolId AND roster.entry_date <= :asOf
             AND (roster.exit_date IS NULL OR roster.exit_date >= :asOf)`,
          { schoolId, asOf: ctx.today },
        );
      }
      if (schoolId && walk) scopeRosterToViewer(qb, ctx, schoolId, 'roster.student_id');
      else scopeToViewer(qb, ctx, 's.id');
      if (filter?.gradeLevel) qb.andWhere('s.grade_level = :grade', { grade: gradeToNumber(filter.gradeLevel) });
      if (filter?.search) {
        qb.andWhere(`(s.family_name ILIKE :prefix OR s.given_name ILIKE :prefix OR s.local_id = :exact)`, {
          prefix: `${escapeLike(filter.search)}%`,
          exact: filter.search,
        });
      }
      for (const flag of ['englishLearner', 'studentWithDisability', 'freeReducedMeals'] as const) {
        if (filter?.[flag] !== undefined && filter[flag] !== null) qb.andWhere(`s.${flag} = :${flag}`, { [flag]: filter[flag] });
      }
      if (filter?.raceEthnicity) qb.andWhere('s.race_ethnicity = :race', { race: filter.raceEthnicity });
      if (filter?.gender) qb.andWhere('s.gender = :gender', { gender: filter.gender });
      return qb;
    };
    const page = base(true);
    if (cursor) {
      page.andWhere(`(${key.join(', ')}) > (:cf, :cg, :ci)`, { cf: cursor[0], cg: cursor[1], ci: cursor[2] });
    }
    // The QueryBuilder writes the statement (scope, filters); it runs as a named prepared statement
    // (one per filter shape) and its raw rows are mapped column by column: TypeORM's execution and
    // entity transformer cost more than the query on a page of 100 (issue 9).
    // The page size is a parameter, not TypeORM's literal LIMIT: one statement per filter shape.
    const [sql, parameters] = page.orderBy(key[0], 'ASC').addOrderBy(key[1], 'ASC').addOrderBy(key[2], 'ASC').getQueryAndParameters();
    const pageRows = await readPageWithRelations(ctx, { sql: `${sql} LIMIT $${parameters.length + 1}`, values: [...parameters, limit + 1], idColumn: 's_id' }, nodeFields);
    const rows = pageRows.map(aliasedRowMapper(ctx.db, StudentEntity, 's'));
    for (const student of rows.slice(0, limit)) ctx.studentReads.add(student.id);
    return toConnection(
      rows,
      limit,
      (s) => [s.familyName, s.givenName, s.id],
      (s) => s,
      () => base(false).getCount(),
    );
  }

  /** Creates a student with their first enrollment, in one transaction. */
  async create(ctx: ViewerContext, input: StudentCreateInput): Promise<{ student: StudentEntity }> {
    const schoolId = expectGlobalId(input.enrollment.schoolId, 'School', 'input.enrollment.schoolId');
    if (input.birthDate > ctx.today) {
      throw UserInputError.of(UserErrorCode.INVALID, ['input', 'birthDate'], 'Birth date cannot be in the future');
    }
    return ctx.db.transaction(async (em) => {
      const school = await manageableSchool(ctx, em, schoolId, ['input', 'enrollment', 'schoolId']);
      const grade = gradeToNumber(input.gradeLevel);
      enrollmentService.assertGradeServed(school, grade, ['input', 'gradeLevel']);
      const student = em.create(StudentEntity, {
        localId: input.localId,
        givenName: input.givenName,
        familyName: input.familyName,
        birthDate: input.birthDate,
        gradeLevel: grade,
        gender: input.gender ?? undefined,
        raceEthnicity: input.raceEthnicity ?? undefined,
        englishLearner: input.englishLearner ?? false,
        studentWithDisability: input.studentWithDisability ?? false,
        freeReducedMeals: input.freeReducedMeals ?? false,
      });
      await this.saveUnique(em, student, ['input', 'localId']);
      await recordAudit(em, ctx, { action: 'student.create', entityType: 'Student', entityId: student.id, studentId: student.id, after: student });
      await enrollmentService.insert(ctx, em, {
        studentId: student.id,
        schoolId: school.id,
        gradeLevel: grade,
        entryDate: input.enrollment.entryDate,
        exitDate: null,
      });
      return { student };
    });
  }

  /**
   * Updates the fields given, if the client read the current version: two people editing the same
   * record cannot silently overwrite each other (CONFLICT instead).
   */
  async update(ctx: ViewerContext, input: StudentUpdateInput): Promise<{ student: StudentEntity }> {
    const id = expectGlobalId(input.id, 'Student', 'input.id');
    if (input.birthDate && input.birthDate > ctx.today) {
      throw UserInputError.of(UserErrorCode.INVALID, ['input', 'birthDate'], 'Birth date cannot be in the future');
    }
    return ctx.db.transaction(async (em) => {
      const current = await lockManageableStudent(ctx, em, id, ['input', 'id']);
      if (current.version !== input.expectedVersion) {
        throw UserInputError.of(
          UserErrorCode.CONFLICT,
          ['input', 'expectedVersion'],
          `The student was changed by someone else (version ${current.version}); reload and try again`,
        );
      }
      const before = { ...current };
      const changes: Partial<StudentEntity> = {};
      const keys = ['localId', 'givenName', 'familyName', 'birthDate', 'gender', 'raceEthnicity', 'englishLearner', 'studentWithDisability', 'freeReducedMeals'] as const;
      for (const key of keys) {
        const value = input[key];
        if (value !== undefined && value !== null) (changes as Record<string, unknown>)[key] = value;
      }
      if (input.gradeLevel) changes.gradeLevel = gradeToNumber(input.gradeLevel);
      const next = Object.assign(current, changes);
      await this.saveUnique(em, next, ['input', 'localId']);
      await recordAudit(em, ctx, { action: 'student.update', entityType: 'Student', entityId: id, studentId: id, before, after: next });
      return { student: next };
    });
  }

  /** Soft-deletes a student: their records stay for audit and can be restored by a district admin. */
  async softDelete(ctx: ViewerContext, studentGlobalId: string): Promise<{ deletedStudentId: string }> {
    const id = expectGlobalId(studentGlobalId, 'Student', 'id');
    return ctx.db.transaction(async (em) => {
      const student = await lockManageableStudent(ctx, em, id, ['id']);
      await em.softDelete(StudentEntity, { id });
      await recordAudit(em, ctx, { action: 'student.delete', entityType: 'Student', entityId: id, studentId: id, before: student });
      return { deletedStudentId: studentGlobalId };
    });
  }

  async restore(ctx: ViewerContext, studentGlobalId: string): Promise<{ student: StudentEntity }> {
    const id = expectGlobalId(studentGlobalId, 'Student', 'id');
    if (ctx.viewer.role !== StaffRole.DISTRICT_ADMIN) {
      throw UserInputError.of(UserErrorCode.FORBIDDEN, ['id'], 'Only a district admin can restore a student');
    }
    return ctx.db.transaction(async (em) => {
      const student = await em.findOne(StudentEntity, { where: { id }, withDeleted: true, lock: { mode: 'pessimistic_write' } });
      if (!student || !student.deletedAt) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['id'], 'No deleted student with this id');
      await em.restore(StudentEntity, { id });
      const restored = await em.findOneByOrFail(StudentEntity, { id });
      await recordAudit(em, ctx, { action: 'student.restore', entityType: 'Student', entityId: id, studentId: id, after: restored });
      return { student: restored };
    });
  }

  private async saveUnique(em: EntityManager, student: StudentEntity, field: string[]): Promise<void> {
    try {
      await em.save(StudentEntity, student);
    } catch (error) {
      if (isUniqueViolation(error, 'student_local_id_key')) {
        throw UserInputError.of(UserErrorCode.DUPLICATE, field, `Another student already has local id ${student.localId}`);
      }
      throw error;
    }
  }
}

export const studentService = new StudentService();
