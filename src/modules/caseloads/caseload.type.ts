import { Field, ObjectType } from 'type-graphql';
import { toGlobalId } from '../../common/graphql/global-id';
import { Node } from '../../common/graphql/node';
import { LocalDate } from '../../common/graphql/scalars';
import { CaseloadKind } from './caseload-kind';
import type { CaseloadAssignmentEntity } from './caseload.entity';

@ObjectType('CaseloadAssignment', { implements: Node, description: "A staff user's responsibility for a student over a span of dates" })
export class CaseloadAssignmentType extends Node {
  dbId: string;
  staffUserDbId: string;
  studentDbId: string;

  @Field(() => CaseloadKind)
  kind: CaseloadKind;

  @Field(() => LocalDate)
  startDate: string;

  @Field(() => LocalDate, { nullable: true, description: 'Last day; null while ongoing' })
  endDate: string | null;

  static from(entity: CaseloadAssignmentEntity): CaseloadAssignmentType {
    return Object.assign(new CaseloadAssignmentType(), {
      id: toGlobalId('CaseloadAssignment', entity.id),
      dbId: entity.id,
      staffUserDbId: entity.staffUserId,
      studentDbId: entity.studentId,
      kind: entity.kind,
      startDate: entity.startDate,
      endDate: entity.endDate,
    });
  }
}
