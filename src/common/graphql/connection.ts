import { GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { badUserInput } from '../errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  /** A getter: the COUNT query runs only when a client selects totalCount, and at most once. */
  readonly totalCount: Promise<number>;
}

function withLazyCount<T>(
  parts: Omit<ConnectionShape<T>, 'totalCount'>,
  count: () => Promise<number>,
): ConnectionShape<T> {
  let counted: Promise<number> | undefined;
  return Object.defineProperty(parts, 'totalCount', { get: () => (counted ??= count()), enumerable: false }) as ConnectionShape<T>;
}

/**
 * Gives every connection's `totalCount` a resolver that reads the lazy count. graphql-jit (the
 * executor, compiled-execution.ts) reads a field without a resolver as a plain value, and only a
 * resolver may return a promise: without this, the count promise itself would be serialized.
 */
export function resolveLazyTotalCounts(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || !type.name.endsWith('Connection')) continue;
    const field = type.getFields().totalCount;
    if (field && !field.resolve) field.resolve = (connection: { totalCount: Promise<number> | number }) => connection.totalCount;
  }
  return schema;
}

/** Builds `<Name>Connection` and `<Name>Edge` types for a node type. */
export function Connection<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  // Registered so subclasses inherit its fields; never referenced, so never emitted itself.
  @ObjectType(`${name}ConnectionBase`)
  abstract class ConnectionType {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => [nodeType], { description: 'The nodes of the edges, for clients that need no cursors' })
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    // A lazy getter on the service's result (see withLazyCount).
    @Field(() => Int, { description: 'All matching rows, across pages' })
    totalCount: number;
  }
  return ConnectionType;
}

export function pageSize(first: number | undefined | null): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput('first', `must be from 1 to ${MAX_PAGE_SIZE}`);
  }
  return first;
}

/** Keyset cursors carry the sort key of the last row seen, so pages stay stable under inserts. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined | null, arity: number): unknown[] | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && values.every((v) => ['string', 'number'].includes(typeof v))) {
      return values;
    }
  } catch {
    // fall through to the input error
  }
  throw badUserInput('after', 'is not a cursor from this connection');
}

/**
 * An edge whose cursor is encoded only when read: a client asking for `nodes` alone (most lists)
 * never pays for it. A class, so the getter lives on one prototype: an object literal with a
 * getter made a new accessor and closure per edge (issue 9: a page of 100 students, twice).
 */
class LazyCursorEdge<Row, Node> {
  private encoded: string | undefined;
  constructor(
    private readonly row: Row,
    private readonly cursorOf: (row: Row) => unknown[],
    readonly node: Node,
  ) {}

  get cursor(): string {
    return (this.encoded ??= encodeCursor(this.cursorOf(this.row)));
  }
}

/** An edge of a mapped connection: another node, the source edge's (lazy) cursor. */
class MappedEdge<Node> {
  constructor(
    private readonly source: { readonly cursor: string },
    readonly node: Node,
  ) {}

  get cursor(): string {
    return this.source.cursor;
  }
}

/**
 * Builds a connection from a page fetched with one extra row (`limit + 1`), which tells whether a
 * next page exists without a second query.
 */
export function toConnection<Row, Node>(
  rows: Row[],
  limit: number,
  cursorOf: (row: Row) => unknown[],
  toNode: (row: Row) => Node,
  count: () => Promise<number>,
): ConnectionShape<Node> {
  const page = rows.slice(0, limit);
  const edges = page.map((row) => new LazyCursorEdge(row, cursorOf, toNode(row)));
  return withLazyCount(
    {
      edges,
      nodes: edges.map((e) => e.node),
      pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    },
    count,
  );
}

/** Maps a connection's nodes (entity to GraphQL type), keeping cursors and the lazy count. */
export function mapConnection<A, B>(page: ConnectionShape<A>, map: (node: A) => B): ConnectionShape<B> {
  const edges = page.edges.map((e) => new MappedEdge(e, map(e.node)));
  return withLazyCount({ edges, nodes: edges.map((e) => e.node), pageInfo: page.pageInfo }, () => page.totalCount);
}
