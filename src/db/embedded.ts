import { mkdirSync } from 'node:fs';
import type { Extension, PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** A postgres:// URL the ordinary `pg` driver connects to. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Directory that persists the database; omit for an in-memory database. */
  dataDir?: string;
  host?: string;
  /** 0 lets the OS pick a free port. */
  port?: number;
  maxConnections?: number;
}

// PGlite ships as ESM with a CommonJS build that does a dynamic import();
// loading it through a real dynamic import keeps tsc from rewriting it to require().
const importEsm = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

/**
 * Starts PGlite (PostgreSQL compiled to WASM) in this process behind a loopback socket server,
 * so the application reaches it through the same `pg` driver and pool it uses in production.
 * The socket server serialises statements and keeps a transaction on the connection that opened
 * it, which is why we do not hand TypeORM one shared PGlite session (overlapping transactions
 * would interfere).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const { PGlite } = await importEsm<typeof import('@electric-sql/pglite')>('@electric-sql/pglite');
  const { PGLiteSocketServer } = await importEsm<typeof import('@electric-sql/pglite-socket')>(
    '@electric-sql/pglite-socket',
  );
  // btree_gist: enrollment's exclusion constraint (a student's enrollments never overlap) needs it,
  // as it does on PostgreSQL, where it ships with the server's contrib modules.
  const { btree_gist } = await importEsm<{ btree_gist: Extension }>('@electric-sql/pglite/contrib/btree_gist');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db: PGlite = await PGlite.create(options.dataDir ?? 'memory://', { extensions: { btree_gist } });
  const host = options.host ?? '127.0.0.1';
  const server: PGLiteSocketServer = new PGLiteSocketServer({
    db: keepMessageSequencesTogether(db),
    host,
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 32,
  });
  await server.start();
  const port = await listeningPort(server, options.port ?? 0);
  return {
    url: `postgres://postgres:postgres@${host}:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

/**
 * Client messages that end a unit of work: Sync closes an extended-protocol sequence (Parse, Bind,
 * Describe, Execute...), Query is a whole simple query, Terminate ends the connection, and a
 * startup message (no type byte: its first byte is the high byte of its length, 0) stands alone.
 */
const SEQUENCE_ENDS = new Set(['S'.charCodeAt(0), 'Q'.charCodeAt(0), 'X'.charCodeAt(0), 0]);

/**
 * The socket server runs each connection's messages one at a time on PGlite's single session and
 * keeps a connection to itself only while a transaction is open. Between a Parse and its Sync
 * another connection's Parse would replace the unnamed statement, and a client would get another
 * client's rows. Reporting "in a transaction" until the sequence ends makes the server's own
 * queue keep the connection until its Sync (reproduced and covered by tests/db/embedded.test.ts).
 */
function keepMessageSequencesTogether(db: PGlite): PGlite {
  let midSequence = false;
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'isInTransaction') return () => midSequence || target.isInTransaction();
      if (prop === 'execProtocolRawStream') {
        return async (message: Uint8Array, options: Parameters<PGlite['execProtocolRawStream']>[1]) => {
          try {
            return await target.execProtocolRawStream(message, options);
          } finally {
            midSequence = !SEQUENCE_ENDS.has(message[0]);
          }
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function listeningPort(server: PGLiteSocketServer, requested: number): Promise<number> {
  const address = (server as unknown as { server?: { address(): { port: number } | string | null } }).server?.address();
  if (address && typeof address === 'object') return address.port;
  if (requested) return requested;
  throw new Error('embedded PostgreSQL did not report its port');
}
