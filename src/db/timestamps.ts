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

/**
 * A timestamptz in the form a UTC session sends (`2026-11-27 14:03:09.123456+00`), parsed by
 * position; anything else (other offsets, BC, infinity, years before 1000) goes to the driver's
 * parser. The same Date as the driver's: the fraction becomes milliseconds as it computes them.
 * The driver's runs three regular expressions per value: on a page of students with their tiers,
 * plans and actions it was a twentieth of the server's time (issue 9).
 */
export function parseTimestamptz(text: string): Date | number | null {
  const length = text.length;
  if (
    length >= 22 &&
    text.charCodeAt(4) === 45 && // -
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 32 && // space
    text.charCodeAt(13) === 58 && // :
    text.charCodeAt(16) === 58 &&
    text.charCodeAt(length - 3) === 43 && // +00
    text.charCodeAt(length - 2) === ZERO &&
    text.charCodeAt(length - 1) === ZERO &&
    text.charCodeAt(0) !== ZERO
  ) {
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 7);
    const day = digits(text, 8, 10);
    const hour = digits(text, 11, 13);
    const minute = digits(text, 14, 16);
    const second = digits(text, 17, 19);
    let fraction = 0;
    let wellFormed = year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0;
    if (length > 22) {
      // `.` and one to six digits before the offset
      wellFormed = wellFormed && text.charCodeAt(19) === 46 && length <= 29 && digits(text, 20, length - 3) >= 0;
      if (wellFormed) fraction = 1000 * parseFloat(text.slice(19, length - 3));
    } else {
      wellFormed = wellFormed && length === 22;
    }
    if (wellFormed) return new Date(Date.UTC(year, month - 1, day, hour, minute, second, fraction));
  }
  return parseAnyTimestamptz(text);
}
