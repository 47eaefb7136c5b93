import { LocalDateResolver } from 'graphql-scalars';
import { LocalDate } from '../../src/common/graphql/scalars';

describe('LocalDate', () => {
  it('is graphql-scalars\' LocalDate to schema readers', () => {
    expect(LocalDate.name).toBe(LocalDateResolver.name);
    expect(LocalDate.description).toBe(LocalDateResolver.description);
    expect(LocalDate.specifiedByURL).toBe(LocalDateResolver.specifiedByURL);
  });

  it('sends dates as they are stored and refuses anything that is not a date', () => {
    expect(LocalDate.serialize('2026-11-27')).toBe('2026-11-27');
    expect(() => LocalDate.serialize(new Date('2026-11-27T00:00:00Z'))).toThrow('not string');
    expect(() => LocalDate.serialize('2026-11-27T10:00:00Z')).toThrow('not a valid LocalDate');
    expect(() => LocalDate.serialize(20261127)).toThrow('not string');
  });

  it('checks input dates against the calendar', () => {
    expect(LocalDate.parseValue('2024-02-29')).toBe('2024-02-29');
    expect(() => LocalDate.parseValue('2026-02-30')).toThrow('not a valid LocalDate');
    expect(() => LocalDate.parseValue('2026-13-01')).toThrow('not a valid LocalDate');
  });
});
