import { LocalTimeResolver } from 'graphql-scalars';
import { createUnionType, Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../common/graphql/connection';
import { toGlobalId } from '../../common/graphql/global-id';
import { Node } from '../../common/graphql/node';
import { LocalDate } from '../../common/graphql/scalars';
import { MtssDomain } from '../../common/mtss';
import { StaffUserType } from '../staff/staff.type';
import { DayOfWeek, TutoringProvider, TutoringSetting, dayFromIso } from './tutoring-enums';
import type { TutoringGroupEntity, TutoringPartnerTutorEntity, TutoringProgramEntity } from './tutoring-program.entity';

/** A clock time, 'HH:mm:ss', in the district's time zone. */
export const LocalTime = LocalTimeResolver;

@ObjectType('TutoringTargetDosage', { description: 'What the program aims for; defaults are the NSSA high-impact tutoring standards' })
export class TutoringTargetDosageType {
  @Field(() => Int, { description: 'Sessions a student attends per week (NSSA: at least 3)' })
  sessionsPerWeek: number;

  @Field(() => Int, { description: 'Minutes per session (NSSA: at least 30)' })
  minutesPerSession: number;

  @Field(() => Int, { description: 'Minutes per session for students in grades PK-3, whose sessions may be shorter (default 20)' })
  minutesPerSessionK3: number;

  @Field(() => Int, { description: 'Students per tutor (NSSA: at most 4)' })
  maxStudentsPerTutor: number;

  @Field(() => Int, { description: 'Weeks the program runs (NSSA: at least 10)' })
  minWeeks: number;
}

@ObjectType('TutoringProgram', { implements: Node, description: 'A tutoring program: provider, schools, subjects, dates and target dosage' })
export class TutoringProgramType extends Node {
  dbId: string;
  schoolYearDbId: string;

  @Field()
  name: string;

  @Field(() => [MtssDomain], { description: 'READING and/or MATH' })
  subjects: MtssDomain[];

  @Field(() => TutoringProvider)
  provider: TutoringProvider;

  @Field(() => String, { nullable: true, description: 'The partner organisation (PARTNER programs)' })
  partnerOrganization: string | null;

  @Field(() => TutoringSetting)
  setting: TutoringSetting;

  @Field(() => LocalDate)
  startDate: string;

  @Field(() => LocalDate)
  endDate: string;

  @Field(() => TutoringTargetDosageType)
  targetDosage: TutoringTargetDosageType;

  @Field(() => Int, { description: 'Pass back as expectedVersion when updating' })
  version: number;

  static from(e: TutoringProgramEntity): TutoringProgramType {
    return Object.assign(new TutoringProgramType(), {
      id: toGlobalId('TutoringProgram', e.id),
      dbId: e.id,
      schoolYearDbId: e.schoolYearId,
      name: e.name,
      subjects: e.subjects,
      provider: e.provider,
      partnerOrganization: e.partnerOrganization,
      setting: e.setting,
      startDate: e.startDate,
      endDate: e.endDate,
      targetDosage: Object.assign(new TutoringTargetDosageType(), {
        sessionsPerWeek: e.targetSessionsPerWeek,
        minutesPerSession: e.targetMinutesPerSession,
        minutesPerSessionK3: e.targetMinutesPerSessionK3,
        maxStudentsPerTutor: e.maxStudentsPerTutor,
        minWeeks: e.minWeeks,
      }),
      version: e.version,
    });
  }
}

@ObjectType()
export class TutoringProgramConnection extends Connection(TutoringProgramType, 'TutoringProgram') {}

@ObjectType('TutoringPartnerTutor', { implements: Node, description: "A partner organisation's tutor, recorded under their program (no login)" })
export class TutoringPartnerTutorType extends Node {
  dbId: string;
  programDbId: string;

  @Field()
  givenName: string;

  @Field()
  familyName: string;

  @Field()
  organization: string;

  @Field()
  active: boolean;

  @Field(() => Int)
  version: number;

  static from(e: TutoringPartnerTutorEntity): TutoringPartnerTutorType {
    return Object.assign(new TutoringPartnerTutorType(), {
      id: toGlobalId('TutoringPartnerTutor', e.id),
      dbId: e.id,
      programDbId: e.programId,
      givenName: e.givenName,
      familyName: e.familyName,
      organization: e.organization,
      active: e.active,
      version: e.version,
    });
  }
}

export const TutoringTutor = createUnionType({
  name: 'TutoringTutor',
  description: 'A staff user with the TUTOR role, or a partner tutor',
  types: () => [StaffUserType, TutoringPartnerTutorType] as const,
  // No resolveType: type-graphql's own is synchronous (by class), as the executor requires
  // (compiled-execution.ts); a custom one would be wrapped in an async function.
});

@ObjectType('TutoringSchedule', { description: 'When a group meets each week' })
export class TutoringScheduleType {
  @Field(() => [DayOfWeek])
  daysOfWeek: DayOfWeek[];

  @Field(() => LocalTime)
  startTime: string;

  @Field(() => Int)
  minutes: number;
}

@ObjectType('TutoringGroup', { implements: Node, description: 'A tutor, a subject, a weekly schedule and up to `capacity` students' })
export class TutoringGroupType extends Node {
  dbId: string;
  programDbId: string;
  schoolDbId: string;
  tutorStaffDbId: string | null;
  partnerTutorDbId: string | null;

  @Field()
  name: string;

  @Field(() => MtssDomain)
  subject: MtssDomain;

  @Field(() => TutoringScheduleType)
  schedule: TutoringScheduleType;

  @Field(() => Int, { description: 'Most students assigned on any day' })
  capacity: number;

  @Field(() => Int)
  version: number;

  static from(e: TutoringGroupEntity): TutoringGroupType {
    return Object.assign(new TutoringGroupType(), {
      id: toGlobalId('TutoringGroup', e.id),
      dbId: e.id,
      programDbId: e.programId,
      schoolDbId: e.schoolId,
      tutorStaffDbId: e.tutorStaffId,
      partnerTutorDbId: e.partnerTutorId,
      name: e.name,
      subject: e.subject,
      schedule: Object.assign(new TutoringScheduleType(), {
        daysOfWeek: [...e.daysOfWeek].sort((a, b) => a - b).map(dayFromIso),
        startTime: e.startTime,
        minutes: e.minutes,
      }),
      capacity: e.capacity,
      version: e.version,
    });
  }
}
