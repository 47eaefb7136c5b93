import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { ErrorCode } from '../../common/errors';
import type { RequestContext } from '../../context';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_FORMAT = /^[A-Za-z0-9_.:-]{1,100}$/;
/** How long a retry waits for the first request with its key to finish. */
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A refusal answered here, before execution (an error thrown from this hook would read as a 500). */
function refusal(status: number, code: ErrorCode, message: string): GraphQLResponse {
  return { http: { status, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { errors: [{ message, extensions: { code } }] } } };
}

/**
 * Mutations sent with an `Idempotency-Key` header run once per key and user: a retry (a lost
 * response, a double click, two tabs) gets the first request's response instead of writing again;
 * the same key with a different operation or variables is refused. Keys are claimed with a
 * primary-key insert, so two concurrent requests with one key cannot both run. A request that
 * failed with a server fault releases its key, so the client can retry it.
 */
export function idempotencyPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ request }) {
      const key = request.http?.headers.get(IDEMPOTENCY_HEADER);
      if (!key) return {};
      let claimed = false;
      return {
        async responseForOperation({ operation, contextValue: ctx }): Promise<GraphQLResponse | null> {
          if (operation.operation !== 'mutation' || !ctx.viewer) return null;
          if (!KEY_FORMAT.test(key)) return refusal(400, ErrorCode.BAD_USER_INPUT, 'Idempotency-Key must be 1-100 letters, digits or . _ : -');
          const hash = createHash('sha256')
            .update(JSON.stringify([request.query, request.operationName ?? null, request.variables ?? {}]))
            .digest('hex');
          const inserted = await ctx.db.query(
            `INSERT INTO idempotency_key (actor_id, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`,
            [ctx.viewer.userId, key, hash],
          );
          if (inserted.length === 1) {
            claimed = true;
            return null;
          }
          for (const deadline = Date.now() + WAIT_FOR_FIRST_MS; Date.now() < deadline; await sleep(POLL_MS)) {
            const [row] = await ctx.db.query(`SELECT request_hash, response FROM idempotency_key WHERE actor_id = $1 AND key = $2`, [ctx.viewer.userId, key]);
            if (!row) break;
            if (row.request_hash !== hash) return refusal(422, ErrorCode.BAD_USER_INPUT, 'This Idempotency-Key was already used for a different request');
            if (row.response) return { http: { status: 200, headers: new HeaderMap() }, body: { kind: 'single', singleResult: row.response } };
          }
          return refusal(409, ErrorCode.CONFLICT, 'A request with this Idempotency-Key is still running; retry shortly');
        },
        async willSendResponse({ response, contextValue: ctx }) {
          if (!claimed || !ctx.viewer || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const serverFault = result.errors?.some((e) => e.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR);
          if (serverFault) {
            await ctx.db.query(`DELETE FROM idempotency_key WHERE actor_id = $1 AND key = $2`, [ctx.viewer.userId, key]);
          } else {
            await ctx.db.query(`UPDATE idempotency_key SET response = $3 WHERE actor_id = $1 AND key = $2`, [ctx.viewer.userId, key, JSON.stringify(result)]);
          }
        },
      };
    },
  };
}
