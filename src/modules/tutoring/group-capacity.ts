import type { EntityManager } from 'typeorm';

/**
 * The most students assigned to a group on any one day of [from, to] (assignments without an end
 * date run to `programEnd`), and the first day it happens. The count only rises on a start date,
 * so the peak is found among the start dates in the span (and its first day): the rule behind
 * "a group cannot go over capacity", for new assignments and for lowering a capacity alike.
 */
export async function peakAssigned(
  em: EntityManager,
  groupId: string,
  from: string,
  to: string,
  programEnd: string,
): Promise<{ peak: number; on: string | null }> {
  const [row] = await em.query(
    `WITH a AS (
       SELECT start_date, COALESCE(end_date, $4::date) AS last_day FROM tutoring_assignment
        WHERE group_id = $1 AND start_date <= $3::date AND COALESCE(end_date, $4::date) >= $2::date
     ), points AS (SELECT DISTINCT GREATEST(start_date, $2::date) AS day FROM a)
     SELECT p.day, count(*)::int AS n
       FROM points p JOIN a ON a.start_date <= p.day AND a.last_day >= p.day
      GROUP BY p.day ORDER BY n DESC, p.day LIMIT 1`,
    [groupId, from, to, programEnd],
  );
  return row ? { peak: row.n, on: row.day } : { peak: 0, on: null };
}
