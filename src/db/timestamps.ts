import { types } from 'pg';

/** node-postgres' own timestamptz parser (postgres-date), captured before data-source.ts replaces it: every form the server can send. */
export const parseAnyTimestamptz = types.getTypeParser(1184, 'text') as (text: string) => Date | number | null;

const ZERO = 48;

/** The number written by the digits text[from, to), or -1 where any is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1-12): H. Hinnant's days_from_civil. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * A timestamptz in the form a UTC session sends (`2026-11-27 14:03:09.123456+00`), parsed by
 * position into the same Date as the driver's (milliseconds truncated, as it computes them);
 * anything else (other offsets, BC, infinity, years before 1000, an out-of-range field) goes to
 * the driver's parser. The driver runs three regular expressions and Date.UTC per value: on a page
 * of students with their tiers, plans and actions, a twentieth of the server's time (issue 9).
 */
export function parseTimestamptz(text: string): Date | number | null {
  const length = text.length;
  if (
    length >= 22 &&
    length <= 29 &&
    text.charCodeAt(4) === 45 && // -
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 32 && // space
    text.charCodeAt(13) === 58 && // :
    text.charCodeAt(16) === 58 &&
    text.charCodeAt(length - 3) === 43 && // +00
    text.charCodeAt(length - 2) === ZERO &&
    text.charCodeAt(length - 1) === ZERO &&
    text.charCodeAt(0) !== ZERO &&
    (length === 22 || (length > 23 && text.charCodeAt(19) === 46)) // no fraction, or `.` and 1-6 digits
  ) {
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 7);
    const day = digits(text, 8, 10);
    const hour = digits(text, 11, 13);
    const minute = digits(text, 14, 16);
    const second = digits(text, 17, 19);
    // Milliseconds: the fraction's first three digits (padded), the rest truncated.
    let ms = 0;
    if (length > 22) {
      const end = Math.min(length - 3, 23);
      ms = digits(text, 20, end);
      for (let i = end - 20; i < 3; i++) ms *= 10;
    }
    if (
      year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23 &&
      minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && ms >= 0 && digits(text, 20, length - 3) >= 0
    ) {
      return new Date(((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + ms);
    }
  }
  return parseAnyTimestamptz(text);
}
