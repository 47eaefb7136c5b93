import { Arg, Authorized, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { StaffRole } from '../../common/auth/roles';
import { MutationPayload, payloadOf } from '../../common/graphql/user-error';
import type { ViewerContext } from '../../context';
import type { SchoolYearEntity } from './calendar.entity';
import { SchoolYearCalendarUpdateInput, SchoolYearCreateInput } from './calendar.inputs';
import { calendarService } from './calendar.service';
import { InstructionalDayStats, SchoolYearType, TermType } from './calendar.type';

@ObjectType()
class SchoolYearPayload extends MutationPayload {
  @Field(() => SchoolYearType, { nullable: true })
  schoolYear: SchoolYearType | null;
}


@Authorized()
@Resolver(() => SchoolYearType)
export class CalendarResolver {
  @Query(() => [SchoolYearType], { description: 'School years, latest first' })
  async schoolYears(@Ctx() ctx: ViewerContext): Promise<SchoolYearType[]> {
    return (await calendarService.list(ctx)).map(SchoolYearType.from);
  }

  @Query(() => SchoolYearType, { nullable: true, description: 'The school year today falls in (or the latest begun)' })
  async currentSchoolYear(@Ctx() ctx: ViewerContext): Promise<SchoolYearType | null> {
    const year = await calendarService.yearOn(ctx, ctx.today);
    return year ? SchoolYearType.from(year) : null;
  }

  @FieldResolver(() => [TermType])
  async terms(@Root() year: SchoolYearType, @Ctx() ctx: ViewerContext): Promise<TermType[]> {
    return (await ctx.loaders.calendar.termsBySchoolYearId.load(year.dbId)).map(TermType.from);
  }

  @FieldResolver(() => InstructionalDayStats)
  instructionalDays(@Root() year: SchoolYearType, @Ctx() ctx: ViewerContext): Promise<InstructionalDayStats> {
    return calendarService.dayStats(ctx, year.dbId);
  }

  @Authorized([StaffRole.DISTRICT_ADMIN])
  @Mutation(() => SchoolYearPayload, { description: 'Creates a school year with its terms and instructional days' })
  schoolYearCreate(@Ctx() ctx: ViewerContext, @Arg('input', () => SchoolYearCreateInput) input: SchoolYearCreateInput) {
    return payloadOf('schoolYear', SchoolYearType.from, () => calendarService.create(ctx, input));
  }

  @Authorized([StaffRole.DISTRICT_ADMIN])
  @Mutation(() => SchoolYearPayload, { description: 'Adds make-up days or removes closures' })
  schoolYearCalendarUpdate(@Ctx() ctx: ViewerContext, @Arg('input', () => SchoolYearCalendarUpdateInput) input: SchoolYearCalendarUpdateInput) {
    return payloadOf('schoolYear', SchoolYearType.from, () => calendarService.updateCalendar(ctx, input));
  }
}
