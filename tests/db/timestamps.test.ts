import { types } from 'pg';
import { parseAnyTimestamptz as parseDate, parseTimestamptz } from '../../src/db/timestamps';
import { createTestDatabase } from '../support/test-db';

const same = (text: string) => {
  const expected = parseDate(text);
  const actual = parseTimestamptz(text);
  if (expected instanceof Date) {
    expect(actual).toBeInstanceOf(Date);
    expect((actual as Date).getTime()).toBe(expected.getTime());
  } else {
    expect(actual).toEqual(expected);
  }
};

describe('timestamptz parsing', () => {
  it('gives the driver\'s Date for what a UTC session sends, every fraction length', () => {
    for (const text of [
      '2026-11-27 14:03:09+00',
      '2026-11-27 14:03:09.1+00',
      '2026-11-27 14:03:09.12+00',
      '2026-11-27 14:03:09.123+00',
      '2026-11-27 14:03:09.1234+00',
      '2026-11-27 14:03:09.123456+00',
      '2026-11-27 23:59:59.999999+00',
      '2024-02-29 00:00:00+00',
      '1999-12-31 23:59:59.5+00',
    ]) same(text);
  });

  it('matches the driver on every millisecond fraction (float rounding included)', () => {
    for (let ms = 0; ms < 1000; ms++) {
      const three = String(ms).padStart(3, '0');
      same(`2025-01-02 03:04:05.${three}+00`);
      same(`2025-01-02 03:04:05.${three}789+00`);
      same(`2025-01-02 03:04:05.${three.replace(/0+$/, '') || '0'}+00`);
    }
  });

  it('matches the driver across the calendar (leap years, month ends, every hour)', () => {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    let checked = 0;
    for (let year = 1000; year <= 9999; year += 37) {
      for (const [month, day] of [[1, 1], [2, 28], [2, 29], [3, 1], [6, 30], [12, 31]]) {
        if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) continue;
        const hour = (year + month) % 24;
        same(`${year}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad((year * 7) % 60)}:${pad((year * 13) % 60)}.${pad(year % 1000, 3)}+00`);
        checked++;
      }
    }
    for (const text of ['2000-02-29 23:59:59.999+00', '1900-03-01 00:00:00+00', '2100-02-28 12:00:00+00', '1970-01-01 00:00:00+00', '1969-12-31 23:59:59.999999+00']) same(text);
    expect(checked).toBeGreaterThan(1200);
  });

  it('leaves every other form to the driver', () => {
    for (const text of [
      'infinity',
      '-infinity',
      '2026-11-27 09:03:09.123-05',
      '2026-11-27 19:33:09+05:30',
      '0099-01-01 00:00:00+00',
      '0001-01-01 00:00:00+00 BC',
      '12026-11-27 14:03:09+00',
      '2026-11-27 14:03:09.1234567+00',
      '2026-11-27T14:03:09+00',
      '2026-11-27 14:03:09.+00',
      '2026-11-27 14:03:60+00',
      '2026-13-27 14:03:09+00',
    ]) same(text);
  });

  it('is the parser the data sources use', async () => {
    const db = await createTestDatabase({ migrate: false });
    try {
      const [row] = await db.ds.query(`SELECT '2026-11-27 14:03:09.5+00'::timestamptz AS at, 'infinity'::timestamptz AS never`);
      expect(row.at).toEqual(new Date('2026-11-27T14:03:09.500Z'));
      expect(row.never).toBe(Infinity);
      expect(types.getTypeParser(1184, 'text')).toBe(parseTimestamptz);
    } finally {
      await db.drop();
    }
  });
});
