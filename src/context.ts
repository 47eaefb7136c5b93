import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Viewer } from './common/auth/viewer';
import type { Logger } from './logger';
import { createLoaders, type Loaders } from './loaders';

/** Everything a resolver and a service may use for one request; built fresh per request. */
export interface RequestContext {
  requestId: string;
  viewer: Viewer | null;
  db: DataSource;
  /** Per-request DataLoaders: never shared, or one user's rows would leak into another's cache. */
  loaders: Loaders;
  /** The district's calendar date at the start of the request. */
  today: string;
  log: Logger;
  /** Students whose records this request returned: written to the access trail when it ends. */
  studentReads: Set<string>;
}

/** A context whose viewer is known: every authorized operation runs with one. */
export type ViewerContext = RequestContext & { viewer: Viewer };

export function buildContext(params: {
  db: DataSource;
  viewer: Viewer | null;
  today: string;
  log: Logger;
  requestId?: string;
}): RequestContext {
  const requestId = params.requestId ?? randomUUID();
  const ctx = {
    requestId,
    viewer: params.viewer,
    db: params.db,
    today: params.today,
    log: params.log.child({ requestId }),
    studentReads: new Set<string>(),
  } as RequestContext;
  ctx.loaders = createLoaders(ctx);
  return ctx;
}

export function requireViewer(ctx: RequestContext): Viewer {
  if (!ctx.viewer) throw new Error('authorized operation reached without a viewer');
  return ctx.viewer;
}
