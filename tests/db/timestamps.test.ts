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
