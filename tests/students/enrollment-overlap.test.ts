import { EnrollmentEntity } from '../../src/modules/students/student.entity';
import { factories } from '../support/factories';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

/**
 * The database holds the rule EnrollmentService checks (a student is enrolled at one school on any
 * day, both ends of an enrollment inclusive), so that no writer, SQL by hand included, can break
 * what the roster page and the indicators' roster count on.
 */
describe('enrollments of a student never overlap, in the database', () => {
  let db: TestDatabase;
  let schools: { id: string }[];
  let studentId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const f = factories(db.ds);
    schools = [await f.school(), await f.school()];
    studentId = (await f.student(null)).id;
  });
  afterAll(() => db.drop());

  const enroll = (schoolIndex: number, entryDate: string, exitDate: string | null) =>
    db.ds.getRepository(EnrollmentEntity).insert({ studentId, schoolId: schools[schoolIndex].id, gradeLevel: 4, entryDate, exitDate });
  const overlapRefused = (promise: Promise<unknown>) =>
    expect(promise).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23P01', constraint: 'enrollment_no_overlap' }) });

  it('takes consecutive enrollments and refuses any that share a day', async () => {
    await enroll(0, '2026-08-26', '2026-10-30');
    await enroll(1, '2026-11-02', null);
    // Sharing the first enrollment's last day, inside it, spanning it, or after an open one.
    await overlapRefused(enroll(1, '2026-10-30', '2026-10-31'));
    await overlapRefused(enroll(1, '2026-09-01', '2026-09-02'));
    await overlapRefused(enroll(1, '2026-08-01', '2026-11-01'));
    await overlapRefused(enroll(0, '2027-03-01', null));
    // Extending a closed enrollment into the next is refused too, and nothing was lost.
    await expect(
      db.ds.query(`UPDATE enrollment SET exit_date = '2026-11-05' WHERE student_id = $1 AND exit_date = '2026-10-30'`, [studentId]),
    ).rejects.toMatchObject({ code: '23P01' });
    const rows = await db.ds.query(`SELECT entry_date::text, exit_date::text FROM enrollment WHERE student_id = $1 ORDER BY entry_date`, [studentId]);
    expect(rows).toEqual([
      { entry_date: '2026-08-26', exit_date: '2026-10-30' },
      { entry_date: '2026-11-02', exit_date: null },
    ]);
  });
});
