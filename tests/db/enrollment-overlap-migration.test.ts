import { factories } from '../support/factories';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

/**
 * Migration 1795801900000 adds the rule that a student's enrollments never overlap. On a database
 * whose enrollments already break it, it stops with the students and the spans to correct, changes
 * nothing, and applies once they are corrected.
 */
describe('the enrollment no-overlap migration on data that breaks the rule', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('names the overlapping enrollments, keeps them, and applies once they are corrected', async () => {
    await db.ds.undoLastMigration({ transaction: 'each' });
    const f = factories(db.ds);
    const [first, second] = [await f.school(), await f.school()];
    const student = await f.student(first, { localId: 'OVERLAP1' });
    await db.ds.query(
      `INSERT INTO enrollment (student_id, school_id, grade_level, entry_date, exit_date) VALUES ($1, $2, 4, '2026-10-01', NULL)`,
      [student.id, second.id],
    );

    await expect(db.ds.runMigrations({ transaction: 'each' })).rejects.toThrow(
      /enrollment_no_overlap: .*student OVERLAP1 \([0-9a-f-]{36}\): 2026-08-26\.\. and 2026-10-01\.\./,
    );
    expect(await db.ds.query(`SELECT count(*)::int AS n FROM enrollment WHERE student_id = $1`, [student.id])).toEqual([{ n: 2 }]);
    expect(await db.ds.query(`SELECT 1 FROM pg_constraint WHERE conname = 'enrollment_no_overlap' AND connamespace = $1::regnamespace`, [db.schema])).toEqual([]);

    await db.ds.query(`UPDATE enrollment SET exit_date = '2026-09-30' WHERE student_id = $1 AND school_id = $2`, [student.id, first.id]);
    expect((await db.ds.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual(['EnrollmentNoOverlap1795801900000']);
    await expect(
      db.ds.query(`INSERT INTO enrollment (student_id, school_id, grade_level, entry_date) VALUES ($1, $2, 4, '2026-09-15')`, [student.id, second.id]),
    ).rejects.toMatchObject({ code: '23P01' });
  });
});
