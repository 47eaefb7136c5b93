import type { DataSource, EntityManager } from 'typeorm';
import type { ViewerContext } from '../../context';

/**
 * The import's context for one batch: the same viewer (the admin running the import), with its
 * database bound to the batch's transaction. A service called with it runs its own
 * `ctx.db.transaction(...)` as a savepoint inside the batch, so it keeps every rule, scope check
 * and audit it applies to the API, while the batch commits (or rolls back) as one transaction; a
 * service that refuses one record rolls back to its savepoint only.
 */
export function boundToTransaction(ctx: ViewerContext, em: EntityManager): ViewerContext {
  const db = new Proxy(ctx.db, {
    get(target, prop, receiver) {
      switch (prop) {
        case 'transaction':
          return (...args: unknown[]) => (em.transaction as (...a: unknown[]) => unknown)(...args);
        case 'manager':
          return em;
        case 'query':
          return em.query.bind(em);
        case 'createQueryBuilder':
          return em.createQueryBuilder.bind(em);
        case 'getRepository':
          return em.getRepository.bind(em);
        default:
          return Reflect.get(target, prop, receiver);
      }
    },
  }) as DataSource;
  return { ...ctx, db };
}
