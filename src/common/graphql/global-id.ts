import { badUserInput, UserErrorCode, type UserErrorShape } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string) => UUID.test(value);

/** Opaque global id: base64url("Type:uuid"). Clients must not build or parse it. */
export function toGlobalId(typeName: string, id: string): string {
  return Buffer.from(`${typeName}:${id}`, 'utf8').toString('base64url');
}

export function fromGlobalId(globalId: string): { typeName: string; id: string } | null {
  if (globalId.length > 200) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const sep = decoded.indexOf(':');
  if (sep <= 0) return null;
  const typeName = decoded.slice(0, sep);
  const id = decoded.slice(sep + 1);
  if (!isUuid(id)) return null;
  return { typeName, id };
}

/**
 * Decodes a global id that must name a `typeName` node, or fails naming the field.
 * Used for every id argument and input field, so a wrong or forged id is a clear input error.
 */
export function expectGlobalId(globalId: string, typeName: string, field: string): string {
  const parsed = fromGlobalId(globalId);
  if (!parsed || parsed.typeName !== typeName) throw badUserInput(field, `is not a ${typeName} id`);
  return parsed.id;
}

/**
 * For rows of a multi-row input: decodes a global id that must name a `typeName` node, or records
 * a userError at `field` and returns null, so every bad row is reported at once.
 */
export function globalIdOrError(globalId: string, typeName: string, field: string[], errors: UserErrorShape[]): string | null {
  const parsed = fromGlobalId(globalId);
  if (parsed?.typeName === typeName) return parsed.id;
  errors.push({ code: UserErrorCode.INVALID, field, message: `Not a ${typeName} id` });
  return null;
}
