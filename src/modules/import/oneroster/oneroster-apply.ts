import type { EntityManager } from 'typeorm';
import { StaffRole, isDistrictRole } from '../../../common/auth/roles';
import { addDays } from '../../../common/dates';
import { UserInputError } from '../../../common/errors';
import { GradeLevel, gradeFromNumber } from '../../../common/grade-level';
import { toGlobalId } from '../../../common/graphql/global-id';
import type { ViewerContext } from '../../../context';
import { calendarService } from '../../calendar/calendar.service';
import { CaseloadKind } from '../../caseloads/caseload-kind';
import { caseloadService } from '../../caseloads/caseload.service';
import { SchoolLevel } from '../../schools/school-level';
import { schoolService } from '../../schools/school.service';
import { staffService } from '../../staff/staff.service';
import { enrollmentService } from '../../students/enrollment.service';
import type { StudentUpdateInput } from '../../students/student.inputs';
import { studentService } from '../../students/student.service';
import { Gender, RaceEthnicity } from '../../students/student-demographics';
import { boundToTransaction } from '../batch-context';
import type { ImportJob } from '../import-job';
import {
  ONEROSTER_STAFF_ROLES,
  RACE_COLUMNS,
  gradeFromCeds,
  genderFromOneRoster,
  raceEthnicityFromOneRoster,
  schoolCode,
  studentLocalId,
} from './oneroster-mapping';
import { SYSTEM, forEachSeenPage, mapRecord, recordsById, refreshStatistics, type SourceRecord } from './oneroster-records';

type Data = Record<string, any>;

const later = (a: string, b: string) => (a > b ? a : b);

async function refuse(job: ImportJob, entity: string, rec: SourceRecord, column: string, reason: string): Promise<void> {
  job.tally.add(entity, 'rejected');
  await job.rejects.add({ file: rec.sourceFile ?? '', row: rec.sourceLine ?? 0, column, reason });
}

/**
 * Runs one service call for a record. A refusal by the service's rules (UserInputError) rejects the
 * record with the service's message, naming the file's column for the input field it concerns;
 * the service's savepoint has undone whatever it wrote.
 */
async function attempt<T>(job: ImportJob, entity: string, rec: SourceRecord, columns: Record<string, string>, call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    const first = error.errors[0];
    const field = first?.field.find((f) => columns[f] !== undefined);
    await refuse(job, entity, rec, field ? columns[field] : '', error.errors.map((e) => e.message).join('; '));
    return null;
  }
}

/**
 * Runs one set-based derivation (school enrollments, caseload pairs) over every record of a
 * district: in its own transaction with a statement timeout for bulk work rather than the API's
 * (DB_STATEMENT_TIMEOUT_MS is sized for requests).
 */
async function derive(job: ImportJob, sql: string, params: unknown[]): Promise<void> {
  await job.ctx.db.transaction(async (em) => {
    await em.query(`SET LOCAL statement_timeout = '${DERIVE_TIMEOUT}'`);
    await em.query(sql, params);
  });
}

const DERIVE_TIMEOUT = '15min';

/** The entry date a student enrollment row gives: its beginDate, else its class's first term start, else today. */
const ENTRY_SQL = `COALESCE(e.data->>'beginDate',
  (SELECT min(s.data->>'startDate') FROM import_source_record c
     JOIN import_source_record s ON s.source_system = c.source_system AND s.source_type = 'academicSession'
      AND s.source_id IN (SELECT jsonb_array_elements_text(c.data->'termSourcedIds'))
    WHERE c.source_system = e.source_system AND c.source_type = 'class' AND c.source_id = e.data->>'classSourcedId'),
  $today)`;

const withToday = (sql: string, n: number) => sql.replace(/\$today/g, `$${n}::text`);

// ---------------------------------------------------------------------------------------------
// School years
// ---------------------------------------------------------------------------------------------

/**
 * A schoolYear session becomes a school year named "<start year>-<end year>", with its semesters
 * (or, without semesters, its terms) as terms, and the weekdays between its dates as instructional
 * days: OneRoster carries no holidays, so closures are removed in the app afterwards. A year that
 * exists with other dates is rejected: the calendar is changed in the app, not by a roster file.
 */
export async function applySchoolYears(job: ImportJob): Promise<void> {
  await forEachSeenPage<Data>(job, 'academicSession', async (em, page) => {
    const ctx = boundToTransaction(job.ctx, em);
    for (const rec of page) {
      const d = rec.data;
      if (rec.status === 'tobedeleted') {
        await refuse(job, 'SchoolYear', rec, 'status', 'School years are not deleted by an import; change the calendar in the app');
        continue;
      }
      const name = `${d.startDate.slice(0, 4)}-${d.endDate.slice(0, 4)}`;
      if (d.startDate.slice(0, 4) >= d.endDate.slice(0, 4)) {
        await refuse(job, 'SchoolYear', rec, 'endDate', 'A school year must run from one calendar year into the next');
        continue;
      }
      const [existing]: { id: string; name: string; start: string; end: string }[] = await em.query(
        'SELECT id, name, start_date AS start, end_date AS "end" FROM school_year WHERE id = $1 OR name = $2 ORDER BY (id = $1) DESC LIMIT 1',
        [rec.entityId ?? '00000000-0000-0000-0000-000000000000', name],
      );
      if (existing) {
        if (existing.start === d.startDate && existing.end === d.endDate) {
          job.tally.add('SchoolYear', 'unchanged');
          await mapRecord(em, 'academicSession', rec.sourceId, 'SchoolYear', existing.id);
        } else {
          await refuse(job, 'SchoolYear', rec, 'startDate', `School year ${existing.name} exists from ${existing.start} to ${existing.end}; change its dates in the app`);
        }
        continue;
      }
      const children: { title: string; type: string; start: string; end: string }[] = await em.query(
        `SELECT data->>'title' AS title, data->>'type' AS type, data->>'startDate' AS start, data->>'endDate' AS "end"
           FROM import_source_record WHERE source_system = $1 AND source_type = 'academicSession' AND status = 'active'
            AND data->>'parentSourcedId' = $2 AND data->>'type' IN ('semester', 'term') ORDER BY data->>'startDate'`,
        [SYSTEM, rec.sourceId],
      );
      const semesters = children.filter((c) => c.type === 'semester');
      const terms = (semesters.length ? semesters : children).map((c) => ({ name: c.title.slice(0, 60), startDate: c.start, endDate: c.end }));
      const created = await attempt(job, 'SchoolYear', rec, { startDate: 'startDate', endDate: 'endDate', terms: 'parentSourcedId', name: 'title' }, () =>
        calendarService.create(ctx, { name, startDate: d.startDate, endDate: d.endDate, terms, nonInstructionalDates: [] }),
      );
      if (created) {
        job.tally.add('SchoolYear', 'created');
        await mapRecord(em, 'academicSession', rec.sourceId, 'SchoolYear', created.schoolYear.id);
      }
    }
  }, `r.data->>'type' = 'schoolyear'`);
}

// ---------------------------------------------------------------------------------------------
// Schools
// ---------------------------------------------------------------------------------------------

/**
 * A school org becomes a school whose code is the org's identifier (else its sourcedId). OneRoster
 * orgs carry no grade span or level: a new school is created as OTHER serving PK-12 (narrow it in
 * the app); an existing school keeps its level and grades, and only its name follows the file.
 */
export async function applySchools(job: ImportJob): Promise<void> {
  await forEachSeenPage<Data>(job, 'org', async (em, page) => {
    const ctx = boundToTransaction(job.ctx, em);
    for (const rec of page) {
      const d = rec.data;
      if (d.type !== 'school') {
        job.tally.add('Org', 'skipped');
        continue;
      }
      if (rec.status === 'tobedeleted') {
        await refuse(job, 'School', rec, 'status', 'Schools are not deleted by an import');
        continue;
      }
      const code = schoolCode(d.identifier, rec.sourceId);
      if (!code) {
        await refuse(job, 'School', rec, 'identifier', 'The identifier becomes the school code: 1-20 letters, digits, - or _');
        continue;
      }
      const [existing]: { id: string; name: string; version: number }[] = await em.query(
        'SELECT id, name, version FROM school WHERE id = $1 OR code = $2 ORDER BY (id = $1) DESC LIMIT 1',
        [rec.entityId ?? '00000000-0000-0000-0000-000000000000', code],
      );
      if (existing) {
        await mapRecord(em, 'org', rec.sourceId, 'School', existing.id);
        if (existing.name === d.name) {
          job.tally.add('School', 'unchanged');
          continue;
        }
        const updated = await attempt(job, 'School', rec, { name: 'name' }, () =>
          schoolService.update(ctx, { id: toGlobalId('School', existing.id), expectedVersion: existing.version, name: d.name }),
        );
        if (updated) job.tally.add('School', 'updated');
        continue;
      }
      const created = await attempt(job, 'School', rec, { code: 'identifier', name: 'name' }, () =>
        schoolService.create(ctx, { code, name: d.name, level: SchoolLevel.OTHER, lowestGrade: GradeLevel.PK, highestGrade: GradeLevel.G12 }),
      );
      if (created) {
        job.tally.add('School', 'created');
        await mapRecord(em, 'org', rec.sourceId, 'School', created.school.id);
      }
    }
  });
}

/** School ids of a user's orgs: schools map to ours, other orgs (the district) are ignored. */
async function schoolsOf(em: EntityManager, orgIds: string[]): Promise<{ schoolIds: string[]; unknown: string[] }> {
  const orgs = await recordsById(em, 'org', orgIds);
  const schoolIds: string[] = [];
  const unknown: string[] = [];
  for (const id of orgIds) {
    const org = orgs.get(id);
    if (!org) unknown.push(id);
    else if (org.data.type === 'school') {
      if (org.entityId) schoolIds.push(org.entityId);
      else unknown.push(id);
    }
  }
  return { schoolIds: [...new Set(schoolIds)], unknown };
}

// ---------------------------------------------------------------------------------------------
// Staff
// ---------------------------------------------------------------------------------------------

const STAFF_COLUMNS = { email: 'email', role: 'role', schoolIds: 'orgSourcedIds', givenName: 'givenName', familyName: 'familyName', id: 'sourcedId' };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Staff users (see ONEROSTER_STAFF_ROLES for the roles), matched by sourcedId, else by email.
 * `tobedeleted` or enabledUser=false deactivates (never deletes); memberships follow orgSourcedIds.
 * Existing district staff are left to the app: a roster file does not change a district role.
 */
export async function applyStaff(job: ImportJob): Promise<void> {
  await forEachSeenPage<Data>(job, 'user', async (em, page) => {
    const ctx = boundToTransaction(job.ctx, em);
    for (const rec of page) {
      const d = rec.data;
      const role = ONEROSTER_STAFF_ROLES[d.role];
      if (!role) {
        job.tally.add('User', 'skipped');
        continue;
      }
      const active = rec.status === 'active' && d.enabledUser !== false;
      if (!EMAIL.test(d.email ?? '') || d.email.length > 254) {
        await refuse(job, 'StaffUser', rec, 'email', 'Staff need an email address: it is how they sign in');
        continue;
      }
      const { schoolIds, unknown } = await schoolsOf(em, d.orgSourcedIds);
      if (unknown.length) {
        await refuse(job, 'StaffUser', rec, 'orgSourcedIds', `Unknown or rejected org ${unknown.join(', ')}`);
        continue;
      }
      if (schoolIds.length === 0 && active) {
        await refuse(job, 'StaffUser', rec, 'orgSourcedIds', `${/^[aeiou]/.test(d.role) ? 'An' : 'A'} ${d.role} needs a school org; district roles are granted in the app`);
        continue;
      }
      const [existing]: { id: string; email: string; given_name: string; family_name: string; role: StaffRole; active: boolean; version: number }[] = await em.query(
        'SELECT id, email, given_name, family_name, role, active, version FROM staff_user WHERE id = $1 OR email = $2 ORDER BY (id = $1) DESC LIMIT 1',
        [rec.entityId ?? '00000000-0000-0000-0000-000000000000', d.email],
      );
      if (!existing) {
        if (!active) {
          job.tally.add('StaffUser', 'skipped');
          continue;
        }
        const created = await attempt(job, 'StaffUser', rec, STAFF_COLUMNS, () =>
          staffService.create(ctx, { email: d.email, givenName: d.givenName, familyName: d.familyName, role, schoolIds: schoolIds.map((id) => toGlobalId('School', id)) }),
        );
        if (created) {
          job.tally.add('StaffUser', 'created');
          await mapRecord(em, 'user', rec.sourceId, 'StaffUser', created.staffUser.id);
        }
        continue;
      }
      if (isDistrictRole(existing.role)) {
        await refuse(job, 'StaffUser', rec, 'role', `${existing.email} has the district role ${existing.role}; district staff are managed in the app`);
        continue;
      }
      await mapRecord(em, 'user', rec.sourceId, 'StaffUser', existing.id);
      let changed = false;
      if (active) {
        const memberships = await staffService.activeMemberships(em, job.ctx.today, [existing.id]);
        const current = new Set(memberships.map((m) => m.schoolId));
        const sameSchools = current.size === schoolIds.length && schoolIds.every((id) => current.has(id));
        const input = {
          id: toGlobalId('StaffUser', existing.id),
          expectedVersion: existing.version,
          ...(existing.email !== d.email ? { email: d.email } : {}),
          ...(existing.given_name !== d.givenName ? { givenName: d.givenName } : {}),
          ...(existing.family_name !== d.familyName ? { familyName: d.familyName } : {}),
          ...(existing.role !== role ? { role } : {}),
          ...(sameSchools ? {} : { schoolIds: schoolIds.map((id) => toGlobalId('School', id)) }),
        };
        if (Object.keys(input).length > 2) {
          if (!(await attempt(job, 'StaffUser', rec, STAFF_COLUMNS, () => staffService.update(ctx, input)))) continue;
          changed = true;
        }
      }
      if (existing.active !== active) {
        if (!(await attempt(job, 'StaffUser', rec, STAFF_COLUMNS, () => staffService.setActive(ctx, toGlobalId('StaffUser', existing.id), active)))) continue;
        changed = true;
      }
      job.tally.add('StaffUser', changed ? 'updated' : 'unchanged');
    }
  }, `r.data->>'role' <> 'student'`);
}

// ---------------------------------------------------------------------------------------------
// Students
// ---------------------------------------------------------------------------------------------

interface StudentRow {
  id: string;
  local_id: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  grade_level: number;
  gender: Gender;
  race_ethnicity: RaceEthnicity;
  english_learner: boolean;
  student_with_disability: boolean;
  free_reduced_meals: boolean;
  version: number;
  deleted_at: Date | null;
}

const STUDENT_COLUMNS = {
  localId: 'identifier',
  givenName: 'givenName',
  familyName: 'familyName',
  gradeLevel: 'grades',
  birthDate: 'birthDate',
  schoolId: 'orgSourcedIds',
  entryDate: 'beginDate',
  id: 'sourcedId',
};

/** Our demographic fields from a demographics record; fields it does not carry are left out. */
function demographicFields(demo: SourceRecord | undefined): Partial<StudentUpdateInput> {
  if (!demo || demo.status !== 'active') return {};
  const d = demo.data;
  const out: Partial<StudentUpdateInput> = {
    gender: genderFromOneRoster(d.sex) ?? Gender.NOT_REPORTED,
    raceEthnicity: raceEthnicityFromOneRoster({
      hispanic: d.hispanicOrLatinoEthnicity === true,
      twoOrMore: d.demographicRaceTwoOrMoreRaces === true,
      races: RACE_COLUMNS.filter(([column]) => d[column] === true).map(([, race]) => race),
    }),
  };
  if (d.birthDate) out.birthDate = d.birthDate;
  for (const flag of ['englishLearner', 'studentWithDisability', 'freeReducedMeals'] as const) if (typeof d[flag] === 'boolean') out[flag] = d[flag];
  return out;
}

/**
 * Students: users with the student role, matched by sourcedId, else by their district id (the
 * user's identifier, else sourcedId: `student.local_id`). A new student is created with their
 * first enrollment (the earliest of their active class enrollments: its school, and its beginDate,
 * else its class's term start, else today), so a student is never without a school; their birth
 * date comes from demographics.csv. A student marked `tobedeleted` keeps every record: their open
 * enrollment ends (exit date: dateLastModified, else today), audited like any exit.
 */
export async function applyStudents(job: ImportJob): Promise<void> {
  // Students to look at: their user, demographics or enrollment rows came in this run.
  await job.ctx.db.query(
    `INSERT INTO import_run_key (run_id, key, line)
     SELECT $1, 'student:' || s.sid, 0 FROM (
       SELECT r.source_id AS sid FROM import_source_record r JOIN import_run_key k ON k.run_id = $1 AND k.key = 'user:' || r.source_id
        WHERE r.source_system = $2 AND r.source_type = 'user' AND r.data->>'role' = 'student'
       UNION SELECT r.source_id FROM import_source_record r JOIN import_run_key k ON k.run_id = $1 AND k.key = 'demographics:' || r.source_id
        WHERE r.source_system = $2 AND r.source_type = 'demographics'
       UNION SELECT r.data->>'userSourcedId' FROM import_source_record r JOIN import_run_key k ON k.run_id = $1 AND k.key = 'enrollment:' || r.source_id
        WHERE r.source_system = $2 AND r.source_type = 'enrollment' AND r.data->>'role' = 'student') s
     ON CONFLICT (run_id, key) DO NOTHING`,
    [job.runId, SYSTEM],
  );
  await refreshStatistics(job);
  const orphans: SourceRecord[] = await job.ctx.db.query(
    `SELECT r.source_id AS "sourceId", r.status, r.data, r.entity_id AS "entityId", r.source_file AS "sourceFile", r.source_line AS "sourceLine"
       FROM import_source_record r JOIN import_run_key k ON k.run_id = $1 AND k.key = 'demographics:' || r.source_id
      WHERE r.source_system = $2 AND r.source_type = 'demographics'
        AND NOT EXISTS (SELECT 1 FROM import_source_record u WHERE u.source_system = $2 AND u.source_type = 'user' AND u.source_id = r.source_id)`,
    [job.runId, SYSTEM],
  );
  for (const rec of orphans) await refuse(job, 'Student', rec, 'sourcedId', `No user ${rec.sourceId} in users.csv, now or from an earlier import`);

  await forEachSeenPage<Data>(job, 'user', async (em, page) => {
    const ctx = boundToTransaction(job.ctx, em);
    const ids = page.map((r) => r.sourceId);
    const demographics = await recordsById(em, 'demographics', ids);
    const firstEnrollments: { usr: string; school_id: string | null; school_sid: string; entry: string }[] = await em.query(
      withToday(`SELECT DISTINCT ON (e.data->>'userSourcedId') e.data->>'userSourcedId' AS usr, o.entity_id AS school_id,
              e.data->>'schoolSourcedId' AS school_sid, ${ENTRY_SQL} AS entry
         FROM import_source_record e
         LEFT JOIN import_source_record o ON o.source_system = e.source_system AND o.source_type = 'org' AND o.source_id = e.data->>'schoolSourcedId'
        WHERE e.source_system = $1 AND e.source_type = 'enrollment' AND e.status = 'active' AND e.data->>'role' = 'student'
          AND e.data->>'userSourcedId' = ANY($2::varchar[])
        ORDER BY e.data->>'userSourcedId', 4, 2`, 3),
      [SYSTEM, ids, job.ctx.today],
    );
    const firstEnrollment = new Map(firstEnrollments.map((f) => [f.usr, f]));
    const localIds = page.map((r) => studentLocalId(r.data.identifier, r.sourceId)).filter((x): x is string => Boolean(x));
    const students: StudentRow[] = await em.query(
      `SELECT id, local_id, given_name, family_name, birth_date, grade_level, gender, race_ethnicity, english_learner,
              student_with_disability, free_reduced_meals, version, deleted_at
         FROM student WHERE id = ANY($1::uuid[]) OR local_id = ANY($2::varchar[])`,
      [page.map((r) => r.entityId).filter(Boolean), localIds],
    );
    for (const rec of page) {
      const d = rec.data;
      const localId = studentLocalId(d.identifier, rec.sourceId);
      if (!localId) {
        await refuse(job, 'Student', rec, 'identifier', 'The identifier becomes the student id: 1-40 letters, digits, - or _');
        continue;
      }
      const existing = students.find((s) => s.id === rec.entityId) ?? students.find((s) => s.local_id === localId);
      if (existing?.deleted_at) {
        await refuse(job, 'Student', rec, 'sourcedId', `Student ${existing.local_id} was deleted; a district admin restores them in the app`);
        continue;
      }
      if (rec.status === 'tobedeleted') {
        if (!existing) job.tally.add('Student', 'skipped');
        else {
          await mapRecord(em, 'user', rec.sourceId, 'Student', existing.id);
          const ended = await endOpenEnrollments(job, ctx, em, rec, existing.id, d.dateLastModified ?? job.ctx.today, 'Withdrawn (roster: tobedeleted)');
          if (ended !== null) job.tally.add('Student', ended ? 'updated' : 'unchanged');
        }
        continue;
      }
      const grade = d.grades?.length ? gradeFromCeds(d.grades[0]) : null;
      const wanted: Partial<StudentUpdateInput> = {
        localId,
        givenName: d.givenName,
        familyName: d.familyName,
        ...(grade ? { gradeLevel: grade } : {}),
        ...demographicFields(demographics.get(rec.sourceId)),
      };
      if (existing) {
        await mapRecord(em, 'user', rec.sourceId, 'Student', existing.id);
        const changes = studentChanges(existing, wanted);
        if (Object.keys(changes).length === 0) {
          job.tally.add('Student', 'unchanged');
          continue;
        }
        const updated = await attempt(job, 'Student', rec, STUDENT_COLUMNS, () =>
          studentService.update(ctx, { id: toGlobalId('Student', existing.id), expectedVersion: existing.version, ...changes }),
        );
        if (updated) job.tally.add('Student', 'updated');
        continue;
      }
      const first = firstEnrollment.get(rec.sourceId);
      if (!wanted.birthDate) {
        await refuse(job, 'Student', rec, 'birthDate', 'A new student needs a birth date (demographics.csv)');
        continue;
      }
      if (!grade) {
        await refuse(job, 'Student', rec, 'grades', 'A new student needs a grade from PK to 12');
        continue;
      }
      if (!first) {
        await refuse(job, 'Student', rec, 'sourcedId', 'A new student needs an active enrollment (enrollments.csv): students are created with their school');
        continue;
      }
      if (!first.school_id) {
        await refuse(job, 'Student', rec, 'orgSourcedIds', `The student's school ${first.school_sid} is unknown or was rejected`);
        continue;
      }
      const created = await attempt(job, 'Student', rec, STUDENT_COLUMNS, () =>
        studentService.create(ctx, {
          localId,
          givenName: d.givenName,
          familyName: d.familyName,
          birthDate: wanted.birthDate!,
          gradeLevel: grade,
          gender: wanted.gender,
          raceEthnicity: wanted.raceEthnicity,
          englishLearner: wanted.englishLearner,
          studentWithDisability: wanted.studentWithDisability,
          freeReducedMeals: wanted.freeReducedMeals,
          enrollment: { schoolId: toGlobalId('School', first.school_id!), entryDate: first.entry },
        }),
      );
      if (created) {
        job.tally.add('Student', 'created');
        await mapRecord(em, 'user', rec.sourceId, 'Student', created.student.id);
      }
    }
  }, `r.data->>'role' = 'student'`, 'student');
}

/** The fields of `wanted` that differ from the stored student. */
function studentChanges(s: StudentRow, wanted: Partial<StudentUpdateInput>): Partial<StudentUpdateInput> {
  const current: Record<string, unknown> = {
    localId: s.local_id,
    givenName: s.given_name,
    familyName: s.family_name,
    birthDate: s.birth_date,
    gradeLevel: gradeFromNumber(s.grade_level),
    gender: s.gender,
    raceEthnicity: s.race_ethnicity,
    englishLearner: s.english_learner,
    studentWithDisability: s.student_with_disability,
    freeReducedMeals: s.free_reduced_meals,
  };
  return Object.fromEntries(Object.entries(wanted).filter(([key, value]) => value !== undefined && current[key] !== value));
}

/** Ends a student's open enrollments (at `schoolId` only, when given). Null when refused. */
async function endOpenEnrollments(
  job: ImportJob,
  ctx: ViewerContext,
  em: EntityManager,
  rec: SourceRecord,
  studentId: string,
  exitDate: string,
  reason: string,
  schoolId?: string,
): Promise<boolean | null> {
  const open: { id: string; entry_date: string }[] = await em.query(
    'SELECT id, entry_date FROM enrollment WHERE student_id = $1 AND exit_date IS NULL AND ($2::uuid IS NULL OR school_id = $2::uuid)',
    [studentId, schoolId ?? null],
  );
  for (const e of open) {
    const ended = await attempt(job, 'Enrollment', rec, { exitDate: 'dateLastModified' }, () =>
      enrollmentService.end(ctx, { id: toGlobalId('Enrollment', e.id), exitDate: later(exitDate, e.entry_date), exitReason: reason }),
    );
    if (!ended) return null;
  }
  return open.length > 0;
}

// ---------------------------------------------------------------------------------------------
// School enrollments
// ---------------------------------------------------------------------------------------------

/**
 * A student's enrollment at a school follows their class enrollments there: enrolled while at
 * least one is active (from the earliest entry date), ended when none is left. An entry date
 * before the student's last exit moves to the day after it (re-enrollment). A student active at a
 * second school while still enrolled at the first is rejected: one enrollment at a time.
 */
export async function applyEnrollments(job: ImportJob): Promise<void> {
  await derive(job,
    withToday(`WITH touched AS (
       SELECT DISTINCT r.data->>'userSourcedId' AS usr, r.data->>'schoolSourcedId' AS sch
         FROM import_source_record r JOIN import_run_key k ON k.run_id = $1 AND k.key = 'enrollment:' || r.source_id
        WHERE r.source_system = $2 AND r.source_type = 'enrollment' AND r.data->>'role' = 'student'),
     agg AS (
       SELECT t.usr, t.sch, bool_or(e.status = 'active') AS active,
              min(CASE WHEN e.status = 'active' THEN ${ENTRY_SQL} END) AS entry,
              max(CASE WHEN e.status = 'tobedeleted' THEN COALESCE(e.data->>'dateLastModified', $today) END) AS exit,
              min(e.source_file) AS file, min(e.source_line) AS line
         FROM touched t JOIN import_source_record e ON e.source_system = $2 AND e.source_type = 'enrollment'
          AND e.data->>'role' = 'student' AND e.data->>'userSourcedId' = t.usr AND e.data->>'schoolSourcedId' = t.sch
        GROUP BY t.usr, t.sch),
     upserted AS (
       INSERT INTO import_source_record (source_system, source_type, source_id, status, data, source_file, source_line, updated_at)
       SELECT $2, 'schoolEnrollment', usr || '|' || sch, CASE WHEN active THEN 'active' ELSE 'tobedeleted' END,
              jsonb_build_object('userSourcedId', usr, 'schoolSourcedId', sch, 'entryDate', entry, 'exitDate', exit), file, line, now()
         FROM agg
       ON CONFLICT (source_system, source_type, source_id) DO UPDATE
          SET status = EXCLUDED.status, data = EXCLUDED.data, source_file = EXCLUDED.source_file, source_line = EXCLUDED.source_line, updated_at = now()
       RETURNING source_id)
     INSERT INTO import_run_key (run_id, key, line) SELECT $1, 'schoolEnrollment:' || source_id, 0 FROM upserted
     ON CONFLICT (run_id, key) DO NOTHING`, 3),
    [job.runId, SYSTEM, job.ctx.today],
  );
  await refreshStatistics(job);
  // Ends first, so a move between schools frees the student before the new school takes them.
  for (const status of ['tobedeleted', 'active']) {
    await forEachSeenPage<Data>(job, 'schoolEnrollment', async (em, page) => {
      const ctx = boundToTransaction(job.ctx, em);
      const users = await recordsById(em, 'user', page.map((r) => r.data.userSourcedId));
      const orgs = await recordsById(em, 'org', page.map((r) => r.data.schoolSourcedId));
      const studentIds = [...users.values()].map((u) => u.entityId).filter(Boolean);
      const enrollments: { id: string; student_id: string; school_id: string; entry_date: string; exit_date: string | null }[] = await em.query(
        'SELECT id, student_id, school_id, entry_date, exit_date FROM enrollment WHERE student_id = ANY($1::uuid[]) ORDER BY entry_date',
        [studentIds],
      );
      const students: { id: string; grade_level: number }[] = await em.query('SELECT id, grade_level FROM student WHERE id = ANY($1::uuid[])', [studentIds]);
      for (const rec of page) {
        const studentId = users.get(rec.data.userSourcedId)?.entityId;
        const schoolId = orgs.get(rec.data.schoolSourcedId)?.entityId;
        if (!users.has(rec.data.userSourcedId)) {
          await refuse(job, 'Enrollment', rec, 'userSourcedId', `Unknown user ${rec.data.userSourcedId}: not in users.csv, now or from an earlier import`);
          continue;
        }
        if (!studentId) {
          // The student was rejected (or never sent) in the students phase, which reported why.
          job.tally.add('Enrollment', 'skipped');
          continue;
        }
        if (!schoolId) {
          await refuse(job, 'Enrollment', rec, 'schoolSourcedId', `Unknown or rejected school ${rec.data.schoolSourcedId}`);
          continue;
        }
        const mine = enrollments.filter((e) => e.student_id === studentId);
        const open = mine.find((e) => e.exit_date === null);
        if (rec.status === 'tobedeleted') {
          if (!open || open.school_id !== schoolId) {
            job.tally.add('Enrollment', 'unchanged');
            continue;
          }
          const ended = await attempt(job, 'Enrollment', rec, { exitDate: 'dateLastModified' }, () =>
            enrollmentService.end(ctx, { id: toGlobalId('Enrollment', open.id), exitDate: later(rec.data.exitDate ?? job.ctx.today, open.entry_date), exitReason: 'Left (roster: tobedeleted)' }),
          );
          if (ended) {
            job.tally.add('Enrollment', 'updated');
            await mapRecord(em, 'schoolEnrollment', rec.sourceId, 'Enrollment', open.id);
          }
          continue;
        }
        if (open) {
          if (open.school_id === schoolId) {
            job.tally.add('Enrollment', 'unchanged');
            await mapRecord(em, 'schoolEnrollment', rec.sourceId, 'Enrollment', open.id);
          } else {
            await refuse(job, 'Enrollment', rec, 'schoolSourcedId', `The student is still enrolled at another school (from ${open.entry_date}); its enrollments must end first`);
          }
          continue;
        }
        const lastExit = mine.reduce<string | null>((max, e) => (e.exit_date && (!max || e.exit_date > max) ? e.exit_date : max), null);
        const entryDate = lastExit && rec.data.entryDate <= lastExit ? addDays(lastExit, 1) : rec.data.entryDate;
        const grade = students.find((s) => s.id === studentId)!.grade_level;
        const created = await attempt(job, 'Enrollment', rec, { entryDate: 'beginDate', gradeLevel: 'grades', schoolId: 'schoolSourcedId' }, () =>
          enrollmentService.create(ctx, { studentId: toGlobalId('Student', studentId), schoolId: toGlobalId('School', schoolId), gradeLevel: gradeFromNumber(grade), entryDate }),
        );
        if (created) {
          job.tally.add('Enrollment', 'created');
          await mapRecord(em, 'schoolEnrollment', rec.sourceId, 'Enrollment', created.enrollment.id);
        }
      }
    }, `r.status = '${status}'`);
  }
}

// ---------------------------------------------------------------------------------------------
// Caseloads
// ---------------------------------------------------------------------------------------------

/**
 * Teachers' caseloads from classes: a teacher and a student enrolled (both active) in the same
 * class make a HOMEROOM assignment for a homeroom class, SECTION otherwise. The import manages
 * only the assignments it made (kept as 'caseload' records): it ends them when no shared class is
 * left, and never touches assignments made in the app.
 */
export async function applyCaseloads(job: ImportJob): Promise<void> {
  const kindSql = (alias: string) => `CASE WHEN ${alias}.data->>'classType' = 'homeroom' THEN 'HOMEROOM' ELSE 'SECTION' END`;
  await derive(job,
    withToday(`WITH touched AS (
       SELECT DISTINCT r.data->>'classSourcedId' AS cls
         FROM import_source_record r JOIN import_run_key k ON k.run_id = $1 AND k.key = 'enrollment:' || r.source_id
        WHERE r.source_system = $2 AND r.source_type = 'enrollment'),
     members AS (
       SELECT e.data->>'classSourcedId' AS cls, e.data->>'userSourcedId' AS usr, e.data->>'role' AS role,
              e.status = 'active' AND COALESCE(c.status, 'active') = 'active' AS active, e.data->>'beginDate' AS begin, ${kindSql('c')} AS kind,
              e.source_file AS file, e.source_line AS line
         FROM import_source_record e
         LEFT JOIN import_source_record c ON c.source_system = e.source_system AND c.source_type = 'class' AND c.source_id = e.data->>'classSourcedId'
        WHERE e.source_system = $2 AND e.source_type = 'enrollment'),
     pairs AS (
       -- Every teacher-student pair over all classes (one join), kept when one of its classes came in this run.
       SELECT t.usr AS teacher, s.usr AS student, t.kind,
              bool_or(t.active AND s.active) AS active,
              max(CASE WHEN t.active AND s.active THEN GREATEST(t.begin, s.begin, $today) END) AS start,
              min(s.file) AS file, min(s.line) AS line,
              bool_or(t.cls IN (SELECT cls FROM touched)) AS touched
         FROM members t JOIN members s ON s.cls = t.cls
        WHERE t.role = 'teacher' AND s.role = 'student'
        GROUP BY t.usr, s.usr, t.kind),
     upserted AS (
       INSERT INTO import_source_record (source_system, source_type, source_id, status, data, source_file, source_line, updated_at)
       SELECT $2, 'caseload', teacher || '|' || student || '|' || kind, CASE WHEN active THEN 'active' ELSE 'tobedeleted' END,
              jsonb_build_object('teacher', teacher, 'student', student, 'kind', kind, 'startDate', start), file, line, now()
         FROM pairs WHERE touched
       ON CONFLICT (source_system, source_type, source_id) DO UPDATE
          SET status = EXCLUDED.status, data = EXCLUDED.data, source_file = EXCLUDED.source_file, source_line = EXCLUDED.source_line, updated_at = now()
       RETURNING source_id)
     INSERT INTO import_run_key (run_id, key, line) SELECT $1, 'caseload:' || source_id, 0 FROM upserted
     ON CONFLICT (run_id, key) DO NOTHING`, 3),
    [job.runId, SYSTEM, job.ctx.today],
  );
  await refreshStatistics(job);
  await forEachSeenPage<Data>(job, 'caseload', async (em, page) => {
    const ctx = boundToTransaction(job.ctx, em);
    const users = await recordsById(em, 'user', page.flatMap((r) => [r.data.teacher, r.data.student]));
    const mapped: { id: string; end_date: string | null; start_date: string }[] = await em.query(
      'SELECT id, end_date, start_date FROM caseload_assignment WHERE id = ANY($1::uuid[])',
      [page.map((r) => r.entityId).filter(Boolean)],
    );
    for (const rec of page) {
      const staffId = users.get(rec.data.teacher)?.entityId;
      const studentId = users.get(rec.data.student)?.entityId;
      const mine = mapped.find((m) => m.id === rec.entityId && m.end_date === null);
      if (rec.status === 'tobedeleted') {
        if (!mine) {
          job.tally.add('CaseloadAssignment', 'unchanged');
          continue;
        }
        const ended = await attempt(job, 'CaseloadAssignment', rec, { endDate: 'endDate' }, () =>
          caseloadService.end(ctx, { id: toGlobalId('CaseloadAssignment', mine.id), endDate: later(job.ctx.today, mine.start_date) }),
        );
        if (ended) job.tally.add('CaseloadAssignment', 'updated');
        continue;
      }
      if (!staffId || !studentId) {
        job.tally.add('CaseloadAssignment', 'skipped');
        continue;
      }
      if (mine) {
        job.tally.add('CaseloadAssignment', 'unchanged');
        continue;
      }
      const [open]: { id: string }[] = await em.query(
        'SELECT id FROM caseload_assignment WHERE staff_user_id = $1 AND student_id = $2 AND kind = $3 AND end_date IS NULL',
        [staffId, studentId, rec.data.kind],
      );
      if (open) {
        // Made in the app: left to the app, and not adopted (the import never ends it).
        job.tally.add('CaseloadAssignment', 'unchanged');
        continue;
      }
      const created = await attempt(job, 'CaseloadAssignment', rec, { staffUserId: 'userSourcedId', studentId: 'userSourcedId', startDate: 'beginDate' }, () =>
        caseloadService.assign(ctx, {
          staffUserId: toGlobalId('StaffUser', staffId),
          studentId: toGlobalId('Student', studentId),
          kind: rec.data.kind as CaseloadKind,
          startDate: rec.data.startDate ?? job.ctx.today,
        }),
      );
      if (created) {
        job.tally.add('CaseloadAssignment', 'created');
        await mapRecord(em, 'caseload', rec.sourceId, 'CaseloadAssignment', created.caseloadAssignment.id);
      }
    }
  });
}

