import { StaffRole } from '../../src/common/auth/roles';
import { seedDistrict } from '../../seeds/generate';
import { seedTutoring } from '../../seeds/tutoring';
import type { ViewerContext } from '../../src/context';
import { tutoringDosageService } from '../../src/modules/tutoring/tutoring-dosage.service';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

const fingerprint = async (db: TestDatabase) => {
  const [row] = await db.ds.query(`
    SELECT (SELECT md5(string_agg(id::text || name || subjects::text || start_date || end_date, ',' ORDER BY id)) FROM tutoring_program) AS programs,
           (SELECT md5(string_agg(id::text || name || days_of_week::text || minutes || capacity, ',' ORDER BY id)) FROM tutoring_group) AS groups,
           (SELECT md5(string_agg(id::text || student_id || start_date || coalesce(end_date::text, ''), ',' ORDER BY id)) FROM tutoring_assignment) AS assignments,
           (SELECT md5(string_agg(id::text || session_date || status || coalesce(minutes::text, ''), ',' ORDER BY id)) FROM tutoring_session) AS sessions,
           (SELECT md5(string_agg(session_id::text || student_id || present, ',' ORDER BY id)) FROM tutoring_attendance) AS attendance`);
  return row;
};

describe('the tutoring seed', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  const seedInto = async (db: TestDatabase, seed: string) => {
    if (db.onPglite) await db.ds.query(`SET search_path TO ${db.schema}`);
    const summary = await db.ds.transaction(async (em) => {
      await seedDistrict(em, { students: 1200, seed, schoolYearStartYear: 2026 });
      return seedTutoring(em, { seed, asOf: '2026-10-15' });
    });
    return { summary, print: await fingerprint(db) };
  };

  it('gives the same programs, groups and sessions for the same seed, keeping every tutoring rule', async () => {
    const [a, b] = [await createTestDatabase(), await createTestDatabase()];
    dbs.push(a, b);
    const first = await seedInto(a, 'fixed');
    const again = await seedInto(b, 'fixed');
    expect(again).toEqual(first);
    expect(first.summary.programs).toBeGreaterThanOrEqual(3);
    expect(first.summary.groups).toBeGreaterThan(10);
    expect(first.summary.assignments).toBeGreaterThan(30);
    expect(first.summary.sessions).toBeGreaterThan(100);

    if (a.onPglite) await a.ds.query(`SET search_path TO ${a.schema}`);
    // No student in two groups of a program at once; no group over capacity on any day; every
    // attendance row inside its assignment; nothing after asOf.
    const [broken] = await a.ds.query(`
      SELECT (SELECT count(*)::int FROM tutoring_assignment x JOIN tutoring_group gx ON gx.id = x.group_id
                JOIN tutoring_assignment y ON y.student_id = x.student_id AND y.id > x.id
                JOIN tutoring_group gy ON gy.id = y.group_id AND gy.program_id = gx.program_id
               WHERE x.start_date <= coalesce(y.end_date, 'infinity') AND y.start_date <= coalesce(x.end_date, 'infinity')) AS overlapping,
             (SELECT count(*)::int FROM (
                SELECT s.id FROM tutoring_session s JOIN tutoring_group g ON g.id = s.group_id
                  JOIN tutoring_attendance att ON att.session_id = s.id GROUP BY s.id, g.capacity HAVING count(*) > g.capacity) over) AS over_capacity,
             (SELECT count(*)::int FROM tutoring_attendance att JOIN tutoring_session s ON s.id = att.session_id
                JOIN tutoring_assignment x ON x.id = att.assignment_id
               WHERE s.session_date < x.start_date OR s.session_date > coalesce(x.end_date, 'infinity')) AS outside,
             (SELECT count(*)::int FROM tutoring_session WHERE session_date > '2026-10-15') AS future`);
    expect(broken).toEqual({ overlapping: 0, over_capacity: 0, outside: 0, future: 0 });
    const [{ partner, short }] = await a.ds.query(`
      SELECT count(*) FILTER (WHERE provider = 'PARTNER')::int AS partner,
             count(*) FILTER (WHERE end_date - start_date < 70)::int AS short FROM tutoring_program`);
    expect(partner).toBeGreaterThanOrEqual(1);
    expect(short).toBeGreaterThanOrEqual(1);
  });

  it('under-doses some students on purpose, and doses most well', async () => {
    const [db] = dbs;
    if (db.onPglite) await db.ds.query(`SET search_path TO ${db.schema}`);
    const [admin] = await db.ds.query(`SELECT id FROM staff_user WHERE role = 'DISTRICT_ADMIN' ORDER BY email LIMIT 1`);
    const ctx = { db: db.ds, today: '2026-10-15', viewer: { userId: admin.id, email: '', role: StaffRole.DISTRICT_ADMIN, schoolIds: [] } } as unknown as ViewerContext;
    const [{ ids }] = await db.ds.query(`SELECT array_agg(id) AS ids FROM tutoring_program`);
    const dosage = await tutoringDosageService.dosage(ctx, db.ds.manager, { programIds: ids }, '2026-09-18', '2026-10-15');
    const judged = dosage.filter((d) => d.meetsTarget !== null);
    const below = judged.filter((d) => d.meetsTarget === false);
    expect(judged.length).toBeGreaterThan(20);
    expect(below.length).toBeGreaterThan(judged.length * 0.1);
    expect(below.length).toBeLessThan(judged.length * 0.9);
    expect(dosage.some((d) => d.consistency !== null && d.consistency < 1)).toBe(true);
  });
});
