import { parseSeedArgs } from '../../seeds/cli';
import { DEMO_USERS } from '../../seeds/demo-users';
import { seedDemoDistrict } from '../../seeds/district';
import { currentSchoolYearStart, seedDistrict } from '../../seeds/generate';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

const fingerprint = async (db: TestDatabase) => {
  const [row] = await db.ds.query(`
    SELECT (SELECT md5(string_agg(id::text || local_id || given_name || family_name || birth_date || grade_level, ',' ORDER BY id)) FROM student) AS students,
           (SELECT md5(string_agg(student_id::text || school_id || entry_date || coalesce(exit_date::text, ''), ',' ORDER BY id)) FROM enrollment) AS enrollments,
           (SELECT md5(string_agg(email || role, ',' ORDER BY id)) FROM staff_user) AS staff`);
  return row;
};

describe('the demo district generator', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it('gives the same district for the same seed, and a realistic one', async () => {
    const [a, b, c] = [await createTestDatabase(), await createTestDatabase(), await createTestDatabase()];
    dbs.push(a, b, c);
    const options = { students: 600, seed: 'fixed', schoolYearStartYear: 2026 };
    // PGlite shares one session between connections: point it at each schema in turn.
    const seedInto = async (db: TestDatabase, seed: string) => {
      if (db.onPglite) await db.ds.query(`SET search_path TO ${db.schema}`);
      const summary = await db.ds.transaction((em) => seedDistrict(em, { ...options, seed }));
      return { summary, print: await fingerprint(db) };
    };
    const first = await seedInto(a, 'fixed');
    const again = await seedInto(b, 'fixed');
    const other = await seedInto(c, 'another');
    expect(again.print).toEqual(first.print);
    expect(other.print.students).not.toEqual(first.print.students);

    expect(first.summary).toMatchObject({ students: 600, schools: 6, schoolYear: '2026-2027' });
    expect(first.summary.instructionalDays).toBeGreaterThanOrEqual(175);
    expect(first.summary.instructionalDays).toBeLessThanOrEqual(185);
    if (a.onPglite) await a.ds.query(`SET search_path TO ${a.schema}`);
    // Every demo sign-in user exists with its role; every enrollment is at a school serving the grade.
    const demo = await a.ds.query(`SELECT email, role FROM staff_user WHERE email LIKE '%@demo.tiered.test'`);
    expect(demo).toHaveLength(Object.keys(DEMO_USERS).length);
    const [{ misplaced }] = await a.ds.query(`
      SELECT count(*)::int AS misplaced FROM enrollment e JOIN school s ON s.id = e.school_id
       WHERE e.grade_level NOT BETWEEN s.lowest_grade AND s.highest_grade`);
    expect(misplaced).toBe(0);
    const [{ overlapping }] = await a.ds.query(`
      SELECT count(*)::int AS overlapping FROM enrollment x JOIN enrollment y
        ON x.student_id = y.student_id AND x.id < y.id
       AND x.entry_date <= coalesce(y.exit_date, 'infinity') AND y.entry_date <= coalesce(x.exit_date, 'infinity')`);
    expect(overlapping).toBe(0);
  });

  it('parses its command line and refuses what it does not understand', () => {
    expect(parseSeedArgs(['--students', '20874', '--seed=s1', '--year', '2025'], '2026-10-01')).toEqual({
      students: 20874, seed: 's1', schoolYearStartYear: 2025,
    });
    expect(parseSeedArgs([], '2027-03-01').schoolYearStartYear).toBe(2026);
    expect(() => parseSeedArgs(['--students', 'many'], '2026-10-01')).toThrow(/--students must be a whole number/);
    expect(() => parseSeedArgs(['--schools', '3'], '2026-10-01')).toThrow(/unknown argument/);
    expect(currentSchoolYearStart('2026-08-30')).toBe(2026);
    expect(currentSchoolYearStart('2026-07-30')).toBe(2025);
  });
});

describe('the MTSS records of the demo district', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.ds.transaction((em) => seedDemoDistrict(em, { students: 1500, seed: 'mtss', schoolYearStartYear: 2026, asOf: '2026-11-20' }));
  });
  afterAll(() => db.drop());

  it('shapes the tiers like an MTSS triangle, with placements following screening and gaps left on purpose', async () => {
    if (db.onPglite) await db.ds.query(`SET search_path TO ${db.schema}`);
    const [shares] = await db.ds.query(`
      WITH screened AS (SELECT student_id, percentile FROM screening_result WHERE domain = 'READING')
      SELECT avg((percentile < 10)::int)::float AS tier3, avg((percentile BETWEEN 10 AND 24)::int)::float AS tier2,
             (SELECT count(*) FROM screened s WHERE s.percentile < 25
                AND NOT EXISTS (SELECT 1 FROM tier_placement p WHERE p.student_id = s.student_id AND p.domain = 'READING'))::int AS unplaced
        FROM screened`);
    expect(shares.tier3).toBeGreaterThan(0.04);
    expect(shares.tier3).toBeLessThan(0.1);
    expect(shares.tier2).toBeGreaterThan(0.12);
    expect(shares.tier2).toBeLessThan(0.19);
    expect(shares.unplaced).toBeGreaterThan(0);
    const [{ open_twice }] = await db.ds.query(
      `SELECT count(*)::int AS open_twice FROM (SELECT 1 FROM tier_placement WHERE end_date IS NULL GROUP BY student_id, domain HAVING count(*) > 1) x`,
    );
    expect(open_twice).toBe(0);
    const [{ linked, meetings }] = await db.ds.query(
      `SELECT (SELECT count(*) FROM tier_placement WHERE team_meeting_id IS NOT NULL)::int AS linked, (SELECT count(*) FROM team_meeting)::int AS meetings`,
    );
    expect(linked).toBeGreaterThan(0);
    expect(meetings).toBeGreaterThan(0);
  });

  it('opens plans for most Tier 2/3 placements, logs sessions and progress, and leaves fidelity gaps', async () => {
    if (db.onPglite) await db.ds.query(`SET search_path TO ${db.schema}`);
    const [row] = await db.ds.query(`
      SELECT (SELECT count(*) FROM tier_placement p WHERE p.end_date IS NULL AND p.tier >= 2)::int AS placed,
             (SELECT count(*) FROM tier_placement p WHERE p.end_date IS NULL AND p.tier >= 2 AND NOT EXISTS (
                SELECT 1 FROM intervention_plan ip WHERE ip.student_id = p.student_id AND ip.domain = p.domain))::int AS without_plan,
             (SELECT count(*) FROM intervention_plan)::int AS plans,
             (SELECT count(*) FROM intervention_session)::int AS sessions,
             (SELECT avg(present::int)::float FROM intervention_session_attendance) AS present,
             (SELECT count(*) FROM progress_point)::int AS points,
             (SELECT count(*) FROM intervention_plan ip WHERE NOT EXISTS (SELECT 1 FROM progress_point pp WHERE pp.plan_id = ip.id))::int AS no_points`);
    expect(row.plans).toBeGreaterThan(row.placed * 0.7);
    expect(row.without_plan).toBeGreaterThan(0);
    expect(row.sessions).toBeGreaterThan(row.plans);
    expect(row.present).toBeGreaterThan(0.8);
    expect(row.present).toBeLessThan(0.95);
    expect(row.points).toBeGreaterThan(row.plans);
    expect(row.no_points).toBeGreaterThan(0);
  });
});
