import { Length } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../common/graphql/global-id';
import { MutationPayload } from '../../common/graphql/user-error';
import type { ImportRunEntity } from './import.entities';
import { ImportKind } from './import-kind';
import type { ImportResult } from './import-run.service';
import { rejectionsCsv, REJECTIONS_KEPT } from './rejects';

export enum ImportRunStatus {
  SUCCEEDED = 'SUCCEEDED',
  /** The file was malformed (or the kind not available): nothing was written. */
  REFUSED = 'REFUSED',
  /** An internal error stopped the run; batches before it were committed. */
  FAILED = 'FAILED',
}

registerEnumType(ImportRunStatus, { name: 'ImportRunStatus' });

@InputType()
export class ImportRunInput {
  @Field(() => ImportKind)
  kind: ImportKind;

  @Field({ description: 'A file or folder inside the server\'s import directory (IMPORT_DIR), relative to it or absolute' })
  @Length(1, 1000)
  path: string;
}

@ObjectType('ImportEntityCounts', { description: 'What an import did to one kind of record' })
export class ImportEntityCounts {
  @Field({ description: 'e.g. Student, StaffUser, Enrollment, ScreeningResult, or a file name for rows refused while read' })
  entity: string;

  @Field(() => Int) created: number;
  @Field(() => Int) updated: number;
  @Field(() => Int) unchanged: number;
  @Field(() => Int) rejected: number;
  @Field(() => Int, { description: 'Rows that map to nothing here (a district org, a guardian)' }) skipped: number;
}

@ObjectType('ImportSummary')
export class ImportSummaryType {
  @Field(() => Int, { description: 'Data rows read, across files' }) rows: number;
  @Field(() => Int) created: number;
  @Field(() => Int) updated: number;
  @Field(() => Int, { description: 'Rows equal to what is stored: nothing written' }) unchanged: number;
  @Field(() => Int) rejected: number;
  @Field(() => Int) skipped: number;
  @Field(() => [ImportEntityCounts]) entities: ImportEntityCounts[];
}

@ObjectType('ImportRejectedRow', { description: 'A row not applied, and why' })
export class ImportRejectedRow {
  @Field() file: string;
  @Field(() => Int, { description: 'Line in the file; the header is line 1' }) row: number;
  @Field({ description: 'The column concerned; empty when the reason concerns the whole row' }) column: string;
  @Field() reason: string;
}

@ObjectType('ImportRun', { description: 'One run of an import, with its summary and its rejected rows' })
export class ImportRunType {
  @Field(() => ID)
  id: string;

  @Field(() => ImportKind)
  kind: ImportKind;

  @Field(() => ImportRunStatus)
  status: ImportRunStatus;

  @Field(() => String, { nullable: true, description: 'Why the run was refused or failed' })
  message: string | null;

  @Field(() => ImportSummaryType)
  summary: ImportSummaryType;

  @Field(() => Int, { description: 'Rejection lines in the report (a row may have several, one per column)' })
  rejectedCount: number;

  @Field(() => [ImportRejectedRow], { description: `The first ${REJECTIONS_KEPT} rejections` })
  rejectedRows: ImportRejectedRow[];

  @Field({ description: `The rejected-rows report as CSV (file,row,column,reason): the first ${REJECTIONS_KEPT}` })
  rejectedRowsCsv: string;

  static from(kind: ImportKind, result: ImportResult): ImportRunType {
    return Object.assign(new ImportRunType(), {
      id: toGlobalId('ImportRun', result.runId),
      kind,
      status: result.status as ImportRunStatus,
      message: result.message,
      summary: result.summary,
      rejectedCount: result.rejects.count,
      rejectedRows: result.rejects.kept,
      rejectedRowsCsv: rejectionsCsv(result.rejects.kept),
    });
  }
}

@ObjectType()
export class ImportRunPayload extends MutationPayload {
  @Field(() => ImportRunType, { nullable: true })
  importRun: ImportRunType | null;
}

@ObjectType('ImportRunLogEntry', { description: 'A past import as the run log keeps it: who ran what, when, and its summary' })
export class ImportRunLogEntryType {
  @Field(() => ID)
  id: string;

  @Field({ description: 'oneroster, screening, attendance or annual-measures' })
  kind: string;

  @Field({ description: 'The file or folder read, as a server path' })
  source: string;

  @Field({ description: 'RUNNING while it runs (an import over the API goes on after a timed-out request), then SUCCEEDED, REFUSED or FAILED' })
  status: string;

  @Field(() => String, { nullable: true })
  message: string | null;

  @Field()
  startedAt: Date;

  @Field(() => Date, { nullable: true })
  finishedAt: Date | null;

  @Field(() => ImportSummaryType, { nullable: true })
  summary: ImportSummaryType | null;

  static from(entity: ImportRunEntity): ImportRunLogEntryType {
    return Object.assign(new ImportRunLogEntryType(), {
      id: toGlobalId('ImportRun', entity.id),
      kind: entity.kind,
      source: entity.source,
      status: entity.status,
      message: entity.message,
      startedAt: entity.startedAt,
      finishedAt: entity.finishedAt,
      summary: entity.summary as ImportSummaryType | null,
    });
  }
}
