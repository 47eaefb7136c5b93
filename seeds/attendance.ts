import type { EntityManager } from 'typeorm';
import { triggeredWithoutCaseSql } from '../src/modules/attendance/attendance-queues';
import { runSql } from '../src/modules/attendance/attendance-sql';
import { rebuildSummaries } from '../src/modules/attendance/attendance-summary';
import { Random } from './random';

/**
 * A deterministic year-to-date of daily attendance for the district already in the database (run
 * after seedDistrict, in the same transaction), then attendance cases and team actions.
 *
 * Attendance is stored the way SIS files carry it: exceptions only (absences, tardies, early
 * departures, partial days); a day without a row counts as present. Each student gets an absence
 * propensity drawn from a right-skewed (log-normal) distribution, scaled by grade (kindergarten and
 * high school miss more), with Mondays, Fridays and winter months worse and absences running in
 * short streaks (illness): about 25-30% of students end chronically absent, as in Hartford, far above
 * the 13% goal. Cases are opened for some of the students the triggers flag (the queue's own rule),
 * leaving gaps on purpose: flagged students with no case, cases with no recent action, next steps
 * past due.
 */
export interface AttendanceSeedOptions {
  seed: string | number;
  /** Attendance is generated for instructional days up to and including this date. */
  asOf: string;
}

export interface AttendanceSeedSummary {
  attendanceDays: number;
  cases: number;
  actions: number;
}

/** Median daily absence propensity and its spread (log-normal): the shape of Hartford's distribution. */
const ABSENCE_MEDIAN = 0.036;
const ABSENCE_SIGMA = 0.9;
const ABSENCE_MAX = 0.6;
/** Relative absence by grade (-1 = PK): early grades and high school miss more. */
const GRADE_FACTOR: Record<number, number> = { [-1]: 1.3, 0: 1.25, 1: 1.0, 2: 0.9, 3: 0.85, 4: 0.85, 5: 0.9, 6: 0.95, 7: 1.0, 8: 1.05, 9: 1.35, 10: 1.4, 11: 1.45, 12: 1.55 };
/** After an absence, the chance the next day is missed too (illness, family trouble). */
const STREAK = 0.3;
const TARDY_MEDIAN = 0.03;
const EARLY_DEPARTURE_RATE = 0.008;
const PARTIAL_RATE = 0.005;

/** Flagged students who get a case: most chronic ones, some at risk; the rest are the queue's gap. */
const CASE_RATE_BY_TIER: Record<number, number> = { 2: 0.3, 3: 0.65 };
const ACTION_TYPES: [string, number][] = [
  ['PHONE_CALL_HOME', 30], ['LETTER', 12], ['TEXT_OR_EMAIL', 15], ['HOME_VISIT', 6], ['FAMILY_CONFERENCE', 8],
  ['STUDENT_CONFERENCE', 10], ['ATTENDANCE_CONTRACT', 5], ['MENTOR_ASSIGNED', 4], ['COMMUNITY_PARTNER_REFERRAL', 3],
  ['SCHOOL_BASED_HEALTH_REFERRAL', 3], ['SST_REFERRAL', 4],
];
const OUTCOMES = [
  'Reached parent; student has been ill, doctor note to follow', 'Left voicemail', 'No answer; number disconnected',
  'Family reports transportation problems', 'Student says mornings are hard; agreed to a check-in', 'Parent will attend a meeting',
  'Family not home', 'Student agreed to attendance goals',
];
const NEXT_STEPS = [
  'Call again', 'Schedule a family conference', 'Check attendance weekly with student', 'Send attendance letter',
  'Refer to school-based health center', 'Connect family with bus pass program', 'Review at attendance team meeting',
];
const CLOSE_OUTCOMES: [string, number][] = [['IMPROVED', 45], ['PARTIALLY_IMPROVED', 25], ['NOT_IMPROVED', 15], ['STUDENT_LEFT', 8], ['REFERRED', 7]];
const BATCH_ROWS = 20000;

interface Enrollment { studentId: string; schoolId: string; grade: number; entry: string; exit: string | null }

export async function seedAttendance(em: EntityManager, options: AttendanceSeedOptions): Promise<AttendanceSeedSummary> {
  const rng = new Random(`${options.seed}:attendance`);
  const [year] = await em.query(
    'SELECT id, start_date AS "startDate" FROM school_year WHERE start_date <= $1 ORDER BY start_date DESC LIMIT 1',
    [options.asOf],
  );
  if (!year) return { attendanceDays: 0, cases: 0, actions: 0 };
  const days: string[] = (await em.query(
    'SELECT calendar_date AS d FROM instructional_day WHERE calendar_date BETWEEN $1 AND $2 ORDER BY calendar_date',
    [year.startDate, options.asOf],
  )).map((r: { d: string }) => r.d);
  const enrollments: Enrollment[] = await em.query(
    `SELECT e.student_id AS "studentId", e.school_id AS "schoolId", e.grade_level AS grade, e.entry_date AS entry, e.exit_date AS exit
       FROM enrollment e JOIN student s ON s.id = e.student_id AND s.deleted_at IS NULL
      WHERE e.entry_date <= $2 AND (e.exit_date IS NULL OR e.exit_date >= $1)
      ORDER BY e.student_id, e.entry_date`,
    [year.startDate, options.asOf],
  );

  const attendanceDays = await insertAttendance(em, generateDays(enrollments, days, rng));
  await rebuildSummaries(em);
  const { cases, actions } = await seedCases(em, rng, { yearId: year.id, yearStart: year.startDate, asOf: options.asOf, days });
  return { attendanceDays, cases, actions };
}

/** Exception rows [studentId, date, schoolId, category], student by student, day by day. */
function generateDays(enrollments: Enrollment[], days: string[], rng: Random): string[][] {
  const rows: string[][] = [];
  let student = '';
  let absence = 0;
  let tardy = 0;
  let excusedShare = 0;
  for (const e of enrollments) {
    if (e.studentId !== student) {
      student = e.studentId;
      absence = Math.min(ABSENCE_MAX, ABSENCE_MEDIAN * Math.exp(ABSENCE_SIGMA * normal(rng)) * (GRADE_FACTOR[e.grade] ?? 1));
      tardy = Math.min(0.4, TARDY_MEDIAN * Math.exp(0.8 * normal(rng)));
      excusedShare = 0.3 + 0.35 * rng.next();
    }
    let absentYesterday = false;
    for (const day of days) {
      if (day < e.entry || (e.exit !== null && day > e.exit)) continue;
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      const month = Number(day.slice(5, 7));
      const factor = (weekday === 1 || weekday === 5 ? 1.15 : 0.92) * (month === 12 || month <= 2 ? 1.15 : 1);
      const p = absentYesterday ? Math.max(STREAK, absence) : absence * factor * (1 - STREAK * absence);
      absentYesterday = rng.chance(p);
      let category: string | null = null;
      if (absentYesterday) category = rng.chance(excusedShare) ? 'EXCUSED_ABSENCE' : 'UNEXCUSED_ABSENCE';
      else if (rng.chance(tardy)) category = 'TARDY';
      else if (rng.chance(EARLY_DEPARTURE_RATE)) category = 'EARLY_DEPARTURE';
      else if (rng.chance(PARTIAL_RATE)) category = 'PARTIAL';
      if (category) rows.push([e.studentId, day, e.schoolId, category]);
    }
  }
  return rows;
}

async function insertAttendance(em: EntityManager, rows: string[][]): Promise<number> {
  for (let at = 0; at < rows.length; at += BATCH_ROWS) {
    const batch = rows.slice(at, at + BATCH_ROWS);
    await em.query(
      `INSERT INTO attendance_day (student_id, calendar_date, school_id, category)
       SELECT * FROM unnest($1::uuid[], $2::date[], $3::uuid[], $4::attendance_category[])`,
      [0, 1, 2, 3].map((i) => batch.map((row) => row[i])),
    );
  }
  return rows.length;
}

interface Flagged { studentId: string; schoolId: string; tier: number }
interface CaseContext { yearId: string; yearStart: string; asOf: string; days: string[] }

/**
 * Cases for some flagged students (the queue's own rule decides who is flagged), each with a few
 * actions; some cases go stale, some next steps are left past due, some cases are closed.
 */
async function seedCases(em: EntityManager, rng: Random, c: CaseContext): Promise<{ cases: number; actions: number }> {
  const flagged = await runSql<Flagged>(em, `SELECT q."studentId", q."schoolId", q.tier FROM (${triggeredWithoutCaseSql({ bySchool: false })}) q ORDER BY q."studentId"`, {
    fromDate: c.yearStart,
    toDate: c.asOf,
  });
  const team = new Map<string, string[]>();
  for (const row of await em.query(
    `SELECT m.school_id AS "schoolId", u.id FROM school_membership m JOIN staff_user u ON u.id = m.staff_user_id
      WHERE u.active AND u.role IN ('COUNSELOR', 'SCHOOL_ADMIN') ORDER BY m.school_id, u.role, u.id`,
  )) {
    team.set(row.schoolId, [...(team.get(row.schoolId) ?? []), row.id]);
  }
  const entries = new Map<string, string>(
    (await em.query(
      `SELECT student_id AS "studentId", school_id AS "schoolId", entry_date AS entry FROM enrollment
        WHERE entry_date <= $1 AND (exit_date IS NULL OR exit_date >= $1)`,
      [c.asOf],
    )).map((r: { studentId: string; schoolId: string; entry: string }) => [`${r.studentId}|${r.schoolId}`, r.entry]),
  );
  const caseRows: unknown[][] = [];
  const actionRows: unknown[][] = [];
  // Cases open no earlier than the 15th instructional day: triggers need some data first.
  const earliest = c.days[Math.min(14, c.days.length - 1)];
  for (const student of flagged) {
    const staff = team.get(student.schoolId);
    if (!staff || !rng.chance(CASE_RATE_BY_TIER[student.tier] ?? 0)) continue;
    const entry = entries.get(`${student.studentId}|${student.schoolId}`) ?? c.yearStart;
    const candidates = c.days.filter((d) => d >= earliest && d >= entry && d < c.asOf);
    if (candidates.length === 0) continue;
    const openedOn = rng.pick(candidates);
    const owner = rng.pick(staff);
    const caseId = rng.uuid();
    const age = daysBetween(openedOn, c.asOf);
    // Stale on purpose: a quarter of cases stop getting actions early.
    const stale = rng.chance(0.25);
    const horizon = stale ? Math.min(age, rng.int(0, 7)) : age;
    const count = horizon === 0 ? 0 : Math.min(6, rng.int(stale ? 0 : 1, 1 + Math.floor(horizon / 10)));
    const offsets = Array.from({ length: count }, () => rng.int(0, horizon)).sort((a, b) => a - b);
    let last = openedOn;
    for (const offset of offsets) {
      const actionDate = addDays(openedOn, offset);
      const withNextStep = rng.chance(0.6);
      const due = withNextStep ? addDays(actionDate, rng.int(5, 14)) : null;
      actionRows.push([
        rng.uuid(), caseId, student.studentId, rng.weighted(Object.fromEntries(ACTION_TYPES)), actionDate,
        rng.chance(0.8) ? owner : rng.pick(staff), rng.pick(OUTCOMES), withNextStep ? rng.pick(NEXT_STEPS) : null, due, owner,
      ]);
      last = actionDate;
    }
    const roll = rng.next();
    const closed = age >= 30 && count > 0 && roll < 0.15;
    const status = closed ? 'CLOSED' : age >= 21 && roll < 0.35 ? 'MONITORING' : 'OPEN';
    const closedOn = closed ? addDays(last, rng.int(0, daysBetween(last, c.asOf))) : null;
    caseRows.push([
      caseId, student.studentId, student.schoolId, c.yearId, student.tier,
      student.tier === 3 ? 'Chronically absent this school year' : 'Early warning: absences above the at-risk threshold',
      owner, status, openedOn, owner, closedOn, closed ? rng.weighted(Object.fromEntries(CLOSE_OUTCOMES)) : null,
    ]);
  }
  await em.query(
    `INSERT INTO attendance_case (id, student_id, school_id, school_year_id, tier, reason, owner_id, status, opened_on, opened_by, closed_on, outcome)
     SELECT u.id, u.student_id, u.school_id, u.school_year_id, u.tier, u.reason, u.owner_id, u.status::attendance_case_status, u.opened_on,
            u.opened_by, u.closed_on, u.outcome::attendance_case_outcome
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::smallint[], $6::text[], $7::uuid[], $8::text[], $9::date[],
                   $10::uuid[], $11::date[], $12::text[])
            AS u(id, student_id, school_id, school_year_id, tier, reason, owner_id, status, opened_on, opened_by, closed_on, outcome)`,
    columns(caseRows, 12),
  );
  await em.query(
    `INSERT INTO attendance_action (id, case_id, student_id, type, action_date, staff_id, outcome, next_step, next_step_due, recorded_by)
     SELECT u.id, u.case_id, u.student_id, u.type::attendance_action_type, u.action_date, u.staff_id, u.outcome, u.next_step, u.next_step_due, u.recorded_by
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::date[], $6::uuid[], $7::text[], $8::text[], $9::date[], $10::uuid[])
            AS u(id, case_id, student_id, type, action_date, staff_id, outcome, next_step, next_step_due, recorded_by)`,
    columns(actionRows, 10),
  );
  return { cases: caseRows.length, actions: actionRows.length };
}

function columns(rows: unknown[][], width: number): unknown[][] {
  return Array.from({ length: width }, (_, i) => rows.map((row) => row[i]));
}

/** A standard normal draw (Box-Muller) from the seeded stream. */
function normal(rng: Random): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
