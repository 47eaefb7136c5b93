import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../common/graphql/connection';
import { toGlobalId } from '../../common/graphql/global-id';
import { Node } from '../../common/graphql/node';
import { LocalDate } from '../../common/graphql/scalars';
import { TeamDecisionKind, TeamMeetingKind } from './meeting-enums';
import type {
  FollowUpTaskEntity,
  TeamMeetingAttendeeEntity,
  TeamMeetingDecisionEntity,
  TeamMeetingEntity,
  TeamMeetingNoteEntity,
} from './meeting.entities';

@ObjectType('TeamMeeting', { implements: Node, description: 'An MTSS, SST or attendance team meeting' })
export class TeamMeetingType extends Node {
  dbId: string;
  schoolDbId: string;
  createdByDbId: string;

  @Field(() => TeamMeetingKind)
  kind: TeamMeetingKind;

  @Field(() => LocalDate)
  heldOn: string;

  @Field(() => String, { nullable: true })
  title: string | null;

  @Field(() => Int)
  version: number;

  static from(e: TeamMeetingEntity): TeamMeetingType {
    return Object.assign(new TeamMeetingType(), {
      id: toGlobalId('TeamMeeting', e.id),
      dbId: e.id,
      schoolDbId: e.schoolId,
      createdByDbId: e.createdBy,
      kind: e.kind,
      heldOn: e.heldOn,
      title: e.title,
      version: e.version,
    });
  }
}

@ObjectType()
export class TeamMeetingConnection extends Connection(TeamMeetingType, 'TeamMeeting') {}

@ObjectType('TeamMeetingAttendee')
export class TeamMeetingAttendeeType {
  staffUserDbId: string | null;

  @Field(() => String, { nullable: true, description: 'For attendees without a staff account' })
  name: string | null;

  @Field({ description: 'The part they played, e.g. "Reading specialist", "Parent"' })
  roleLabel: string;

  static from(e: TeamMeetingAttendeeEntity): TeamMeetingAttendeeType {
    return Object.assign(new TeamMeetingAttendeeType(), { staffUserDbId: e.staffUserId, name: e.name, roleLabel: e.roleLabel });
  }
}

@ObjectType('TeamMeetingNote', { implements: Node })
export class TeamMeetingNoteType extends Node {
  dbId: string;
  meetingDbId: string;
  studentDbId: string | null;
  authorDbId: string;

  @Field()
  body: string;

  @Field({ description: 'Restricted notes are shown to counselors and school admins only' })
  restricted: boolean;

  @Field()
  createdAt: Date;

  static from(e: TeamMeetingNoteEntity): TeamMeetingNoteType {
    return Object.assign(new TeamMeetingNoteType(), {
      id: toGlobalId('TeamMeetingNote', e.id),
      dbId: e.id,
      meetingDbId: e.meetingId,
      studentDbId: e.studentId,
      authorDbId: e.authorId,
      body: e.body,
      restricted: e.restricted,
      createdAt: e.createdAt,
    });
  }
}

@ObjectType('TeamDecision', { implements: Node, description: 'A decision about a student, linked to the record it created' })
export class TeamDecisionType extends Node {
  dbId: string;
  meetingDbId: string;
  studentDbId: string;
  tierPlacementDbId: string | null;
  interventionPlanDbId: string | null;

  @Field(() => TeamDecisionKind)
  kind: TeamDecisionKind;

  @Field()
  description: string;

  static from(e: TeamMeetingDecisionEntity): TeamDecisionType {
    return Object.assign(new TeamDecisionType(), {
      id: toGlobalId('TeamDecision', e.id),
      dbId: e.id,
      meetingDbId: e.meetingId,
      studentDbId: e.studentId,
      tierPlacementDbId: e.tierPlacementId,
      interventionPlanDbId: e.interventionPlanId,
      kind: e.kind,
      description: e.description,
    });
  }
}

@ObjectType('FollowUpTask', { implements: Node })
export class FollowUpTaskType extends Node {
  dbId: string;
  meetingDbId: string;
  studentDbId: string | null;
  ownerDbId: string;

  @Field()
  description: string;

  @Field(() => LocalDate)
  assignedOn: string;

  @Field(() => LocalDate)
  dueDate: string;

  @Field()
  restricted: boolean;

  @Field(() => LocalDate, { nullable: true })
  completedOn: string | null;

  @Field({ description: 'Not completed and due before today' })
  overdue: boolean;

  @Field(() => Int)
  version: number;

  static from(e: FollowUpTaskEntity, today: string): FollowUpTaskType {
    return Object.assign(new FollowUpTaskType(), {
      id: toGlobalId('FollowUpTask', e.id),
      dbId: e.id,
      meetingDbId: e.meetingId,
      studentDbId: e.studentId,
      ownerDbId: e.ownerId,
      description: e.description,
      assignedOn: e.assignedOn,
      dueDate: e.dueDate,
      restricted: e.restricted,
      completedOn: e.completedOn,
      overdue: e.completedOn === null && e.dueDate < today,
      version: e.version,
    });
  }
}

@ObjectType()
export class FollowUpTaskConnection extends Connection(FollowUpTaskType, 'FollowUpTask') {}
