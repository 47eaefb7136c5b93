import { In } from 'typeorm';
import { isUniqueViolation } from '../../common/db-errors';
import { datesBetween, dayOfWeek } from '../../common/dates';
import { UserErrorCode, UserInputError } from '../../common/errors';
import { expectGlobalId } from '../../common/graphql/global-id';
import type { RequestContext, ViewerContext } from '../../context';
import { recordAudit } from '../audit/audit.service';
import { InstructionalDayEntity, SchoolYearEntity, TermEntity } from './calendar.entity';
import type { SchoolYearCalendarUpdateInput, SchoolYearCreateInput } from './calendar.inputs';

const isWeekday = (date: string) => ![0, 6].includes(dayOfWeek(date));

export class CalendarService {
  list(ctx: RequestContext): Promise<SchoolYearEntity[]> {
    return ctx.db.manager.find(SchoolYearEntity, { order: { startDate: 'DESC' } });
  }

  /** The school year containing `date`, or else the latest one that started before it. */
  async yearOn(ctx: RequestContext, date: string): Promise<SchoolYearEntity | null> {
    return ctx.db.manager
      .createQueryBuilder(SchoolYearEntity, 'y')
      .where('y.start_date <= :date', { date })
      .orderBy('y.start_date', 'DESC')
      .getOne();
  }

  termsOf(ctx: RequestContext, yearIds: readonly string[]): Promise<TermEntity[]> {
    return ctx.db.manager.find(TermEntity, { where: { schoolYearId: In([...yearIds]) }, order: { startDate: 'ASC' } });
  }

  async dayStats(ctx: RequestContext, yearId: string): Promise<{ total: number; elapsed: number }> {
    const [row] = await ctx.db.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE calendar_date <= $2)::int AS elapsed
         FROM instructional_day WHERE school_year_id = $1`,
      [yearId, ctx.today],
    );
    return row;
  }

  /**
   * Creates a school year, its terms and its instructional days. Terms must lie within the year
   * and not overlap; instructional days are what attendance rates divide by.
   */
  async create(ctx: ViewerContext, input: SchoolYearCreateInput): Promise<{ schoolYear: SchoolYearEntity }> {
    if (input.endDate <= input.startDate) {
      throw UserInputError.of(UserErrorCode.INVALID, ['input', 'endDate'], 'The year must end after it starts');
    }
    const terms = [...input.terms].sort((a, b) => a.startDate.localeCompare(b.startDate));
    input.terms.forEach((term, i) => {
      if (term.endDate < term.startDate) throw UserInputError.of(UserErrorCode.INVALID, ['input', 'terms', String(i), 'endDate'], 'The term ends before it starts');
      if (term.startDate < input.startDate || term.endDate > input.endDate) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'terms', String(i)], 'The term lies outside the school year');
      }
    });
    for (let i = 1; i < terms.length; i++) {
      if (terms[i].startDate <= terms[i - 1].endDate) {
        throw UserInputError.of(UserErrorCode.INVALID, ['input', 'terms'], `Terms ${terms[i - 1].name} and ${terms[i].name} overlap`);
      }
    }
    const closed = new Set(input.nonInstructionalDates ?? []);
    const days = datesBetween(input.startDate, input.endDate).filter((d) => isWeekday(d) && !closed.has(d));
    return ctx.db.transaction(async (em) => {
      // Serialises year creation (plain reads are not blocked): two overlapping years created at
      // once would otherwise both pass the check below and one fail on instructional_day's key.
      await em.query('LOCK TABLE school_year IN SHARE ROW EXCLUSIVE MODE');
      const overlapping = await em
        .createQueryBuilder(SchoolYearEntity, 'y')
        .where('y.start_date <= :end AND y.end_date >= :start', { start: input.startDate, end: input.endDate })
        .getOne();
      if (overlapping) {
        throw UserInputError.of(UserErrorCode.CONFLICT, ['input', 'startDate'], `The dates overlap school year ${overlapping.name}`);
      }
      const year = em.create(SchoolYearEntity, { name: input.name, startDate: input.startDate, endDate: input.endDate });
      try {
        await em.save(SchoolYearEntity, year);
      } catch (error) {
        if (isUniqueViolation(error, 'school_year_name_key')) throw UserInputError.of(UserErrorCode.DUPLICATE, ['input', 'name'], `School year ${input.name} exists`);
        throw error;
      }
      if (terms.length) await em.insert(TermEntity, terms.map((t) => ({ schoolYearId: year.id, name: t.name, startDate: t.startDate, endDate: t.endDate })));
      for (let i = 0; i < days.length; i += 1000) {
        await em.insert(InstructionalDayEntity, days.slice(i, i + 1000).map((calendarDate) => ({ calendarDate, schoolYearId: year.id })));
      }
      await recordAudit(em, ctx, { action: 'school_year.create', entityType: 'SchoolYear', entityId: year.id, after: { ...year, instructionalDays: days.length } });
      return { schoolYear: year };
    });
  }

  /** Adds make-up days or removes closures; every date must fall inside the year. */
  async updateCalendar(ctx: ViewerContext, input: SchoolYearCalendarUpdateInput): Promise<{ schoolYear: SchoolYearEntity }> {
    const id = expectGlobalId(input.id, 'SchoolYear', 'input.id');
    return ctx.db.transaction(async (em) => {
      const year = await em.findOne(SchoolYearEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!year) throw UserInputError.of(UserErrorCode.NOT_FOUND, ['input', 'id'], 'No such school year');
      for (const [field, dates] of [['addDates', input.addDates ?? []], ['removeDates', input.removeDates ?? []]] as const) {
        const outside = dates.find((d) => d < year.startDate || d > year.endDate);
        if (outside) throw UserInputError.of(UserErrorCode.INVALID, ['input', field], `${outside} is outside ${year.name}`);
      }
      if (input.addDates?.length) {
        await em.createQueryBuilder().insert().into(InstructionalDayEntity)
          .values(input.addDates.map((calendarDate) => ({ calendarDate, schoolYearId: id })))
          .orIgnore()
          .execute();
      }
      if (input.removeDates?.length) await em.delete(InstructionalDayEntity, { calendarDate: In(input.removeDates), schoolYearId: id });
      await recordAudit(em, ctx, { action: 'school_year.calendar_update', entityType: 'SchoolYear', entityId: id, after: { addDates: input.addDates ?? [], removeDates: input.removeDates ?? [] } });
      return { schoolYear: year };
    });
  }
}

export const calendarService = new CalendarService();
