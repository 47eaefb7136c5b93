import { StaffRole } from '../../src/common/auth/roles';
import type { ViewerContext } from '../../src/context';
import { SchoolYearEntity } from '../../src/modules/calendar/calendar.entity';
import { ImportKind } from '../../src/modules/import/import-kind';
import { importRunService } from '../../src/modules/import/import-run.service';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { adminContext, count, fixture } from './support';

describe('published annual measures import', () => {
  let app: TestApp;
  let ctx: ViewerContext;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    await app.ds.manager.insert(SchoolYearEntity, { name: '2025-2026', startDate: '2025-08-25', endDate: '2026-06-12' });
    await f.school({ code: 'AM1' });
    await f.school({ code: 'AM2' });
    ctx = await adminContext(app.ds, (await f.staff(StaffRole.DISTRICT_ADMIN)).id);
  });
  afterAll(() => app.close());

  it("records figures through the indicators module's rules and rejects the rest", async () => {
    const result = await importRunService.run(ctx, ImportKind.ANNUAL_MEASURES, fixture('annual-measures', 'figures.csv'));
    expect(result.status).toBe('SUCCEEDED');
    expect(result.summary).toMatchObject({ rows: 9, created: 3, rejected: 6 });
    const rejected = result.rejects.kept.map((r) => [r.row, r.column]);
    expect(rejected).toEqual([[5, 'measure'], [6, 'school'], [7, 'year'], [8, 'measure'], [9, 'value'], [10, 'value']]);
    expect(result.rejects.kept[0].reason).toBe('Duplicate: the same measure, school and year as row 4');
    expect(result.rejects.kept[3].reason).toContain('Not a measure fed by published figures');
    const figures = await app.ds.query(
      `SELECT f.measure, s.code, f.value::float AS value, f.numerator, f.denominator, f.source FROM annual_measure_figure f
         LEFT JOIN school s ON s.id = f.school_id ORDER BY f.measure, s.code NULLS FIRST`,
    );
    expect(figures).toEqual([
      { measure: 'GRADE3_READING_PROFICIENT', code: null, value: 42.1, numerator: null, denominator: null, source: 'State assessment' },
      { measure: 'GRADUATION_RATE', code: null, value: 81.5, numerator: 815, denominator: 1000, source: 'State report card' },
      { measure: 'GRADUATION_RATE', code: 'AM1', value: 78, numerator: 78, denominator: 100, source: 'State report card' },
    ]);
    expect(await count(app.ds, `SELECT count(*) FROM audit_event WHERE action = 'annual_measure_figure.create'`)).toBe(3);
  });

  it('changes nothing when the same file is imported again', async () => {
    const audits = await count(app.ds, 'SELECT count(*) FROM audit_event');
    const again = await importRunService.run(ctx, ImportKind.ANNUAL_MEASURES, fixture('annual-measures', 'figures.csv'));
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejected: 6 });
    expect(await count(app.ds, 'SELECT count(*) FROM audit_event')).toBe(audits);
  });
});
