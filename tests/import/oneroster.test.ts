import { mkdtempSync, createWriteStream, readdirSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import { StaffRole } from '../../src/common/auth/roles';
import type { ViewerContext } from '../../src/context';
import { ImportKind } from '../../src/modules/import/import-kind';
import { importRunService } from '../../src/modules/import/import-run.service';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { adminContext, count, fixture } from './support';

async function zipFolder(folder: string): Promise<string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'oneroster-')), 'export.zip');
  const zip = new yazl.ZipFile();
  for (const name of readdirSync(folder)) zip.addFile(path.join(folder, name), name);
  zip.end();
  const out = createWriteStream(file);
  zip.outputStream.pipe(out);
  await once(out, 'finish');
  return file;
}

const entities = (summary: { entities: { entity: string }[] }) => Object.fromEntries(summary.entities.map(({ entity, ...counts }) => [entity, counts]));

describe('OneRoster 1.1 CSV import', () => {
  let app: TestApp;
  let ctx: ViewerContext;

  beforeAll(async () => {
    app = await startTestApp();
    ctx = await adminContext(app.ds, (await factories(app.ds).staff(StaffRole.DISTRICT_ADMIN)).id);
  });
  afterAll(() => app.close());

  it('refuses an export whose users.csv lacks a column, and writes nothing', async () => {
    const result = await importRunService.run(ctx, ImportKind.ONEROSTER, fixture('oneroster', 'missing-column'));
    expect(result.status).toBe('REFUSED');
    expect(result.message).toMatch(/^users\.csv: missing column "role"/);
    for (const table of ['school', 'school_year', 'student', 'import_source_record']) {
      expect(await count(app.ds, `SELECT count(*) FROM ${table}`)).toBe(0);
    }
    expect(await count(app.ds, `SELECT count(*) FROM staff_user`)).toBe(1);
  });

  it('refuses a folder without manifest.csv', async () => {
    const result = await importRunService.run(ctx, ImportKind.ONEROSTER, fixture('screening'));
    expect(result).toMatchObject({ status: 'REFUSED', message: expect.stringContaining('manifest.csv: is missing') });
  });

  it('imports a bulk export: calendar, schools, staff, students with demographics, enrollments and caseloads', async () => {
    const result = await importRunService.run(ctx, ImportKind.ONEROSTER, fixture('oneroster', 'bulk'));
    expect(result.status).toBe('SUCCEEDED');
    expect(entities(result.summary)).toMatchObject({
      SchoolYear: { created: 1, rejected: 0 },
      Org: { skipped: 1 },
      School: { created: 2, rejected: 0 },
      StaffUser: { created: 5, rejected: 1 },
      User: { skipped: 1 },
      Student: { created: 3, rejected: 1 },
      Enrollment: { unchanged: 3, rejected: 1, skipped: 1 },
      CaseloadAssignment: { created: 4, skipped: 2 },
      'demographics.csv': { rejected: 1 },
      'enrollments.csv': { rejected: 2 },
    });
    const rejected = result.rejects.kept.map((r) => `${r.file}:${r.row}:${r.column}: ${r.reason}`);
    expect(rejected).toEqual(expect.arrayContaining([
      'demographics.csv:5:birthDate: "2017-02-30" is not a date (YYYY-MM-DD)',
      'enrollments.csv:8:sourcedId: Duplicate: the same sourcedId as row 7',
      'enrollments.csv:12:beginDate: "08/24/2026" is not a date (YYYY-MM-DD)',
      'users.csv:7:orgSourcedIds: An administrator needs a school org; district roles are granted in the app',
      'users.csv:12:birthDate: A new student needs a birth date (demographics.csv)',
      'enrollments.csv:11:userSourcedId: Unknown user u-ghost: not in users.csv, now or from an earlier import',
    ]));

    const [year] = await app.ds.query(`SELECT id, name, start_date, end_date FROM school_year`);
    expect(year).toMatchObject({ name: '2026-2027', start_date: '2026-08-24', end_date: '2027-06-11' });
    expect(await app.ds.query(`SELECT name, start_date, end_date FROM term ORDER BY start_date`)).toEqual([
      { name: 'Fall Semester', start_date: '2026-08-24', end_date: '2027-01-22' },
      { name: 'Spring Semester', start_date: '2027-01-25', end_date: '2027-06-11' },
    ]);
    // Only session dates are known: every weekday of the year is instructional until the district removes closures.
    expect(await count(app.ds, `SELECT count(*) FROM instructional_day`)).toBe(210);
    expect(await app.ds.query(`SELECT code, name, level, lowest_grade, highest_grade FROM school ORDER BY code`)).toEqual([
      { code: 'E101', name: 'Elmwood Elementary School', level: 'OTHER', lowest_grade: -1, highest_grade: 12 },
      { code: 'M201', name: 'Oakridge Middle School', level: 'OTHER', lowest_grade: -1, highest_grade: 12 },
    ]);
    const staff = await app.ds.query(
      `SELECT u.email, u.role, array_agg(s.code ORDER BY s.code) AS schools FROM staff_user u
         JOIN school_membership m ON m.staff_user_id = u.id JOIN school s ON s.id = m.school_id GROUP BY u.email, u.role ORDER BY u.email`,
    );
    expect(staff).toEqual([
      { email: 'lark.thistlewood@mvps.test', role: 'INTERVENTIONIST', schools: ['E101'] },
      { email: 'odessa.fenwick@mvps.test', role: 'TEACHER', schools: ['M201'] },
      { email: 'perpetua.marchbank@mvps.test', role: 'SCHOOL_ADMIN', schools: ['E101'] },
      { email: 'rowan.brackenridge@mvps.test', role: 'TEACHER', schools: ['E101'] },
      { email: 'tamsin.quillfeather@mvps.test', role: 'TEACHER', schools: ['E101'] },
    ]);
    const students = await app.ds.query(
      `SELECT s.local_id, s.given_name, s.birth_date, s.grade_level, s.gender, s.race_ethnicity, s.english_learner, s.student_with_disability,
              s.free_reduced_meals, sc.code AS school, e.entry_date
         FROM student s JOIN enrollment e ON e.student_id = s.id JOIN school sc ON sc.id = e.school_id ORDER BY s.local_id`,
    );
    expect(students).toEqual([
      { local_id: 'MV1001', given_name: 'Juniper', birth_date: '2017-03-14', grade_level: 3, gender: 'FEMALE', race_ethnicity: 'HISPANIC_LATINO', english_learner: true, student_with_disability: false, free_reduced_meals: true, school: 'E101', entry_date: '2026-08-24' },
      { local_id: 'MV1002', given_name: 'Caspian', birth_date: '2017-07-02', grade_level: 3, gender: 'MALE', race_ethnicity: 'TWO_OR_MORE', english_learner: false, student_with_disability: true, free_reduced_meals: false, school: 'E101', entry_date: '2026-08-24' },
      { local_id: 'MV1003', given_name: 'Marisol', birth_date: '2013-11-20', grade_level: 7, gender: 'FEMALE', race_ethnicity: 'BLACK_AFRICAN_AMERICAN', english_learner: false, student_with_disability: false, free_reduced_meals: false, school: 'M201', entry_date: '2026-08-24' },
    ]);
    const caseloads = await app.ds.query(
      `SELECT u.email, s.local_id, c.kind FROM caseload_assignment c JOIN staff_user u ON u.id = c.staff_user_id JOIN student s ON s.id = c.student_id
        WHERE c.end_date IS NULL ORDER BY u.email, s.local_id`,
    );
    expect(caseloads).toEqual([
      { email: 'odessa.fenwick@mvps.test', local_id: 'MV1003', kind: 'SECTION' },
      { email: 'rowan.brackenridge@mvps.test', local_id: 'MV1001', kind: 'SECTION' },
      { email: 'tamsin.quillfeather@mvps.test', local_id: 'MV1001', kind: 'HOMEROOM' },
      { email: 'tamsin.quillfeather@mvps.test', local_id: 'MV1002', kind: 'HOMEROOM' },
    ]);
    // Every write went through the services: audited under the admin who ran the import.
    const actions = await app.ds.query(`SELECT action, count(*)::int AS n FROM audit_event WHERE actor_id = $1 GROUP BY action ORDER BY action`, [ctx.viewer.userId]);
    expect(actions).toEqual(expect.arrayContaining([
      { action: 'student.create', n: 3 },
      { action: 'enrollment.create', n: 3 },
      { action: 'caseload.assign', n: 4 },
      { action: 'staff_user.create', n: 5 },
      { action: 'school.create', n: 2 },
      { action: 'school_year.create', n: 1 },
    ]));
  });

  it('changes nothing when the same export is imported again, from a zip', async () => {
    const audits = await count(app.ds, 'SELECT count(*) FROM audit_event');
    const result = await importRunService.run(ctx, ImportKind.ONEROSTER, await zipFolder(fixture('oneroster', 'bulk')));
    expect(result.status).toBe('SUCCEEDED');
    expect(result.summary).toMatchObject({ created: 0, updated: 0 });
    expect(entities(result.summary)).toMatchObject({
      SchoolYear: { unchanged: 1 },
      School: { unchanged: 2 },
      StaffUser: { unchanged: 5 },
      Student: { unchanged: 3 },
      Enrollment: { unchanged: 3 },
      CaseloadAssignment: { unchanged: 4 },
    });
    expect(await count(app.ds, 'SELECT count(*) FROM audit_event')).toBe(audits);
  });

  it('applies a delta: ends an enrollment and its caseload, deactivates staff, updates a student', async () => {
    const result = await importRunService.run(ctx, ImportKind.ONEROSTER, fixture('oneroster', 'delta'));
    expect(result.status).toBe('SUCCEEDED');
    expect(result.rejects.kept).toEqual([]);
    expect(entities(result.summary)).toMatchObject({
      StaffUser: { updated: 1 },
      Student: { updated: 1, unchanged: 1 },
      Enrollment: { updated: 1 },
      CaseloadAssignment: { updated: 1 },
    });
    const [ended] = await app.ds.query(
      `SELECT e.exit_date, e.exit_reason FROM enrollment e JOIN student s ON s.id = e.student_id WHERE s.local_id = 'MV1002'`,
    );
    expect(ended).toEqual({ exit_date: '2026-10-09', exit_reason: 'Left (roster: tobedeleted)' });
    const [caseload] = await app.ds.query(
      `SELECT c.end_date FROM caseload_assignment c JOIN student s ON s.id = c.student_id WHERE s.local_id = 'MV1002'`,
    );
    expect(caseload.end_date).not.toBeNull();
    expect(await app.ds.query(`SELECT active FROM staff_user WHERE email = 'rowan.brackenridge@mvps.test'`)).toEqual([{ active: false }]);
    expect(await app.ds.query(`SELECT family_name FROM student WHERE local_id = 'MV1003'`)).toEqual([{ family_name: 'Quennell-Ives' }]);
    // The student is never deleted by a roster file.
    expect(await count(app.ds, `SELECT count(*) FROM student WHERE deleted_at IS NOT NULL`)).toBe(0);
    expect(await count(app.ds, `SELECT count(*) FROM audit_event WHERE action = 'enrollment.end'`)).toBe(1);
  });

  it('treats an enrollment missing from a later bulk file as ended, and re-enrolls a student the file lists again', async () => {
    const result = await importRunService.run(ctx, ImportKind.ONEROSTER, fixture('oneroster', 'bulk-later'));
    expect(result.status).toBe('SUCCEEDED');
    expect(entities(result.summary)).toMatchObject({
      StaffUser: { updated: 1 },
      Student: { updated: 1 },
      Enrollment: { created: 1, updated: 1 },
      CaseloadAssignment: { created: 1, updated: 1 },
    });
    const enrollments = await app.ds.query(
      `SELECT s.local_id, e.entry_date, e.exit_date FROM enrollment e JOIN student s ON s.id = e.student_id
        WHERE s.local_id IN ('MV1002', 'MV1003') ORDER BY s.local_id, e.entry_date`,
    );
    expect(enrollments).toEqual([
      { local_id: 'MV1002', entry_date: '2026-08-24', exit_date: '2026-10-09' },
      { local_id: 'MV1002', entry_date: '2026-10-10', exit_date: null },
      { local_id: 'MV1003', entry_date: '2026-08-24', exit_date: '2026-10-15' },
    ]);
    expect(await app.ds.query(`SELECT active FROM staff_user WHERE email = 'rowan.brackenridge@mvps.test'`)).toEqual([{ active: true }]);
    const open = await app.ds.query(
      `SELECT s.local_id, c.kind FROM caseload_assignment c JOIN student s ON s.id = c.student_id WHERE c.end_date IS NULL ORDER BY 1, 2`,
    );
    expect(open).toEqual([
      { local_id: 'MV1001', kind: 'HOMEROOM' },
      { local_id: 'MV1001', kind: 'SECTION' },
      { local_id: 'MV1002', kind: 'HOMEROOM' },
    ]);
  });
});
