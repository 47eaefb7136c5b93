import { StaffRole } from '../../src/common/auth/roles';
import type { ViewerContext } from '../../src/context';
import { ImportKind } from '../../src/modules/import/import-kind';
import { importRunService } from '../../src/modules/import/import-run.service';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { adminContext, count, fixture, schoolYear2026 } from './support';

describe('screening results import', () => {
  let app: TestApp;
  let ctx: ViewerContext;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    await schoolYear2026(app.ds);
    const school = await f.school();
    for (const localId of ['SCR-0001', 'SCR-0002', 'SCR-0003']) await f.student(school, { localId });
    ctx = await adminContext(app.ds, (await f.staff(StaffRole.DISTRICT_ADMIN)).id);
  });
  afterAll(() => app.close());

  it('refuses a file with a missing column or a wrong header, naming the columns, and writes nothing', async () => {
    const missing = await importRunService.run(ctx, ImportKind.SCREENING, fixture('screening', 'missing-column.csv'));
    expect(missing.status).toBe('REFUSED');
    expect(missing.message).toContain('missing column "score"');
    const wrong = await importRunService.run(ctx, ImportKind.SCREENING, fixture('screening', 'wrong-header.csv'));
    expect(wrong.status).toBe('REFUSED');
    expect(wrong.message).toMatch(/missing columns "student_id", "assessment", "domain", "window", "date", "score"/);
    expect(await count(app.ds, 'SELECT count(*) FROM screening_result')).toBe(0);
    const runs = await app.ds.query(`SELECT status, message FROM import_run ORDER BY started_at`);
    expect(runs.map((r: { status: string }) => r.status)).toEqual(['REFUSED', 'REFUSED']);
  });

  it('imports results through the screening rules and audits each one', async () => {
    const result = await importRunService.run(ctx, ImportKind.SCREENING, fixture('screening', 'fall-reading.csv'));
    expect(result.status).toBe('SUCCEEDED');
    expect(result.summary).toMatchObject({ rows: 4, created: 4, updated: 0, unchanged: 0, rejected: 0 });
    const rows = await app.ds.query(
      `SELECT s.local_id, r.assessment, r.domain, r.screening_window AS window, r.score::float AS score, r.percentile, r.risk_level, r.recorded_by
         FROM screening_result r JOIN student s ON s.id = r.student_id ORDER BY s.local_id, r.assessment`,
    );
    expect(rows.map((r: any) => [r.local_id, r.assessment, r.domain, r.window, r.score, r.percentile, r.risk_level])).toEqual([
      ['SCR-0001', 'DIBELS 8', 'READING', 'FALL', 210, 8, 'HIGH_RISK'],
      ['SCR-0001', 'i-Ready Math', 'MATH', 'FALL', 402, 22, 'SOME_RISK'],
      ['SCR-0002', 'DIBELS 8', 'READING', 'FALL', 320, 55, 'LOW_RISK'],
      ['SCR-0003', 'DIBELS 8', 'READING', 'FALL', 288.5, 31, null],
    ]);
    expect(new Set(rows.map((r: any) => r.recorded_by))).toEqual(new Set([ctx.viewer.userId]));
    expect(await count(app.ds, `SELECT count(*) FROM audit_event WHERE action = 'screening_result.create' AND actor_id = $1`, [ctx.viewer.userId])).toBe(4);
  });

  it('changes nothing when the same file is imported again', async () => {
    const audits = await count(app.ds, 'SELECT count(*) FROM audit_event');
    const stamps = await app.ds.query('SELECT id, updated_at FROM screening_result ORDER BY id');
    const again = await importRunService.run(ctx, ImportKind.SCREENING, fixture('screening', 'fall-reading.csv'));
    expect(again.summary).toMatchObject({ rows: 4, created: 0, updated: 0, unchanged: 4, rejected: 0 });
    expect(await count(app.ds, 'SELECT count(*) FROM audit_event')).toBe(audits);
    expect(await app.ds.query('SELECT id, updated_at FROM screening_result ORDER BY id')).toEqual(stamps);
  });

  it('updates only the changed row, keeping the old values in the audit trail', async () => {
    const result = await importRunService.run(ctx, ImportKind.SCREENING, fixture('screening', 'fall-reading-corrected.csv'));
    expect(result.summary).toMatchObject({ created: 0, updated: 1, unchanged: 3, rejected: 0 });
    const [audit] = await app.ds.query(`SELECT before->>'percentile' AS before, after->>'percentile' AS after FROM audit_event WHERE action = 'screening_result.replace'`);
    expect(audit).toEqual({ before: '55', after: '58' });
  });

  it('rejects bad rows with their row, column and reason and applies the rest', async () => {
    const result = await importRunService.run(ctx, ImportKind.SCREENING, fixture('screening', 'broken-rows.csv'));
    expect(result.status).toBe('SUCCEEDED');
    expect(result.summary).toMatchObject({ rows: 8, created: 1, rejected: 7 });
    expect(result.rejects.kept.map((r) => [r.row, r.column, r.reason])).toEqual([
      [2, 'date', 'date "2026-13-40" is not a date (YYYY-MM-DD)'],
      [3, 'student_id', 'No student with id SCR-9999'],
      [4, 'percentile', 'percentile 140 is outside 0 to 100'],
      [6, 'student_id', 'Duplicate: the same student, screener, window and school year as row 5'],
      [7, 'domain', 'domain "HISTORY" is not one of READING, MATH, SOCIAL_EMOTIONAL'],
      [7, 'score', 'score "abc" is not a number'],
      [8, '', 'The row has 3 fields; the header has 8'],
      [9, 'date', 'date 2026-12-01 is in the future'],
    ]);
    expect(result.rejects.kept.every((r) => r.file === 'broken-rows.csv')).toBe(true);
    expect(await count(app.ds, `SELECT count(*) FROM screening_result WHERE screening_window = 'WINTER'`)).toBe(1);
  });

  it('writes the rejected-rows CSV', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rejects-')), 'rejected.csv');
    const result = await importRunService.run(ctx, ImportKind.SCREENING, fixture('screening', 'broken-rows.csv'), { rejectsFile: file });
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('file,row,column,reason');
    expect(lines).toHaveLength(result.rejects.count + 1);
    expect(lines).toContain('broken-rows.csv,3,student_id,No student with id SCR-9999');
  });
});
