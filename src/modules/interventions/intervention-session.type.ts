import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../common/graphql/connection';
import { toGlobalId } from '../../common/graphql/global-id';
import { Node } from '../../common/graphql/node';
import { LocalDate } from '../../common/graphql/scalars';
import { SessionAbsenceReason } from './intervention-enums';
import type { InterventionSessionAttendanceEntity, InterventionSessionEntity } from './intervention-session.entity';

@ObjectType('InterventionSession', { implements: Node, description: 'A delivered intervention session, logged once for the group' })
export class InterventionSessionType extends Node {
  dbId: string;
  schoolDbId: string;
  interventionistDbId: string;
  loggedByDbId: string;

  @Field(() => LocalDate)
  date: string;

  @Field(() => Int)
  minutes: number;

  @Field(() => String, { nullable: true })
  note: string | null;

  static from(entity: InterventionSessionEntity): InterventionSessionType {
    return Object.assign(new InterventionSessionType(), {
      id: toGlobalId('InterventionSession', entity.id),
      dbId: entity.id,
      schoolDbId: entity.schoolId,
      interventionistDbId: entity.interventionistId,
      loggedByDbId: entity.loggedBy,
      date: entity.sessionDate,
      minutes: entity.minutes,
      note: entity.note,
    });
  }
}

@ObjectType()
export class InterventionSessionConnection extends Connection(InterventionSessionType, 'InterventionSession') {}

@ObjectType('InterventionAttendance', { description: "A student's attendance at a session, through their plan" })
export class InterventionAttendanceType {
  planDbId: string;
  studentDbId: string;

  @Field()
  present: boolean;

  @Field(() => SessionAbsenceReason, { nullable: true })
  absenceReason: SessionAbsenceReason | null;

  static from(entity: InterventionSessionAttendanceEntity): InterventionAttendanceType {
    return Object.assign(new InterventionAttendanceType(), {
      planDbId: entity.planId,
      studentDbId: entity.studentId,
      present: entity.present,
      absenceReason: entity.absenceReason,
    });
  }
}
