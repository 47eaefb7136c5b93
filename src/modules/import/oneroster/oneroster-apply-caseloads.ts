import { toGlobalId } from '../../../common/graphql/global-id';
import { CaseloadKind } from '../../caseloads/caseload-kind';
import { caseloadService } from '../../caseloads/caseload.service';
import { boundToTransaction } from '../batch-context';
import type { ImportJob } from '../import-job';
import { attempt, derive, later, withToday, type Data } from './oneroster-apply-shared';
import { SYSTEM, forEachSeenPage, mapRecord, recordsById, refreshStatistics } from './oneroster-records';

// ---------------------------------------------------------------------------------------------
// Caseloads
// ---------------------------------------------------------------------------------------------

/**
 * Teachers' caseloads from classes: a teacher and a student enrolled (both active) in the same
 * class make a HOMEROOM assignment for a homeroom class, SECTION otherwise. The import manages
 * only the assignments it made (kept as 'caseload' records): it ends them when no shared class is
 * left, and never touches assignments made in the app.
 */
export async function applyCaseloads(job: ImportJob): Promise<void> {
  const kindSql = (alias: string) => `CASE WHEN ${alias}.data->>'classType' = 'homeroom' THEN 'HOMEROOM' ELSE 'SECTION' END`;
  await derive(job,
    withToday(`WITH touched AS (
       SELECT DISTINCT r.data->>'classSourcedId' AS cls
         FROM import_source_record r JOIN import_run_key k ON k.run_id = $1 AND k.key = 'enrollment:' || r.source_id
        WHERE r.source_system = $2 AND r.source_type = 'enrollment'),
     members AS (
       SELECT e.data->>'classSourcedId' AS cls, e.data->>'userSourcedId' AS usr, e.data->>'role' AS role,
              e.status = 'active' AND COALESCE(c.status, 'active') = 'active' AS active, e.data->>'beginDate' AS begin, ${kindSql('c')} AS kind,
              e.source_file AS file, e.source_line AS line
         FROM import_source_record e
         LEFT JOIN import_source_record c ON c.source_system = e.source_system AND c.source_type = 'class' AND c.source_id = e.data->>'classSourcedId'
        WHERE e.source_system = $2 AND e.source_type = 'enrollment'),
     pairs AS (
       -- Every teacher-student pair over all classes (one join), kept when one of its classes came in this run.
       SELECT t.usr AS teacher, s.usr AS student, t.kind,
              bool_or(t.active AND s.active) AS active,
              max(CASE WHEN t.active AND s.active THEN GREATEST(t.begin, s.begin, $today) END) AS start,
              min(s.file) AS file, min(s.line) AS line,
              bool_or(t.cls IN (SELECT cls FROM touched)) AS touched
         FROM members t JOIN members s ON s.cls = t.cls
        WHERE t.role = 'teacher' AND s.role = 'student'
        GROUP BY t.usr, s.usr, t.kind),
     upserted AS (
       INSERT INTO import_source_record (source_system, source_type, source_id, status, data, source_file, source_line, updated_at)
       SELECT $2, 'caseload', teacher || '|' || student || '|' || kind, CASE WHEN active THEN 'active' ELSE 'tobedeleted' END,
              jsonb_build_object('teacher', teacher, 'student', student, 'kind', kind, 'startDate', start), file, line, now()
         FROM pairs WHERE touched
       ON CONFLICT (source_system, source_type, source_id) DO UPDATE
          SET status = EXCLUDED.status, data = EXCLUDED.data, source_file = EXCLUDED.source_file, source_line = EXCLUDED.source_line, updated_at = now()
       RETURNING source_id)
     INSERT INTO import_run_key (run_id, key, line) SELECT $1, 'caseload:' || source_id, 0 FROM upserted
     ON CONFLICT (run_id, key) DO NOTHING`, 3),
    [job.runId, SYSTEM, job.ctx.today],
  );
  await refreshStatistics(job);
  await forEachSeenPage<Data>(job, 'caseload', async (em, page) => {
    const ctx = boundToTransaction(job.ctx, em);
    const users = await recordsById(em, 'user', page.flatMap((r) => [r.data.teacher, r.data.student]));
    const mapped: { id: string; end_date: string | null; start_date: string }[] = await em.query(
      'SELECT id, end_date, start_date FROM caseload_assignment WHERE id = ANY($1::uuid[])',
      [page.map((r) => r.entityId).filter(Boolean)],
    );
    for (const rec of page) {
      const staffId = users.get(rec.data.teacher)?.entityId;
      const studentId = users.get(rec.data.student)?.entityId;
      const mine = mapped.find((m) => m.id === rec.entityId && m.end_date === null);
      if (rec.status === 'tobedeleted') {
        if (!mine) {
          job.tally.add('CaseloadAssignment', 'unchanged');
          continue;
        }
        const ended = await attempt(job, 'CaseloadAssignment', rec, { endDate: 'endDate' }, () =>
          caseloadService.end(ctx, { id: toGlobalId('CaseloadAssignment', mine.id), endDate: later(job.ctx.today, mine.start_date) }),
        );
        if (ended) job.tally.add('CaseloadAssignment', 'updated');
        continue;
      }
      if (!staffId || !studentId) {
        job.tally.add('CaseloadAssignment', 'skipped');
        continue;
      }
      if (mine) {
        job.tally.add('CaseloadAssignment', 'unchanged');
        continue;
      }
      const [open]: { id: string }[] = await em.query(
        'SELECT id FROM caseload_assignment WHERE staff_user_id = $1 AND student_id = $2 AND kind = $3 AND end_date IS NULL',
        [staffId, studentId, rec.data.kind],
      );
      if (open) {
        // Made in the app: left to the app, and not adopted (the import never ends it).
        job.tally.add('CaseloadAssignment', 'unchanged');
        continue;
      }
      const created = await attempt(job, 'CaseloadAssignment', rec, { staffUserId: 'userSourcedId', studentId: 'userSourcedId', startDate: 'beginDate' }, () =>
        caseloadService.assign(ctx, {
          staffUserId: toGlobalId('StaffUser', staffId),
          studentId: toGlobalId('Student', studentId),
          kind: rec.data.kind as CaseloadKind,
          startDate: rec.data.startDate ?? job.ctx.today,
        }),
      );
      if (created) {
        job.tally.add('CaseloadAssignment', 'created');
        await mapRecord(em, 'caseload', rec.sourceId, 'CaseloadAssignment', created.caseloadAssignment.id);
      }
    }
  });
}
