import type { RequestContext } from '../../context';
import { type Dosage, dosageOf } from './dosage';

interface DosageRow {
  id: string;
  sessions_per_week: number;
  minutes_per_session: number;
  school_days: number;
  delivered: number;
  missed: number;
  minutes_delivered: number;
}

export class InterventionDosageService {
  /**
   * Dosage of a batch of plans as of a date, in one set-based query (see {@link dosageOf} for the
   * rule): instructional days from each plan's start to the earliest of `asOf`, its closed date and
   * its planned end; sessions attended and missed, and minutes attended, up to `asOf`.
   */
  async forPlans(ctx: RequestContext, planIds: readonly string[], asOf: string): Promise<Map<string, Dosage>> {
    const rows: DosageRow[] = await ctx.db.query(
      `SELECT p.id, p.sessions_per_week, p.minutes_per_session,
              (SELECT count(*)::int FROM instructional_day d
                WHERE d.calendar_date >= p.start_date
                  AND d.calendar_date <= LEAST($2::date, COALESCE(p.closed_date, p.planned_end_date))) AS school_days,
              x.delivered, x.missed, x.minutes_delivered
         FROM intervention_plan p
         CROSS JOIN LATERAL (
           SELECT count(*) FILTER (WHERE a.present)::int AS delivered,
                  count(*) FILTER (WHERE NOT a.present)::int AS missed,
                  COALESCE(sum(s.minutes) FILTER (WHERE a.present), 0)::int AS minutes_delivered
             FROM intervention_session_attendance a
             JOIN intervention_session s ON s.id = a.session_id
            WHERE a.plan_id = p.id AND s.session_date <= $2::date) x
        WHERE p.id = ANY($1::uuid[])`,
      [planIds, asOf],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        dosageOf(
          { sessionsPerWeek: r.sessions_per_week, minutesPerSession: r.minutes_per_session },
          { schoolDays: r.school_days, sessionsDelivered: r.delivered, sessionsMissed: r.missed, minutesDelivered: r.minutes_delivered },
        ),
      ]),
    );
  }
}

export const interventionDosageService = new InterventionDosageService();
