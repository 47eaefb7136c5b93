import { isIsoDate } from '../../common/dates';

/** Field parsers for CSV cells: each returns the value or a reason the cell is refused. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const no = (reason: string): Parsed<never> => ({ ok: false, reason });

export function isoDate(raw: string, label = 'date'): Parsed<string> {
  // OneRoster dates may carry a time (dateLastModified): keep the calendar day.
  const value = /^\d{4}-\d{2}-\d{2}T/.test(raw) ? raw.slice(0, 10) : raw;
  return isIsoDate(value) ? ok(value) : no(`"${raw}" is not a ${label} (YYYY-MM-DD)`);
}

export function decimal(raw: string, min: number, max: number): Parsed<number> {
  if (!/^-?\d+(\.\d+)?$/.test(raw)) return no(`"${raw}" is not a number`);
  const value = Number(raw);
  return value < min || value > max ? no(`${raw} is outside ${min} to ${max}`) : ok(value);
}

export function integer(raw: string, min: number, max: number): Parsed<number> {
  if (!/^-?\d+$/.test(raw)) return no(`"${raw}" is not a whole number`);
  const value = Number(raw);
  return value < min || value > max ? no(`${raw} is outside ${min} to ${max}`) : ok(value);
}

/** Upper-cased with spaces and dashes as underscores: "social-emotional" matches SOCIAL_EMOTIONAL. */
export const enumKey = (raw: string) => raw.trim().toUpperCase().replace(/[\s-]+/g, '_');

export function enumValue<E extends string>(raw: string, values: readonly E[], aliases: Record<string, E> = {}): Parsed<E> {
  const key = enumKey(raw);
  const value = (values as readonly string[]).includes(key) ? (key as E) : aliases[key];
  return value ? ok(value) : no(`"${raw}" is not one of ${values.join(', ')}`);
}

/** OneRoster booleans are "true"/"false"; spreadsheets add TRUE/FALSE, Y/N and 1/0. */
export function bool(raw: string): Parsed<boolean> {
  const key = raw.trim().toLowerCase();
  if (['true', 't', 'yes', 'y', '1'].includes(key)) return ok(true);
  if (['false', 'f', 'no', 'n', '0'].includes(key)) return ok(false);
  return no(`"${raw}" is not true or false`);
}
