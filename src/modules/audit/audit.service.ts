import type { EntityManager } from 'typeorm';
import type { ViewerContext } from '../../context';
import { AuditEventEntity } from './audit.entity';

export interface AuditWrite {
  action: string;
  entityType: string;
  entityId: string | null;
  studentId?: string | null;
  before?: object | null;
  after?: object | null;
}

/** Drops names from audited snapshots: the audit trail identifies by id only. */
const NAME_FIELDS = new Set(['givenName', 'familyName', 'given_name', 'family_name']);

function redact(snapshot: object | null | undefined): Record<string, unknown> | null {
  if (!snapshot) return null;
  return Object.fromEntries(Object.entries(snapshot).filter(([key]) => !NAME_FIELDS.has(key)));
}

/**
 * Records a write in the append-only audit trail, inside the caller's transaction so the audit row
 * and the change commit or roll back together.
 */
export async function recordAudit(em: EntityManager, ctx: ViewerContext, write: AuditWrite): Promise<void> {
  await recordAudits(em, ctx, [write]);
}

/** Records many writes with one statement (bulk operations). */
export async function recordAudits(em: EntityManager, ctx: ViewerContext, writes: AuditWrite[]): Promise<void> {
  if (writes.length === 0) return;
  await em.insert(AuditEventEntity, writes.map((write) => ({
    actorId: ctx.viewer.userId,
    actorRole: ctx.viewer.role,
    action: write.action,
    entityType: write.entityType,
    entityId: write.entityId,
    studentId: write.studentId ?? null,
    requestId: ctx.requestId,
    before: redact(write.before),
    after: redact(write.after),
  })));
}
