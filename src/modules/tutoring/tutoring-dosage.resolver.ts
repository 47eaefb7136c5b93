import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../../common/errors';
import { expectGlobalId } from '../../common/graphql/global-id';
import { LocalDate } from '../../common/graphql/scalars';
import type { ViewerContext } from '../../context';
import { SchoolType } from '../schools/school.type';
import { StudentType } from '../students/student.type';
import { TierPlacementType } from '../tiers/tier.types';
import { tutoringChecksService } from './tutoring-checks.service';
import { tutoringDosageService } from './tutoring-dosage.service';
import {
  TutoringDosageType,
  TutoringGroupRatioFindingType,
  TutoringQueueType,
  TutoringSessionMinutesFindingType,
  TutoringSupportGapType,
} from './tutoring-dosage.type';
import { TutoringGroupType, TutoringProgramType } from './tutoring-program.type';
import { TutoringAssignmentType, TutoringSessionType } from './tutoring-session.type';

function assertWindow(from: string, to: string): void {
  if (to < from) throw badUserInput('to', 'must not be before from');
}

@Authorized()
@Resolver(() => StudentType)
export class StudentTutoringResolver {
  @FieldResolver(() => [TutoringAssignmentType], { description: 'Tutoring group assignments, newest first' })
  async tutoringAssignments(@Root() student: StudentType, @Ctx() ctx: ViewerContext): Promise<TutoringAssignmentType[]> {
    return (await ctx.loaders.tutoring.assignmentsByStudentId.load(student.dbId)).map(TutoringAssignmentType.from);
  }

  @FieldResolver(() => [TutoringDosageType], { description: 'Tutoring dosage per program over [from, to] (to defaults to today and never runs past it)' })
  async tutoringDosage(
    @Root() student: StudentType,
    @Ctx() ctx: ViewerContext,
    @Arg('from', () => LocalDate) from: string,
    @Arg('to', () => LocalDate, { nullable: true }) to?: string,
  ): Promise<TutoringDosageType[]> {
    const until = to ?? ctx.today;
    assertWindow(from, until);
    return (await ctx.loaders.tutoring.dosageByStudentId(from, until).load(student.dbId)).map(TutoringDosageType.from);
  }
}

@Authorized()
@Resolver(() => TutoringDosageType)
export class TutoringDosageResolver {
  @FieldResolver(() => StudentType, { nullable: true })
  async student(@Root() dosage: TutoringDosageType, @Ctx() ctx: ViewerContext): Promise<StudentType | null> {
    const student = await ctx.loaders.students.visibleStudentById.load(dosage.studentDbId);
    return student ? StudentType.from(student) : null;
  }

  @FieldResolver(() => TutoringProgramType)
  async program(@Root() dosage: TutoringDosageType, @Ctx() ctx: ViewerContext): Promise<TutoringProgramType> {
    return TutoringProgramType.from((await ctx.loaders.tutoring.programById.load(dosage.programDbId))!);
  }
}

@Authorized()
@Resolver(() => TutoringGroupRatioFindingType)
export class TutoringGroupRatioFindingResolver {
  @FieldResolver(() => TutoringGroupType)
  async group(@Root() finding: TutoringGroupRatioFindingType, @Ctx() ctx: ViewerContext): Promise<TutoringGroupType> {
    return TutoringGroupType.from((await ctx.loaders.tutoring.groupById.load(finding.groupDbId))!);
  }
}

@Authorized()
@Resolver(() => TutoringSessionMinutesFindingType)
export class TutoringSessionMinutesFindingResolver {
  @FieldResolver(() => TutoringSessionType)
  async session(@Root() finding: TutoringSessionMinutesFindingType, @Ctx() ctx: ViewerContext): Promise<TutoringSessionType> {
    return TutoringSessionType.from((await ctx.loaders.tutoring.sessionById.load(finding.sessionDbId))!);
  }
}

@Authorized()
@Resolver(() => TutoringQueueType)
export class TutoringQueueResolver {
  @Query(() => TutoringQueueType, {
    nullable: true,
    description: "A school's or a program's tutoring queues (give one of schoolId, programId); null when missing or not visible",
  })
  async tutoringQueue(
    @Ctx() ctx: ViewerContext,
    @Arg('schoolId', () => ID, { nullable: true }) schoolId?: string,
    @Arg('programId', () => ID, { nullable: true }) programId?: string,
  ): Promise<TutoringQueueType | null> {
    if (Boolean(schoolId) === Boolean(programId)) throw badUserInput('schoolId', 'give either schoolId or programId');
    if (schoolId) {
      const school = await ctx.loaders.schools.schoolById.load(expectGlobalId(schoolId, 'School', 'schoolId'));
      return school ? Object.assign(new TutoringQueueType(), { scope: { kind: 'school', schoolId: school.id } }) : null;
    }
    const program = await ctx.loaders.tutoring.visibleProgramById.load(expectGlobalId(programId!, 'TutoringProgram', 'programId'));
    if (!program) return null;
    const schools = await ctx.loaders.tutoring.schoolsByProgramId.load(program.id);
    return Object.assign(new TutoringQueueType(), {
      scope: { kind: 'program', programId: program.id, schoolIds: schools.map((s) => s.schoolId), subjects: program.subjects },
    });
  }

  @FieldResolver(() => SchoolType, { nullable: true, description: 'The school, for a school queue' })
  async school(@Root() queue: TutoringQueueType, @Ctx() ctx: ViewerContext): Promise<SchoolType | null> {
    if (queue.scope.kind !== 'school') return null;
    return SchoolType.from((await ctx.loaders.schools.schoolById.load(queue.scope.schoolId))!);
  }

  @FieldResolver(() => TutoringProgramType, { nullable: true, description: 'The program, for a program queue' })
  async program(@Root() queue: TutoringQueueType, @Ctx() ctx: ViewerContext): Promise<TutoringProgramType | null> {
    if (queue.scope.kind !== 'program') return null;
    return TutoringProgramType.from((await ctx.loaders.tutoring.programById.load(queue.scope.programId))!);
  }

  @FieldResolver(() => [TutoringDosageType], { description: 'Students (visible to you) missing their target dosage over [from, to]; default the last four weeks' })
  async studentsBelowDosage(
    @Root() queue: TutoringQueueType,
    @Ctx() ctx: ViewerContext,
    @Arg('from', () => LocalDate, { nullable: true }) from?: string,
    @Arg('to', () => LocalDate, { nullable: true }) to?: string,
  ): Promise<TutoringDosageType[]> {
    const recent = tutoringDosageService.recentWindow(ctx);
    const window = { from: from ?? recent.from, to: to ?? recent.to };
    assertWindow(window.from, window.to);
    return (await tutoringChecksService.studentsBelowDosage(ctx, queue.scope, window.from, window.to)).map(TutoringDosageType.from);
  }

  @FieldResolver(() => [TutoringGroupType], { description: 'Groups with students and a scheduled day this week so far, but no session logged (held or cancelled)' })
  async groupsWithoutSessionThisWeek(@Root() queue: TutoringQueueType, @Ctx() ctx: ViewerContext): Promise<TutoringGroupType[]> {
    const ids = await tutoringChecksService.groupsWithoutSessionThisWeek(ctx, queue.scope);
    const groups = await Promise.all(ids.map((id) => ctx.loaders.tutoring.groupById.load(id)));
    return groups.flatMap((g) => (g ? [TutoringGroupType.from(g)] : []));
  }

  @FieldResolver(() => [TutoringSupportGapType], {
    description: 'Tier 2/3 reading or math students (visible to you) with neither an active intervention plan nor tutoring in that domain',
  })
  async tieredStudentsWithoutSupport(@Root() queue: TutoringQueueType, @Ctx() ctx: ViewerContext): Promise<TutoringSupportGapType[]> {
    return (await tutoringChecksService.supportGaps(ctx, queue.scope)).map(TutoringSupportGapType.from);
  }
}

@Authorized()
@Resolver(() => TutoringSupportGapType)
export class TutoringSupportGapResolver {
  @FieldResolver(() => StudentType, { nullable: true })
  async student(@Root() gap: TutoringSupportGapType, @Ctx() ctx: ViewerContext): Promise<StudentType | null> {
    const student = await ctx.loaders.students.visibleStudentById.load(gap.studentDbId);
    return student ? StudentType.from(student) : null;
  }

  @FieldResolver(() => TierPlacementType, { description: 'The placement in force' })
  async placement(@Root() gap: TutoringSupportGapType, @Ctx() ctx: ViewerContext): Promise<TierPlacementType> {
    const history = await ctx.loaders.tiers.placementHistoryByStudentId.load(gap.studentDbId);
    return TierPlacementType.from(history.find((p) => p.id === gap.placementDbId)!);
  }
}
