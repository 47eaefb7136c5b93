import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/*
 * What the app needs to know of a data source's connection pool, in one place: TypeORM keeps its
 * pg Pool as the driver's `master`, and PGlite's socket server serves every connection from one
 * session, which rules out what needs sessions of their own (named prepared statements, writers
 * in parallel transactions).
 */

/** TypeORM's pg Pool of the data source (undefined before it is initialized). */
export function appPool(db: DataSource): Pool | undefined {
  return (db.driver as unknown as { master?: Pool }).master;
}

/** Connections the pool may open. */
export function poolSize(db: DataSource): number {
  return (appPool(db) as unknown as { options?: { max?: number } } | undefined)?.options?.max ?? 1;
}

const oneSession = new WeakMap<DataSource, Promise<boolean>>();

/**
 * Whether every connection of the pool is the same server session (the embedded PGlite), asked of
 * the server once per data source rather than trusted to whoever made it.
 */
export function sharesOneSession(db: DataSource): Promise<boolean> {
  let known = oneSession.get(db);
  if (!known) {
    known = db.query(`SELECT version() LIKE '%PGlite%' AS embedded`).then((rows: { embedded: boolean }[]) => rows[0].embedded);
    // A failed probe (the database unreachable) is asked again next time, not remembered.
    known.catch(() => oneSession.delete(db));
    oneSession.set(db, known);
  }
  return known;
}
