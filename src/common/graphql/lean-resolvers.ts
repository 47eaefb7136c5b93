import { GraphQLObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/**
 * The parts of type-graphql's (built) metadata this module reads. type-graphql 2 keeps them on
 * its storage after `buildSchema` (the schema generator builds a shallow clone whose definitions
 * are the storage's own objects); tests/auth/default-deny.test.ts reads the same shapes.
 */
interface ParamMetadata {
  kind: string;
  index: number;
  name?: string;
  propertyName?: string;
  getType?: () => unknown;
  validateSettings?: unknown;
  validateFn?: unknown;
}
interface FieldResolverMetadata {
  kind: 'internal' | 'external';
  target: new () => Record<string, (...args: unknown[]) => unknown>;
  methodName: string;
  schemaName: string;
  roles?: string[];
  middlewares?: unknown[];
  params?: ParamMetadata[];
  getObjectType?: () => Function;
}
interface FieldMetadata {
  name: string;
  schemaName: string;
  target: Function;
  roles?: string[];
  middlewares?: unknown[];
}
interface Storage {
  fieldResolvers: FieldResolverMetadata[];
  fields: FieldMetadata[];
  objectTypes: { target: Function; name: string; interfaceClasses?: Function[] }[];
  interfaceTypes: { target: Function; name: string }[];
}

/** Argument types passed through unchanged by type-graphql (scalars, enums, built-in primitives): nothing to convert or validate. */
const isPlainArgType = (type: unknown) => typeof type !== 'function' || type === String || type === Number || type === Boolean;

/**
 * A field resolver that may run without type-graphql's middleware chain: its only rule is
 * "signed in" (`@Authorized()` with no roles), it has no middlewares, and its parameters need no
 * conversion or class-validator run (root, context, info, scalar or enum arguments).
 */
function isLean(def: FieldResolverMetadata): boolean {
  if (def.kind !== 'external' || !def.roles || def.roles.length > 0 || (def.middlewares?.length ?? 0) > 0) return false;
  return (def.params ?? []).every((p) => {
    if (p.kind === 'context' || p.kind === 'info') return true;
    if (p.kind === 'root') return !p.propertyName && (!p.getType || typeof p.getType() === 'function');
    if (p.kind === 'arg') return !p.validateFn && isPlainArgType(p.getType?.());
    return false;
  });
}

/** As type-graphql's convertToType for an object root: our roots are already instances of their type class. */
function rootAs(type: (new () => object) | undefined, root: unknown): unknown {
  if (!type || root === null || root === undefined || root instanceof type || typeof root !== 'object') return root;
  return Array.isArray(root) ? root.map((item) => rootAs(type, item)) : Object.assign(new type(), root);
}

function leanResolver(def: FieldResolverMetadata, instance: Record<string, (...args: unknown[]) => unknown>): GraphQLFieldResolver<unknown, unknown> {
  const params = [...(def.params ?? [])].sort((a, b) => a.index - b.index);
  const rootType = params.find((p) => p.kind === 'root')?.getType?.() as (new () => object) | undefined;
  const method = instance[def.methodName];
  return (root, args, context, info) =>
    method.apply(
      instance,
      params.map((p) =>
        p.kind === 'root' ? rootAs(rootType, root) : p.kind === 'context' ? context : p.kind === 'info' ? info : (args as Record<string, unknown>)[p.name!],
      ),
    );
}

/**
 * Removes per-field work that decides nothing, measured on the nested student page (issue 9):
 *
 * - type-graphql wraps every `@FieldResolver` of an `@Authorized()` class in an async auth
 *   middleware and a dispatch chain, run for every field of every row (a page of 100 students
 *   ran it about 400 times). A field whose only rule is "signed in" is reached only through a
 *   root query or mutation that already refused an anonymous request (every root carries
 *   `@Authorized`: tests/auth/default-deny.test.ts), so its check cannot fail; it calls the
 *   method directly. Fields that name roles (`Student.accessLog`) keep their check, and so do
 *   fields whose arguments type-graphql must convert or validate.
 * - Plain `@Field` properties without roles or middlewares get graphql-js's default resolver
 *   (a property read) instead of type-graphql's wrapper, which allocated per field per row.
 */
export function withLeanFieldResolvers(schema: GraphQLSchema, resolverClasses: readonly Function[]): GraphQLSchema {
  const storage = getMetadataStorage() as unknown as Storage;
  const classNames = new Map<Function, string>([...storage.objectTypes, ...storage.interfaceTypes].map((t) => [t.target, t.name]));
  const ours = new Set(resolverClasses);
  const instances = new Map<Function, Record<string, (...args: unknown[]) => unknown>>();
  const resolved = new Set<string>();

  for (const def of storage.fieldResolvers) {
    if (!ours.has(def.target) || !def.getObjectType) continue;
    const typeName = classNames.get(def.getObjectType());
    const type = typeName ? schema.getType(typeName) : undefined;
    if (!(type instanceof GraphQLObjectType)) continue;
    const field = type.getFields()[def.schemaName];
    if (!field) continue;
    resolved.add(`${type.name}.${field.name}`);
    if (!isLean(def)) continue;
    let instance = instances.get(def.target);
    if (!instance) instances.set(def.target, (instance = new def.target()));
    field.resolve = leanResolver(def, instance);
  }

  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__') || [schema.getQueryType(), schema.getMutationType()].includes(type)) continue;
    const meta = storage.objectTypes.find((t) => t.name === type.name);
    if (!meta) continue;
    const owners = [meta.target, ...(meta.interfaceClasses ?? [])];
    for (const field of Object.values(type.getFields())) {
      if (resolved.has(`${type.name}.${field.name}`)) continue;
      const fieldMeta = storage.fields.find(
        (f) => f.schemaName === field.name && owners.some((owner) => f.target === owner || Object.prototype.isPrototypeOf.call(f.target, owner)),
      );
      if (!fieldMeta || fieldMeta.name !== fieldMeta.schemaName || fieldMeta.roles || (fieldMeta.middlewares?.length ?? 0) > 0) continue;
      field.resolve = undefined;
    }
  }
  return schema;
}
