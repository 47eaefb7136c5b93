import { parseFlags, type FlagSpec } from '../../scripts/flags';

describe('parseFlags (the scripts\' command lines)', () => {
  const spec: Record<string, FlagSpec> = { user: 'string', hours: { int: [1, 720] } };

  it('reads --name value and --name=value', () => {
    expect(parseFlags(['--user', 'a@b.test', '--hours=12'], spec)).toEqual({ user: 'a@b.test', hours: 12 });
  });

  it('refuses unknown flags, missing values, and numbers that are not whole or out of range, naming the flag', () => {
    expect(() => parseFlags(['--role', 'X'], spec)).toThrow(/unknown argument --role; expected --user, --hours/);
    expect(() => parseFlags(['--user'], spec)).toThrow(/--user needs a value/);
    expect(() => parseFlags(['--hours', '1.5'], spec)).toThrow(/--hours must be a whole number from 1 to 720 \(got "1.5"\)/);
    expect(() => parseFlags(['--hours', '0'], spec)).toThrow(/--hours must be a whole number from 1 to 720/);
    expect(() => parseFlags(['--hours', '721'], spec)).toThrow(/--hours must be a whole number from 1 to 720/);
  });
});
