import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional } from 'class-validator';
import { Connection } from '../../common/graphql/connection';
import { LocalDate } from '../../common/graphql/scalars';
import type { AuditEntryRow } from './audit-log.service';

export enum AuditEntryKind {
  READ = 'READ',
  WRITE = 'WRITE',
}

registerEnumType(AuditEntryKind, { name: 'AuditEntryKind' });

@ObjectType('AuditEntry', { description: 'One read or write of student-level data' })
export class AuditEntryType {
  actorDbId: string | null;

  @Field(() => AuditEntryKind)
  kind: AuditEntryKind;

  @Field()
  occurredAt: Date;

  @Field(() => String, { nullable: true })
  actorRole: string | null;

  @Field({ description: 'For writes the action (e.g. "student.update"); for reads the GraphQL operation' })
  action: string;

  @Field(() => String, { nullable: true })
  entityType: string | null;

  @Field(() => String, { nullable: true, description: 'The database id of the record written' })
  entityId: string | null;

  @Field(() => String, { nullable: true })
  requestId: string | null;

  static from(row: AuditEntryRow): AuditEntryType {
    return Object.assign(new AuditEntryType(), {
      actorDbId: row.actorId,
      kind: row.kind as AuditEntryKind,
      occurredAt: row.occurredAt,
      actorRole: row.actorRole,
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      requestId: row.requestId,
    });
  }
}

@ObjectType()
export class AuditEntryConnection extends Connection(AuditEntryType, 'AuditEntry') {}

@InputType()
export class AuditLogFilterInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  studentId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  actorId?: string;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  from?: string;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  to?: string;
}
