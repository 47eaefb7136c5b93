import type { ApolloServerPlugin } from '@apollo/server';
import type { DataSource } from 'typeorm';
import { ErrorCode } from '../../common/errors';
import type { RequestContext } from '../../context';
import { preparedQuery } from '../../db/prepared';

interface AccessRecord {
  actorId: string;
  actorRole: string;
  operation: string;
  requestId: string;
  studentIds: string[];
}

interface Waiting {
  record: AccessRecord;
  done: (error?: unknown) => void;
}

/** Rows per INSERT: bounds the statement's parameters when many requests finish at once. */
const MAX_BATCH = 500;

/**
 * Group commit for the access trail: a request's row is written before its response is sent, but
 * requests that finish while an INSERT is in flight share the next one (one statement and one WAL
 * flush for all of them) instead of each paying its own. With no INSERT in flight a row is written
 * at once, so a lone request waits exactly as long as with its own INSERT.
 */
class AccessTrailWriter {
  private waiting: Waiting[] = [];
  private flushing = false;

  constructor(private readonly db: DataSource) {}

  write(record: AccessRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ record, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, MAX_BATCH);
        try {
          await this.insert(batch.map((w) => w.record));
          for (const w of batch) w.done();
        } catch (error) {
          for (const w of batch) w.done(error ?? new Error('access trail insert failed'));
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * One set-based INSERT, a named prepared statement (it runs after nearly every read); each row's
   * students travel as a uuid[] literal (ids are uuids read from the database).
   */
  private insert(records: AccessRecord[]): Promise<unknown> {
    return preparedQuery(
      this.db,
      `INSERT INTO student_access_event (actor_id, actor_role, operation, request_id, student_ids)
       SELECT actor_id, actor_role, operation, request_id, student_ids::uuid[]
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS r(actor_id, actor_role, operation, request_id, student_ids)`,
      [
        records.map((r) => r.actorId),
        records.map((r) => r.actorRole),
        records.map((r) => r.operation),
        records.map((r) => r.requestId),
        records.map((r) => `{${r.studentIds.join(',')}}`),
      ],
    );
  }
}

const writers = new WeakMap<DataSource, AccessTrailWriter>();

function writerFor(db: DataSource): AccessTrailWriter {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new AccessTrailWriter(db)));
  return writer;
}

/**
 * Writes one access-trail row per request that returned student records (FERPA 34 CFR 99.32):
 * who, in which role, which students, which operation, when, and the request id. Written (and
 * committed) before the response goes out, so a read is never served without its record: a crash
 * at any point loses either both or neither. Concurrent requests share one INSERT (see
 * AccessTrailWriter), which keeps that guarantee at a fraction of the cost of a statement each.
 */
export function accessAuditPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue: ctx, operationName, response }) {
          if (!ctx.viewer || ctx.studentReads.size === 0) return;
          try {
            await writerFor(ctx.db).write({
              actorId: ctx.viewer.userId,
              actorRole: ctx.viewer.role,
              operation: (operationName ?? 'anonymous operation').slice(0, 200),
              requestId: ctx.requestId,
              studentIds: [...ctx.studentReads],
            });
          } catch (error) {
            // No record, no records: the data is withheld and the client told to retry later.
            ctx.log.error({ err: error }, 'could not write the access trail; response withheld');
            response.http.status = 503;
            response.body = {
              kind: 'single',
              singleResult: { errors: [{ message: 'Service temporarily unavailable', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] },
            };
          }
        },
      };
    },
  };
}
