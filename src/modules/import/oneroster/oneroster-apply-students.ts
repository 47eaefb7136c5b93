import type { EntityManager } from 'typeorm';
import { addDays } from '../../../common/dates';
import { gradeFromNumber } from '../../../common/grade-level';
import { toGlobalId } from '../../../common/graphql/global-id';
import type { ViewerContext } from '../../../context';
import { enrollmentService } from '../../students/enrollment.service';
import type { StudentUpdateInput } from '../../students/student.inputs';
import { studentService } from '../../students/student.service';
import { Gender, RaceEthnicity } from '../../students/student-demographics';
import { boundToTransaction } from '../batch-context';
import type { ImportJob } from '../import-job';
import { ENTRY_SQL, attempt, derive, later, refuse, withToday, type Data } from './oneroster-apply-shared';
import { RACE_COLUMNS, gradeFromCeds, genderFromOneRoster, raceEthnicityFromOneRoster, studentLocalId } from './oneroster-mapping';
import { SYSTEM, forEachSeenPage, mapRecord, recordsById, refreshStatistics, type SourceRecord } from './oneroster-records';

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
