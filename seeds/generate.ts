import type { EntityManager } from 'typeorm';
import { StaffRole } from '../src/common/auth/roles';
import { addDays, buildSchoolCalendar, isoDate, type SchoolCalendar } from './calendar';
import { DEMO_USERS } from './demo-users';
import {
  FAMILY_NAMES,
  FEMININE_GIVEN_NAMES,
  MASCULINE_GIVEN_NAMES,
  NEUTRAL_GIVEN_NAMES,
  SCHOOL_NAME_STEMS,
  SCHOOL_NAME_SUFFIXES,
} from './names';
import { Random } from './random';

/**
 * A deterministic synthetic school district: calendar, schools, staff (with the fixed demo
 * sign-in users), students, enrollments and caseloads. Everything is invented, and the same
 * options always produce the same rows, ids included, so demos, screenshots and bug reports
 * can be reproduced from `--seed`.
 */
export interface SeedOptions {
  students: number;
  seed: string | number;
  schoolYearStartYear: number;
}

export interface SeedSummary {
  schools: number;
  staff: number;
  students: number;
  enrollments: number;
  caseloadAssignments: number;
  instructionalDays: number;
  schoolYear: string;
  ms: number;
}

/** Below this the fixed staffing (counselors, tutors...) dwarfs the student body. */
export const MIN_STUDENTS = 100;

// District shape, loosely modelled on a mid-sized urban district such as Hartford, CT.
const STUDENTS_PER_SCHOOL = 520;
const MIN_SCHOOLS = 6;
/** Shares of schools by level; whatever is left over becomes OTHER (6-12). */
const SHARE_ELEMENTARY_OR_K8 = 0.55;
const SHARE_MIDDLE = 0.15;
const SHARE_HIGH = 0.25;
type SchoolLevel = 'ELEMENTARY' | 'MIDDLE' | 'K8' | 'HIGH' | 'OTHER';
const GRADE_SPAN: Record<SchoolLevel, [low: number, high: number]> = {
  ELEMENTARY: [-1, 5],
  K8: [-1, 8],
  MIDDLE: [6, 8],
  HIGH: [9, 12],
  OTHER: [6, 12],
};
/** Relative cohort sizes (PK = -1): pre-K is not universal, and high-school cohorts shrink. */
const GRADE_WEIGHTS: Record<string, number> = {
  '-1': 0.6, 0: 1, 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1.15, 10: 1, 11: 0.9, 12: 0.85,
};
/** Schools of one level still differ in size; each gets a factor in this range. */
const SCHOOL_SIZE_FACTOR: [number, number] = [0.75, 1.25];

/** Homerooms are single-grade, so each grade of each school gets round(n / 22) teachers (at least one). */
const STUDENTS_PER_TEACHER = 22;
/** The demo teacher's homeroom: a tested grade makes the MTSS screens more interesting. */
const DEMO_TEACHER_GRADE = 3;
const COUNSELORS_PER_SCHOOL: [number, number] = [1, 2];
const INTERVENTIONISTS_PER_SCHOOL: [number, number] = [1, 3];
const TUTORS_PER_SCHOOL: [number, number] = [1, 3];
const DISTRICT_STAFF: [StaffRole, number][] = [[StaffRole.DISTRICT_LEAD, 3], [StaffRole.DISTRICT_ADMIN, 2]];
const EXPLICIT_CASELOAD_SIZE: Partial<Record<StaffRole, [number, number]>> = {
  [StaffRole.INTERVENTIONIST]: [13, 17],
  [StaffRole.TUTOR]: [10, 14],
  [StaffRole.COUNSELOR]: [27, 33],
};

const RACE_WEIGHTS = {
  HISPANIC_LATINO: 54.5, BLACK_AFRICAN_AMERICAN: 28, WHITE: 10, ASIAN: 4, TWO_OR_MORE: 3,
  AMERICAN_INDIAN_ALASKA_NATIVE: 0.2, NATIVE_HAWAIIAN_PACIFIC_ISLANDER: 0.1, NOT_REPORTED: 0.2,
};
const GENDER_WEIGHTS = { FEMALE: 49, MALE: 49, NONBINARY: 1, NOT_REPORTED: 1 };
/** English learners concentrate among Latino and Asian newcomers; overall about 20%. */
const ENGLISH_LEARNER_RATE: Partial<Record<keyof typeof RACE_WEIGHTS, number>> = { HISPANIC_LATINO: 0.3, ASIAN: 0.3 };
const ENGLISH_LEARNER_RATE_OTHERS = 0.06;
const DISABILITY_RATE = 0.17;
const FREE_REDUCED_MEALS_RATE = 0.8;
/** Students a year older than their grade (retained or late start). */
const OVER_AGE_RATE = 0.04;
/** Share of students with a given name outside their gender's usual pool. */
const CROSS_POOL_NAME_RATE = 0.1;
const TRANSFER_RATE = 0.04;
const WITHDRAWAL_RATE = 0.01;
/** Moves happen this many days after the first day, so they are in the past in a current-year demo. */
const MOVE_WINDOW_DAYS: [number, number] = [30, 90];

const BATCH_ROWS = 5000;

interface School { id: string; code: string; name: string; level: SchoolLevel; low: number; high: number; sizeFactor: number }
interface Staff {
  id: string; email: string; givenName: string; familyName: string; role: StaffRole;
  school: number | null; /** Teachers: the grade of their homeroom. */ grade?: number;
}
interface Move { date: string; reason: 'Transferred' | 'Withdrawn'; toSchool?: number; entryDate?: string }
interface Student {
  id: string; localId: string; givenName: string; familyName: string; birthDate: string; grade: number;
  gender: string; race: string; englishLearner: boolean; disability: boolean; meals: boolean; school: number; move?: Move;
}

/**
 * Seeds one school year of a district into an empty schema, inside the caller's transaction
 * (raw SQL on unqualified tables, so the connection's search_path picks the schema). Rows go in
 * with one `INSERT ... SELECT FROM unnest(...)` per table and batch, which keeps 20k students to
 * a few seconds even on PGlite.
 */
export async function seedDistrict(em: EntityManager, options: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  if (!Number.isInteger(options.students) || options.students < MIN_STUDENTS) {
    throw new RangeError(`students must be a whole number of at least ${MIN_STUDENTS}`);
  }
  const rng = new Random(options.seed);
  const calendar = buildSchoolCalendar(options.schoolYearStartYear);
  const schools = planSchools(Math.max(MIN_SCHOOLS, Math.round(options.students / STUDENTS_PER_SCHOOL)), rng);
  const students = makeStudents(options.students, schools, calendar, rng);
  const staff = makeStaff(schools, students, rng);

  const yearId = rng.uuid();
  await insertRows(em, 'school_year', ['id:uuid', 'name', 'start_date:date', 'end_date:date'],
    [[yearId, calendar.name, calendar.start, calendar.end]]);
  await insertRows(em, 'term', ['id:uuid', 'school_year_id:uuid', 'name', 'start_date:date', 'end_date:date'], [
    [rng.uuid(), yearId, 'Semester 1', calendar.start, calendar.semesterOneEnd],
    [rng.uuid(), yearId, 'Semester 2', addDays(calendar.semesterOneEnd, 1), calendar.end],
  ]);
  await insertRows(em, 'instructional_day', ['calendar_date:date', 'school_year_id:uuid'], calendar.days.map((d) => [d, yearId]));
  await insertRows(em, 'school', ['id:uuid', 'code', 'name', 'level:school_level', 'lowest_grade:smallint', 'highest_grade:smallint'],
    schools.map((s) => [s.id, s.code, s.name, s.level, s.low, s.high]));
  await insertRows(em, 'staff_user', ['id:uuid', 'email', 'given_name', 'family_name', 'role:staff_role'],
    staff.map((u) => [u.id, u.email, u.givenName, u.familyName, u.role]));
  await insertRows(em, 'school_membership', ['id:uuid', 'staff_user_id:uuid', 'school_id:uuid', 'start_date:date'],
    staff.flatMap((u) => (u.school === null ? [] : [[rng.uuid(), u.id, schools[u.school].id, calendar.start]])));
  await insertRows(em, 'student', [
    'id:uuid', 'local_id', 'given_name', 'family_name', 'birth_date:date', 'grade_level:smallint', 'gender:gender',
    'race_ethnicity:race_ethnicity', 'english_learner:boolean', 'student_with_disability:boolean', 'free_reduced_meals:boolean',
  ], students.map((s) => [s.id, s.localId, s.givenName, s.familyName, s.birthDate, s.grade, s.gender, s.race,
    s.englishLearner, s.disability, s.meals]));
  const enrollments = await insertRows(em, 'enrollment',
    ['id:uuid', 'student_id:uuid', 'school_id:uuid', 'grade_level:smallint', 'entry_date:date', 'exit_date:date', 'exit_reason'],
    enrollmentRows(students, schools, calendar, rng));
  const caseloads = await insertRows(em, 'caseload_assignment',
    ['id:uuid', 'staff_user_id:uuid', 'student_id:uuid', 'kind:caseload_kind', 'start_date:date', 'end_date:date'],
    caseloadRows(students, schools, staff, calendar, rng));

  return {
    schools: schools.length,
    staff: staff.length,
    students: students.length,
    enrollments,
    caseloadAssignments: caseloads,
    instructionalDays: calendar.days.length,
    schoolYear: calendar.name,
    ms: Date.now() - started,
  };
}

/** The school year a date falls in: school runs late August to June, so Jan-Jul belong to the year begun last August. */
export function currentSchoolYearStart(today: string): number {
  const match = /^(\d{4})-(\d{2})-\d{2}$/.exec(today);
  if (!match) throw new RangeError(`expected a YYYY-MM-DD date, got "${today}"`);
  return Number(match[2]) >= 8 ? Number(match[1]) : Number(match[1]) - 1;
}

/** S001 is always a PK-8 school: the school-based demo users work there and see every elementary grade. */
function planSchools(count: number, rng: Random): School[] {
  const middle = Math.round(count * SHARE_MIDDLE);
  const high = Math.max(1, Math.round(count * SHARE_HIGH));
  const elementary = Math.min(Math.round(count * SHARE_ELEMENTARY_OR_K8), count - middle - high);
  const k8 = Math.ceil(elementary / 2);
  const levels: SchoolLevel[] = ['K8', ...rng.shuffle([
    ...repeat<SchoolLevel>('K8', k8 - 1), ...repeat<SchoolLevel>('ELEMENTARY', elementary - k8),
    ...repeat<SchoolLevel>('MIDDLE', middle), ...repeat<SchoolLevel>('HIGH', high),
    ...repeat<SchoolLevel>('OTHER', count - elementary - middle - high),
  ])];
  const stems = rng.shuffle(SCHOOL_NAME_STEMS.slice());
  return levels.map((level, i) => {
    // Past the end of the stem list, a numeral keeps names unique ("Linden 2 Middle School").
    const stem = i < stems.length ? stems[i] : `${stems[i % stems.length]} ${Math.floor(i / stems.length) + 1}`;
    return {
      id: rng.uuid(),
      code: `S${String(i + 1).padStart(3, '0')}`,
      name: `${stem} ${rng.pick(SCHOOL_NAME_SUFFIXES[level])}`,
      level,
      low: GRADE_SPAN[level][0],
      high: GRADE_SPAN[level][1],
      sizeFactor: SCHOOL_SIZE_FACTOR[0] + rng.next() * (SCHOOL_SIZE_FACTOR[1] - SCHOOL_SIZE_FACTOR[0]),
    };
  });
}

/** Students pick a grade by cohort size, then a school serving it, weighted by the school's size factor. */
function makeStudents(count: number, schools: School[], calendar: SchoolCalendar, rng: Random): Student[] {
  const year = Number(calendar.start.slice(0, 4));
  const serving = (grade: number) => schools.flatMap((s, i) => (s.low <= grade && grade <= s.high ? [i] : []));
  const schoolWeights = new Map<number, Record<string, number>>();
  for (let g = -1; g <= 12; g++) schoolWeights.set(g, Object.fromEntries(serving(g).map((i) => [`s${i}`, schools[i].sizeFactor])));
  const moveDays = calendar.days.filter(
    (d) => d >= addDays(calendar.start, MOVE_WINDOW_DAYS[0]) && d <= addDays(calendar.start, MOVE_WINDOW_DAYS[1]),
  );
  const localIds = new Set<string>();
  const students: Student[] = [];
  for (let n = 0; n < count; n++) {
    const grade = Number(rng.weighted(GRADE_WEIGHTS));
    const school = Number(rng.weighted(schoolWeights.get(grade)!).slice(1));
    const gender = rng.weighted(GENDER_WEIGHTS);
    const race = rng.weighted(RACE_WEIGHTS);
    let localId: string;
    do localId = `HS${rng.int(1_000_000, 9_999_999)}`; while (localIds.has(localId));
    localIds.add(localId);
    // Old enough for the grade on September 1 (PK at 4, K at 5), a few a year older.
    const birthDate = addDays(isoDate(year - 5 - grade - (rng.chance(OVER_AGE_RATE) ? 1 : 0), 9, 1), -rng.int(0, 364));
    const student: Student = {
      id: rng.uuid(), localId, givenName: givenName(gender, rng), familyName: rng.pick(FAMILY_NAMES), birthDate, grade,
      gender, race, englishLearner: rng.chance(ENGLISH_LEARNER_RATE[race] ?? ENGLISH_LEARNER_RATE_OTHERS),
      disability: rng.chance(DISABILITY_RATE), meals: rng.chance(FREE_REDUCED_MEALS_RATE), school,
    };
    const roll = rng.next();
    const otherSchools = serving(grade).filter((i) => i !== school);
    if (roll < TRANSFER_RATE && otherSchools.length > 0) {
      const date = rng.pick(moveDays);
      // The new school takes them from the next instructional day (the next weekday, bar holidays).
      const entryDate = calendar.days[calendar.days.indexOf(date) + 1];
      student.move = { date, reason: 'Transferred', toSchool: rng.pick(otherSchools), entryDate };
    } else if (roll < TRANSFER_RATE + WITHDRAWAL_RATE) {
      student.move = { date: rng.pick(moveDays), reason: 'Withdrawn' };
    }
    students.push(student);
  }
  return students;
}

function givenName(gender: string, rng: Random): string {
  if (gender === 'FEMALE' && !rng.chance(CROSS_POOL_NAME_RATE)) return rng.pick(FEMININE_GIVEN_NAMES);
  if (gender === 'MALE' && !rng.chance(CROSS_POOL_NAME_RATE)) return rng.pick(MASCULINE_GIVEN_NAMES);
  return rng.pick(NEUTRAL_GIVEN_NAMES);
}

/**
 * District staff first, then each school's. The district roles start with their demo user; at
 * S001 so do the school-based roles, and the demo teacher gets a grade-3 homeroom when S001 has one.
 */
function makeStaff(schools: School[], students: Student[], rng: Random): Staff[] {
  const staff: Staff[] = [];
  const add = (role: StaffRole, school: number | null, demo: boolean, grade?: number) => {
    const fixed = demo ? DEMO_USERS[role] : undefined;
    const givenName = fixed?.givenName ?? rng.pick(rng.chance(0.5) ? FEMININE_GIVEN_NAMES : MASCULINE_GIVEN_NAMES);
    const familyName = fixed?.familyName ?? rng.pick(FAMILY_NAMES);
    // The running number keeps addresses unique however often a name pair repeats.
    const email = fixed?.email ?? `${slug(givenName)}.${slug(familyName)}.${staff.length + 1}@staff.tiered.test`;
    staff.push({ id: rng.uuid(), email, givenName, familyName, role, school, grade });
  };
  for (const [role, count] of DISTRICT_STAFF) for (let i = 0; i < count; i++) add(role, null, i === 0);

  const enrolled = schools.map(() => new Map<number, number>());
  for (const s of students) enrolled[s.school].set(s.grade, (enrolled[s.school].get(s.grade) ?? 0) + 1);
  schools.forEach((school, s) => {
    const grades = [...enrolled[s].keys()].sort((a, b) => a - b);
    const homerooms = grades.flatMap((g) => repeat(g, Math.max(1, Math.round(enrolled[s].get(g)! / STUDENTS_PER_TEACHER))));
    if (homerooms.length === 0) homerooms.push(school.low); // a school nobody enrolled in still has a teacher
    const demoGrade = homerooms.includes(DEMO_TEACHER_GRADE) ? DEMO_TEACHER_GRADE : homerooms[0];
    add(StaffRole.SCHOOL_ADMIN, s, s === 0);
    repeat(StaffRole.COUNSELOR, rng.int(...COUNSELORS_PER_SCHOOL)).forEach((role, i) => add(role, s, s === 0 && i === 0));
    homerooms.forEach((g, i) => add(StaffRole.TEACHER, s, s === 0 && g === demoGrade && homerooms.indexOf(g) === i, g));
    repeat(StaffRole.INTERVENTIONIST, rng.int(...INTERVENTIONISTS_PER_SCHOOL)).forEach((role, i) => add(role, s, s === 0 && i === 0));
    repeat(StaffRole.TUTOR, rng.int(...TUTORS_PER_SCHOOL)).forEach((role, i) => add(role, s, s === 0 && i === 0));
  });
  return staff;
}

/** Everyone starts on the first day; a mover's first enrollment ends on the move date. */
function enrollmentRows(students: Student[], schools: School[], calendar: SchoolCalendar, rng: Random): unknown[][] {
  const rows: unknown[][] = [];
  for (const s of students) {
    rows.push([rng.uuid(), s.id, schools[s.school].id, s.grade, calendar.start, s.move?.date ?? null, s.move?.reason ?? null]);
    if (s.move?.toSchool !== undefined) rows.push([rng.uuid(), s.id, schools[s.move.toSchool].id, s.grade, s.move.entryDate, null, null]);
  }
  return rows;
}

/**
 * Each grade's opening roster at a school is split evenly among that grade's homeroom teachers;
 * a transfer joins a homeroom of their grade at the new school. Interventionists, tutors and
 * counselors get explicit caseloads sampled from their school. Every assignment of a student who
 * leaves ends on the day they leave, so their old teachers lose access from then on.
 */
function caseloadRows(students: Student[], schools: School[], staff: Staff[], calendar: SchoolCalendar, rng: Random): unknown[][] {
  const rows: unknown[][] = [];
  const assign = (staffId: string, s: Student, kind: string, start: string, end: string | null) =>
    rows.push([rng.uuid(), staffId, s.id, kind, start, end]);
  const rosters = schools.map(() => [] as Student[]);
  for (const s of students) rosters[s.school].push(s);
  const teachersAt = schools.map((_, i) => staff.filter((u) => u.school === i && u.role === StaffRole.TEACHER));
  schools.forEach((_, i) => {
    for (const grade of new Set(teachersAt[i].map((t) => t.grade))) {
      const roster = rosters[i].filter((s) => s.grade === grade);
      const teachers = teachersAt[i].filter((t) => t.grade === grade);
      teachers.forEach((teacher, t) => {
        const from = Math.floor((t * roster.length) / teachers.length);
        const to = Math.floor(((t + 1) * roster.length) / teachers.length);
        for (const s of roster.slice(from, to)) assign(teacher.id, s, 'HOMEROOM', calendar.start, s.move?.date ?? null);
      });
    }
    for (const u of staff) {
      const size = u.school === i ? EXPLICIT_CASELOAD_SIZE[u.role] : undefined;
      if (size) for (const s of rng.sample(rosters[i], rng.int(...size))) assign(u.id, s, 'EXPLICIT', calendar.start, s.move?.date ?? null);
    }
  });
  for (const s of students) {
    if (s.move?.toSchool === undefined) continue;
    const teachers = teachersAt[s.move.toSchool];
    const sameGrade = teachers.filter((t) => t.grade === s.grade);
    assign(rng.pick(sameGrade.length > 0 ? sameGrade : teachers).id, s, 'HOMEROOM', s.move.entryDate!, null);
  }
  return rows;
}

/**
 * Inserts rows with one `INSERT ... SELECT FROM unnest(...)` per batch: a fixed, small number of
 * parameters however many rows, so neither the driver nor the server handles thousands of
 * placeholders. Columns are `name` (text) or `name:type`; values travel as text arrays and are
 * cast per column, which also covers the enum types.
 */
export async function insertRows(em: EntityManager, table: string, columns: string[], rows: unknown[][]): Promise<number> {
  const cols = columns.map((c) => c.split(':'));
  const sql = `INSERT INTO ${table} (${cols.map(([name]) => name).join(', ')}) `
    + `SELECT ${cols.map(([, type], i) => (type ? `c${i}::${type}` : `c${i}`)).join(', ')} `
    + `FROM unnest(${cols.map((_, i) => `$${i + 1}::text[]`).join(', ')}) AS u(${cols.map((_, i) => `c${i}`).join(', ')})`;
  for (let at = 0; at < rows.length; at += BATCH_ROWS) {
    const batch = rows.slice(at, at + BATCH_ROWS);
    await em.query(sql, cols.map((_, i) => batch.map((row) => (row[i] === null || row[i] === undefined ? null : String(row[i])))));
  }
  return rows.length;
}

function repeat<T>(value: T, count: number): T[] {
  return Array.from({ length: Math.max(0, count) }, () => value);
}

/** Lowercase ASCII letters only, for email local parts ("Saint-Louis" -> "saintlouis"). */
function slug(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
}
