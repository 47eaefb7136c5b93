/**
 * The demo district's school calendar, computed from the starting year alone so a seed run never
 * depends on the clock. Dates are 'YYYY-MM-DD' strings, as PostgreSQL's `date` renders them, and
 * all arithmetic is done in UTC so no time zone can shift a day.
 */

/** The state minimum; the last day of school is the 180th instructional day (first half of June). */
export const INSTRUCTIONAL_DAYS = 180;

export interface SchoolCalendar {
  /** "2025-2026" */
  name: string;
  start: string;
  end: string;
  /** Semester 1 runs start..semesterOneEnd, semester 2 the day after..end, leaving no gap. */
  semesterOneEnd: string;
  /** Every instructional day, in order. */
  days: string[];
}

/**
 * First day: the Monday nearest August 26. Days off follow a typical Connecticut district
 * calendar; semester 1 ends on the last Friday of January.
 */
export function buildSchoolCalendar(year: number): SchoolCalendar {
  const aug26 = isoDate(year, 8, 26);
  const sinceMonday = (dayOfWeek(aug26) + 6) % 7;
  const start = addDays(aug26, sinceMonday <= 3 ? -sinceMonday : 7 - sinceMonday);
  const semesterOneEnd = nthWeekday(year + 1, 1, 5, -1);
  const closed = new Set(daysOff(year, semesterOneEnd));
  const days: string[] = [];
  for (let d = start; days.length < INSTRUCTIONAL_DAYS; d = addDays(d, 1)) {
    if (isWeekday(d) && !closed.has(d)) days.push(d);
  }
  return { name: `${year}-${year + 1}`, start, end: days[days.length - 1], semesterOneEnd, days };
}

/** Holidays, breaks and staff professional-learning days (no students) of the year starting in `year`. */
function daysOff(year: number, semesterOneEnd: string): string[] {
  const next = year + 1;
  const thanksgiving = nthWeekday(year, 11, 4, 4);
  const presidents = nthWeekday(next, 2, 1, 3);
  const aprilBreak = nthWeekday(next, 4, 1, 2);
  const veterans = isoDate(year, 11, 11);
  const indigenousPeoples = nthWeekday(year, 10, 1, 2);
  const memorial = nthWeekday(next, 5, 1, -1);
  return [
    nthWeekday(year, 9, 1, 1), // Labor Day
    addDays(indigenousPeoples, -3), // professional learning (the Friday before)
    indigenousPeoples, // Columbus / Indigenous Peoples' Day
    addDays(nthWeekday(year, 11, 1, 1), 1), // Election Day
    dayOfWeek(veterans) === 6 ? addDays(veterans, -1) : dayOfWeek(veterans) === 0 ? addDays(veterans, 1) : veterans,
    ...range(-1, 1).map((i) => addDays(thanksgiving, i)), // Thanksgiving, Wednesday to Friday
    ...range(0, 8).map((i) => addDays(isoDate(year, 12, 24), i)), // winter break, Dec 24 - Jan 1
    nthWeekday(next, 1, 1, 3), // Martin Luther King Jr. Day
    addDays(semesterOneEnd, 3), // records day between the semesters
    ...range(0, 3).map((i) => addDays(presidents, i)), // February break, Presidents' Day to Thursday
    addDays(easterSunday(next), -2), // Good Friday
    ...range(0, 4).map((i) => addDays(aprilBreak, i)), // April break, the week of the second Monday
    addDays(memorial, -3), // professional learning (the Friday before)
    memorial, // Memorial Day
  ];
}

export function isoDate(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday. */
function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function isWeekday(date: string): boolean {
  const day = dayOfWeek(date);
  return day !== 0 && day !== 6;
}

/** The nth (1-based; -1 = last) given weekday of a month, e.g. Thanksgiving = nthWeekday(y, 11, 4, 4). */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = isoDate(year, month, 1);
    return addDays(first, ((weekday - dayOfWeek(first) + 7) % 7) + 7 * (n - 1));
  }
  const last = isoDate(year, month + 1, 0);
  return addDays(last, -((dayOfWeek(last) - weekday + 7) % 7));
}

/** Western Easter: the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((b + 8) / 25) + 1) / 3) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return isoDate(year, Math.floor(n / 31), (n % 31) + 1);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
