import { EnrollmentEntity } from '../../src/modules/students/student.entity';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';

const pairsOf = (app: TestApp, studentId: string) =>
  app.ds.query(`SELECT school_id AS "schoolId" FROM student_school WHERE student_id = $1 ORDER BY school_id`, [studentId]);

/**
 * student_school holds every (student, school) pair an enrollment has joined, kept by enrollment's
 * triggers; attendance days reference it, so a day can only be stored for a school the student has
 * been enrolled at (migration 1795801700000).
 */
describe('student_school: the pairs attendance days may be recorded under', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('gains the pair of each enrollment inserted or moved, and keeps the pairs it had', async () => {
    const f = factories(app.ds);
    const [first, second] = [await f.school(), await f.school()];
    const student = await f.student(first, {}, { exitDate: '2026-12-18' });
    expect(await pairsOf(app, student.id)).toEqual([{ schoolId: first.id }]);

    // A second enrollment at the same school (after the first: they never overlap) adds nothing; moving one to another school adds that pair.
    await app.ds.manager.insert(EnrollmentEntity, { studentId: student.id, schoolId: first.id, gradeLevel: 4, entryDate: '2027-01-04', exitDate: null });
    await app.ds.query(`UPDATE enrollment SET school_id = $1 WHERE student_id = $2 AND entry_date = '2027-01-04'`, [second.id, student.id]);
    expect(await pairsOf(app, student.id)).toEqual([first.id, second.id].sort().map((schoolId) => ({ schoolId })));

    // The pair stays when the enrollment that brought it goes: days recorded under it remain valid.
    await app.ds.query(`DELETE FROM enrollment WHERE student_id = $1 AND school_id = $2`, [student.id, second.id]);
    expect(await pairsOf(app, student.id)).toHaveLength(2);
  });

  it('takes many enrollments of one statement, each pair once', async () => {
    const f = factories(app.ds);
    const school = await f.school();
    const [a, b] = [await f.student(null), await f.student(null)];
    await app.ds.query(
      `INSERT INTO enrollment (student_id, school_id, grade_level, entry_date, exit_date)
       VALUES ($1, $3, 4, '2026-08-26', '2026-10-01'), ($1, $3, 4, '2026-11-02', NULL), ($2, $3, 4, '2026-08-26', NULL)`,
      [a.id, b.id, school.id],
    );
    expect(await pairsOf(app, a.id)).toEqual([{ schoolId: school.id }]);
    expect(await pairsOf(app, b.id)).toEqual([{ schoolId: school.id }]);
  });

  it("refuses, in the database, a day at a school the student was never enrolled at", async () => {
    const f = factories(app.ds);
    const [enrolled, elsewhere] = [await f.school(), await f.school()];
    const student = await f.student(enrolled);
    const insertDay = (schoolId: string) =>
      app.ds.query(`INSERT INTO attendance_day (student_id, calendar_date, school_id, category) VALUES ($1, '2026-09-14', $2, 'TARDY')`, [student.id, schoolId]);
    await expect(insertDay(elsewhere.id)).rejects.toThrow(/foreign key/);
    await insertDay(enrolled.id);
    expect(await app.ds.query(`SELECT school_id AS "schoolId" FROM attendance_day WHERE student_id = $1`, [student.id])).toEqual([{ schoolId: enrolled.id }]);
    // Nor can a day move to such a school, or its pair be removed while a day uses it.
    await expect(app.ds.query(`UPDATE attendance_day SET school_id = $1 WHERE student_id = $2`, [elsewhere.id, student.id])).rejects.toThrow(/foreign key/);
    await expect(app.ds.query(`DELETE FROM student_school WHERE student_id = $1`, [student.id])).rejects.toThrow(/foreign key/);
  });
});
