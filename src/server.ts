import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import { compiledExecution } from './common/graphql/compiled-execution';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { verifyAccessToken, type JwtSettings } from './common/auth/jwt';
import type { Viewer } from './common/auth/viewer';
import { todayIn } from './common/dates';
import { AppError, ErrorCode, unauthenticated } from './common/errors';
import { GraphQLError } from 'graphql';
import { createFormatError } from './common/graphql/format-error';
import { armorProtection, complexityLimitPlugin, PARSE_OPTIONS } from './common/graphql/limits';
import { isUuid } from './common/graphql/global-id';
import { buildContext, type RequestContext } from './context';
import type { Logger } from './logger';
import { accessAuditPlugin } from './modules/audit/access-audit.plugin';
import { idempotencyPlugin } from './modules/idempotency/idempotency.plugin';
import { landingDocument } from './modules/my-work/landing-document';
import { staffService } from './modules/staff/staff.service';

export interface ServerOptions {
  db: DataSource;
  schema: GraphQLSchema;
  jwt: JwtSettings;
  log: Logger;
  timeZone: string;
  production: boolean;
  /** Origins allowed by CORS; none by default (same-origin and non-browser clients only). */
  corsOrigins?: string[];
  /** Overrides the clock (tests). */
  now?: () => Date;
  /** A GraphQL request still running after this long is answered 503 (its SQL is bounded by the statement timeout). */
  requestTimeoutMs?: number;
}

export interface AppServer {
  httpServer: http.Server;
  apollo: ApolloServer<RequestContext>;
  /** Resolves once the server listens; returns the port. */
  listen(port: number, host: string): Promise<number>;
  stop(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BODY_LIMIT = '100kb';

function loggingPlugin(log: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, errors, response }) {
          contextValue.log.info(
            {
              operationName: operationName ?? null,
              userId: contextValue.viewer?.userId ?? null,
              role: contextValue.viewer?.role ?? null,
              errors: errors?.length ?? 0,
              status: response.http.status ?? 200,
              ms: Number(process.hrtime.bigint() - started) / 1e6,
            },
            'graphql request',
          );
        },
      };
    },
  };
}

/** Reads the bearer token (if any) and loads the viewer; a token that is present but bad is refused. */
async function authenticate(req: express.Request, options: ServerOptions, today: string): Promise<Viewer | null> {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
  if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
  const userId = verifyAccessToken(match[1], options.jwt);
  if (!isUuid(userId)) throw unauthenticated('Unknown user');
  const viewer = await staffService.loadViewer({ db: options.db, today }, userId);
  if (!viewer) throw unauthenticated('Unknown or deactivated user');
  return viewer;
}

/** The HTTP app: /graphql (Apollo), /healthz (process alive), /readyz (database reachable). */
export async function createServer(options: ServerOptions): Promise<AppServer> {
  const app = express();
  app.disable('x-powered-by');
  // No ETag: GraphQL answers POSTs, which no cache revalidates, and Express would hash every
  // response body to make one (a page of 100 students is 40 kB; issue 9).
  app.set('etag', false);
  const httpServer = http.createServer(app);
  const armor = armorProtection();
  const apollo = new ApolloServer<RequestContext>({
    // The schema is served through compiledExecution: graphql-jit executes each operation.
    gateway: compiledExecution(options.schema),
    validationRules: armor.validationRules,
    parseOptions: PARSE_OPTIONS,
    formatError: createFormatError(options.log),
    includeStacktraceInErrorResponses: false,
    // Compact JSON: Apollo's default indents every response, which costs CPU and bytes on every
    // page of students for no reader (clients parse it; people read it through a tool).
    stringifyResult: (result) => JSON.stringify(result),
    introspection: !options.production,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT: it stops the server, then closes the database, then exits.
    stopOnTerminationSignals: false,
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<RequestContext>[]),
      complexityLimitPlugin(),
      // No HTTP caching of GraphQL responses here (student records); Apollo's default cache-control
      // plugin would otherwise wrap every field's resolver to compute a policy nobody reads.
      ApolloServerPluginCacheControlDisabled(),
      accessAuditPlugin(),
      idempotencyPlugin(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      options.production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true, ...landingDocument() }),
      loggingPlugin(options.log),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await options.db.query('SELECT 1');
      res.json({ status: 'ready' });
    } catch (error) {
      options.log.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', reason: 'database unreachable' });
    }
  });

  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  app.use(
    '/graphql',
    (req: express.Request, res: express.Response, next: express.NextFunction) => {
      const timer = setTimeout(() => {
        if (res.headersSent) return;
        options.log.warn({ ms: requestTimeoutMs, path: req.path }, 'request timed out');
        res.status(503).json({ errors: [{ message: 'The request took too long', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      }, requestTimeoutMs);
      res.once('close', () => clearTimeout(timer));
      res.once('finish', () => clearTimeout(timer));
      next();
    },
    cors<cors.CorsRequest>({ origin: options.corsOrigins?.length ? options.corsOrigins : false }),
    express.json({ limit: BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const headerId = req.headers['x-request-id'];
        const requestId = typeof headerId === 'string' && REQUEST_ID.test(headerId) ? headerId : randomUUID();
        const today = todayIn(options.timeZone, options.now?.() ?? new Date());
        try {
          const viewer = await authenticate(req, options, today);
          return buildContext({ db: options.db, viewer, today, log: options.log, requestId });
        } catch (error) {
          if (error instanceof GraphQLError) throw error;
          // The database is unreachable or failing: say so without passing its message on.
          options.log.error({ err: error, requestId }, 'could not build the request context');
          throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'Service temporarily unavailable', { http: { status: 503 } });
        }
      },
    }),
  );

  // Body-parser failures (too large, malformed JSON) answer in GraphQL's error shape.
  app.use((error: { status?: number; type?: string; code?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) {
      // A late answer after the request timed out: nothing more to send.
      if (error?.code !== 'ERR_HTTP_HEADERS_SENT') options.log.error({ err: error }, 'error after the response was sent');
      return;
    }
    if (error?.type === 'entity.too.large') {
      res.status(413).json({ errors: [{ message: `Request body is larger than ${BODY_LIMIT}`, extensions: { code: 'BAD_USER_INPUT' } }] });
    } else if (error?.status === 400) {
      res.status(400).json({ errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } }] });
    } else {
      next(error);
    }
  });

  return {
    httpServer,
    apollo,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    stop: () => apollo.stop(),
  };
}
