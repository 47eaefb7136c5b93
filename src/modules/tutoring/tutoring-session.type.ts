import { Field, ID, Int, ObjectType } from 'type-graphql';
import { toGlobalId } from '../../common/graphql/global-id';
import { Node } from '../../common/graphql/node';
import { LocalDate } from '../../common/graphql/scalars';
import { TutoringCancelReason, TutoringSessionStatus } from './tutoring-enums';
import type { TutoringAssignmentEntity, TutoringAttendanceEntity, TutoringSessionEntity } from './tutoring-session.entity';

@ObjectType('TutoringAssignment', { implements: Node, description: 'A student in a tutoring group over a span of dates (both ends inclusive)' })
export class TutoringAssignmentType extends Node {
  dbId: string;
  groupDbId: string;
  studentDbId: string;
  tierPlacementDbId: string | null;

  @Field(() => LocalDate)
  startDate: string;

  @Field(() => LocalDate, { nullable: true, description: 'Last day in the group; null while ongoing (until the program ends)' })
  endDate: string | null;

  @Field()
  reason: string;

  @Field(() => ID, { nullable: true, description: 'The intervention plan (InterventionPlan id) this tutoring delivers, when linked' })
  interventionPlanId: string | null;

  @Field(() => String, { nullable: true })
  endReason: string | null;

  static from(e: TutoringAssignmentEntity): TutoringAssignmentType {
    return Object.assign(new TutoringAssignmentType(), {
      id: toGlobalId('TutoringAssignment', e.id),
      dbId: e.id,
      groupDbId: e.groupId,
      studentDbId: e.studentId,
      tierPlacementDbId: e.tierPlacementId,
      startDate: e.startDate,
      endDate: e.endDate,
      reason: e.reason,
      interventionPlanId: e.interventionPlanId ? toGlobalId('InterventionPlan', e.interventionPlanId) : null,
      endReason: e.endReason,
    });
  }
}

@ObjectType('TutoringSession', { implements: Node, description: "A group's session on a date: held (with attendance) or cancelled" })
export class TutoringSessionType extends Node {
  dbId: string;
  groupDbId: string;
  ledByStaffDbId: string | null;
  ledByPartnerTutorDbId: string | null;
  loggedByDbId: string;

  @Field(() => LocalDate)
  date: string;

  @Field(() => TutoringSessionStatus)
  status: TutoringSessionStatus;

  @Field(() => Int, { nullable: true, description: 'Null when cancelled' })
  minutes: number | null;

  @Field(() => Boolean, { nullable: true, description: "False when a substitute led it (as of the day it was logged); null when cancelled" })
  ledByAssignedTutor: boolean | null;

  @Field(() => TutoringCancelReason, { nullable: true })
  cancelReason: TutoringCancelReason | null;

  @Field(() => String, { nullable: true })
  note: string | null;

  static from(e: TutoringSessionEntity): TutoringSessionType {
    return Object.assign(new TutoringSessionType(), {
      id: toGlobalId('TutoringSession', e.id),
      dbId: e.id,
      groupDbId: e.groupId,
      ledByStaffDbId: e.ledByStaffId,
      ledByPartnerTutorDbId: e.ledByPartnerTutorId,
      loggedByDbId: e.loggedBy,
      date: e.sessionDate,
      status: e.status,
      minutes: e.minutes,
      ledByAssignedTutor: e.ledByAssignedTutor,
      cancelReason: e.cancelReason,
      note: e.note,
    });
  }
}

@ObjectType('TutoringAttendance', { description: "A student's attendance at a held session" })
export class TutoringAttendanceType {
  studentDbId: string;

  @Field()
  present: boolean;

  static from(e: TutoringAttendanceEntity): TutoringAttendanceType {
    return Object.assign(new TutoringAttendanceType(), { studentDbId: e.studentId, present: e.present });
  }
}
