import { isEnumType, isInputObjectType, isListType, isNonNullType, type GraphQLField, type GraphQLInputType } from 'graphql';

const SAMPLE_ID = Buffer.from('Student:00000000-0000-4000-8000-000000000000').toString('base64url');

/** A literal of the right type for a required argument, so validation passes and authorization decides. */
export function sampleValue(type: GraphQLInputType): string {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return `[${sampleValue(inner.ofType)}]`;
  if (isEnumType(inner)) return inner.getValues()[0].name;
  if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields()).filter((f) => isNonNullType(f.type));
    return `{ ${fields.map((f) => `${f.name}: ${sampleValue(f.type)}`).join(', ')} }`;
  }
  switch (inner.name) {
    case 'Int':
      return '1';
    case 'Float':
      return '1.5';
    case 'Boolean':
      return 'true';
    case 'LocalDate':
      return '"2026-10-01"';
    default:
      return `"${SAMPLE_ID}"`;
  }
}

/** `field(requiredArgs...)` with sample values. */
export function sampleCall(field: GraphQLField<unknown, unknown>): string {
  const args = field.args.filter((a) => isNonNullType(a.type)).map((a) => `${a.name}: ${sampleValue(a.type)}`);
  return `${field.name}${args.length ? `(${args.join(', ')})` : ''}`;
}
