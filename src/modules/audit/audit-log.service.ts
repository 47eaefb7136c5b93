import { decodeCursor, pageSize, toConnection, type ConnectionShape } from '../../common/graphql/connection';
import { expectGlobalId } from '../../common/graphql/global-id';
import type { ViewerContext } from '../../context';

export interface AuditEntryRow {
  kind: 'READ' | 'WRITE';
  id: string;
  occurredAt: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  requestId: string | null;
}

export interface AuditLogFilter {
  studentId?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

/**
 * The audit trail as one timeline: writes (before/after kept in audit_event) and reads (the
 * access trail), newest first. Filtered by student, actor and a date span in the district's days.
 */
export class AuditLogService {
  async list(ctx: ViewerContext, filter: AuditLogFilter, first?: number, after?: string): Promise<ConnectionShape<AuditEntryRow>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 3);
    const studentId = filter.studentId ? expectGlobalId(filter.studentId, 'Student', 'filter.studentId') : null;
    const actorId = filter.actorId ? expectGlobalId(filter.actorId, 'StaffUser', 'filter.actorId') : null;
    const params: unknown[] = [studentId, actorId, filter.from ?? null, filter.to ?? null];
    const timeline = `
      SELECT 'WRITE' AS kind, a.id::text AS id, a.occurred_at AS "occurredAt", a.actor_id AS "actorId", a.actor_role AS "actorRole",
             a.action, a.entity_type AS "entityType", a.entity_id::text AS "entityId", a.request_id AS "requestId"
        FROM audit_event a
       WHERE ($1::uuid IS NULL OR a.student_id = $1) AND ($2::uuid IS NULL OR a.actor_id = $2)
         AND ($3::date IS NULL OR a.occurred_at >= $3::date) AND ($4::date IS NULL OR a.occurred_at < $4::date + 1)
      UNION ALL
      SELECT 'READ', r.id::text, r.occurred_at, r.actor_id, r.actor_role, r.operation, 'Student', $1::text, r.request_id
        FROM student_access_event r
       WHERE ($1::uuid IS NULL OR r.student_ids @> ARRAY[$1::uuid]) AND ($2::uuid IS NULL OR r.actor_id = $2)
         AND ($3::date IS NULL OR r.occurred_at >= $3::date) AND ($4::date IS NULL OR r.occurred_at < $4::date + 1)`;
    const page = cursor
      ? `SELECT * FROM (${timeline}) t WHERE ("occurredAt", kind, id) < ($5::timestamptz, $6, $7) ORDER BY "occurredAt" DESC, kind DESC, id DESC LIMIT ${limit + 1}`
      : `SELECT * FROM (${timeline}) t ORDER BY "occurredAt" DESC, kind DESC, id DESC LIMIT ${limit + 1}`;
    const rows: AuditEntryRow[] = await ctx.db.query(page, cursor ? [...params, ...cursor] : params);
    return toConnection(
      rows,
      limit,
      (r) => [r.occurredAt.toISOString(), r.kind, r.id],
      (r) => r,
      async () => (await ctx.db.query(`SELECT count(*)::int AS n FROM (${timeline}) t`, params))[0].n,
    );
  }
}

export const auditLogService = new AuditLogService();
