import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StaffRole } from '../../src/common/auth/roles';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { FIXTURES, schoolYear2026 } from './support';

const IMPORT = `mutation ($input: ImportRunInput!) {
  importRun(input: $input) {
    importRun { id kind status message summary { rows created updated unchanged rejected skipped entities { entity created } } rejectedCount rejectedRows { file row column reason } rejectedRowsCsv }
    userErrors { code field message }
  }
}`;

describe('importRun mutation', () => {
  let app: TestApp;
  let admin: string;
  let schoolAdmin: string;
  const saved = process.env.IMPORT_DIR;

  beforeAll(async () => {
    app = await startTestApp();
    const f = factories(app.ds);
    await schoolYear2026(app.ds);
    const school = await f.school();
    for (const localId of ['SCR-0001', 'SCR-0002', 'SCR-0003']) await f.student(school, { localId });
    admin = app.token((await f.staff(StaffRole.DISTRICT_ADMIN)).id);
    schoolAdmin = app.token((await f.staff(StaffRole.SCHOOL_ADMIN, [school])).id);
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.IMPORT_DIR;
    else process.env.IMPORT_DIR = saved;
  });
  afterAll(() => app.close());

  const run = (kind: string, p: string, token = admin) => app.gql(IMPORT, { input: { kind, path: p } }, token);

  it('is refused when the server has no import directory', async () => {
    delete process.env.IMPORT_DIR;
    const response = await run('SCREENING', 'screening/fall-reading.csv');
    expect(response.data.importRun).toEqual({ importRun: null, userErrors: [expect.objectContaining({ code: 'FORBIDDEN', field: ['input', 'path'] })] });
  });

  it('imports a file inside IMPORT_DIR and returns the summary and the rejected rows', async () => {
    process.env.IMPORT_DIR = FIXTURES;
    const ok = await run('SCREENING', 'screening/fall-reading.csv');
    expect(ok.data.importRun.userErrors).toEqual([]);
    expect(ok.data.importRun.importRun).toMatchObject({ kind: 'SCREENING', status: 'SUCCEEDED', summary: { rows: 4, created: 4, rejected: 0 }, rejectedCount: 0 });
    const broken = await run('SCREENING', path.join(FIXTURES, 'screening', 'broken-rows.csv'));
    const report = broken.data.importRun.importRun;
    expect(report.status).toBe('SUCCEEDED');
    expect(report.rejectedRows).toContainEqual({ file: 'broken-rows.csv', row: 3, column: 'student_id', reason: 'No student with id SCR-9999' });
    expect(report.rejectedRowsCsv.split('\n')[0]).toBe('file,row,column,reason');
    expect(report.rejectedRowsCsv).toContain('broken-rows.csv,8,,The row has 3 fields; the header has 8');
  });

  it('refuses a malformed file with its reason, naming the path', async () => {
    process.env.IMPORT_DIR = FIXTURES;
    const response = await run('SCREENING', 'screening/missing-column.csv');
    expect(response.data.importRun.importRun).toMatchObject({ status: 'REFUSED', message: expect.stringContaining('missing column "score"') });
    expect(response.data.importRun.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'path'] })]);
  });

  it('refuses paths outside the import directory, however they are spelled', async () => {
    process.env.IMPORT_DIR = path.join(FIXTURES, 'screening');
    for (const outside of ['../oneroster/bulk', '/etc/passwd', path.join(FIXTURES, 'oneroster', 'bulk', 'users.csv')]) {
      const response = await run('ONEROSTER', outside);
      expect({ outside, errors: response.data.importRun.userErrors }).toEqual({
        outside,
        errors: [{ code: 'FORBIDDEN', field: ['input', 'path'], message: 'The path must be inside the import directory (IMPORT_DIR)' }],
      });
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'import-dir-'));
    symlinkSync(path.join(FIXTURES, 'oneroster'), path.join(dir, 'escape'));
    process.env.IMPORT_DIR = dir;
    const viaLink = await run('ONEROSTER', 'escape/bulk');
    expect(viaLink.data.importRun.userErrors[0]).toMatchObject({ code: 'FORBIDDEN', field: ['input', 'path'] });
    const missing = await run('ONEROSTER', 'nothing-here');
    expect(missing.data.importRun.userErrors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'path'] });
  });

  it('lists the latest runs with their summaries', async () => {
    const response = await app.gql('{ importRuns(first: 2) { kind status source summary { rows created rejected } startedAt finishedAt } }', {}, admin);
    expect(response.data.importRuns).toHaveLength(2);
    expect(response.data.importRuns[0]).toMatchObject({ kind: 'screening', status: 'REFUSED', source: expect.stringContaining('missing-column.csv') });
    expect(response.data.importRuns[1]).toMatchObject({ kind: 'screening', status: 'SUCCEEDED', summary: { rows: 8, rejected: 7 } });
    const denied = await app.gql('{ importRuns { kind } }', {}, schoolAdmin);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('is for district admins only', async () => {
    process.env.IMPORT_DIR = FIXTURES;
    const response = await run('SCREENING', 'screening/fall-reading.csv', schoolAdmin);
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
