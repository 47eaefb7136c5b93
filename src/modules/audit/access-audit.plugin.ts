import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../../context';

/**
 * Writes one access-trail row per request that returned student records (FERPA 34 CFR 99.32):
 * who, in which role, which students, which operation, when, and the request id. Written before
 * the response goes out, so a read is never served without its record.
 */
export function accessAuditPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue: ctx, operationName }) {
          if (!ctx.viewer || ctx.studentReads.size === 0) return;
          await ctx.db.query(
            `INSERT INTO student_access_event (actor_id, actor_role, operation, request_id, student_ids) VALUES ($1, $2, $3, $4, $5::uuid[])`,
            [ctx.viewer.userId, ctx.viewer.role, (operationName ?? 'anonymous operation').slice(0, 200), ctx.requestId, [...ctx.studentReads]],
          );
        },
      };
    },
  };
}
