import { Readable } from 'node:stream';
import { StaffRole } from '../../src/common/auth/roles';
import { csvRows, inBatches, isProblem } from '../../src/modules/import/csv';
import { ImportTally } from '../../src/modules/import/import-summary';
import type { ImportSource } from '../../src/modules/import/import-source';
import { RejectLog } from '../../src/modules/import/rejects';
import { importScreening, SCREENING_FILE_COLUMNS } from '../../src/modules/import/screening.import';
import { factories } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { adminContext, schoolYear2026 } from './support';

const HEADER = 'student_id,assessment,domain,window,date,score,percentile\n';

/** A CSV generated row by row as it is read, counting how many rows it has produced. */
function generatedCsv(rows: number, row: (i: number) => string): { stream: Readable; produced: () => number } {
  let produced = 0;
  // Chunks of 100 rows, as a file stream hands the parser blocks rather than lines.
  function* lines() {
    yield HEADER;
    for (let i = 0; i < rows; i += 100) {
      let chunk = '';
      for (let j = i; j < Math.min(i + 100, rows); j++) chunk += row(j);
      produced = Math.min(i + 100, rows);
      yield chunk;
    }
  }
  return { stream: Readable.from(lines(), { objectMode: false }), produced: () => produced };
}

describe('streaming', () => {
  it('parses 200,000 rows while holding only a bounded window of the file', async () => {
    const rows = 200_000;
    const csv = generatedCsv(rows, (i) => `S${i},DIBELS 8,READING,FALL,2026-09-10,${i % 500},${i % 100}\n`);
    let consumed = 0;
    let maxLead = 0;
    for await (const batch of inBatches(csvRows(csv.stream, 'generated.csv', SCREENING_FILE_COLUMNS), 1000)) {
      consumed += batch.length;
      expect(batch.every((r) => !isProblem(r))).toBe(true);
      maxLead = Math.max(maxLead, csv.produced() - consumed);
      // A slow consumer: the parser must wait for it rather than read ahead.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(consumed).toBe(rows);
    // The generator is pulled only as fast as rows are taken: never more than a few batches ahead,
    // so memory holds a window of the file (~8 MB as text), never the file.
    expect(maxLead).toBeLessThan(5000);
  });

  describe('through an import', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp();
    });
    afterAll(() => app.close());

    it('writes the first batch before the rest of the file has been read', async () => {
      const f = factories(app.ds);
      await schoolYear2026(app.ds);
      const school = await f.school();
      for (let i = 0; i < 50; i++) await f.student(school, { localId: `STR-${i}` });
      const ctx = await adminContext(app.ds, (await f.staff(StaffRole.DISTRICT_ADMIN)).id);
      const rows = 4000;
      // 50 students x 80 screeners: every row a distinct result; one in ten names an unknown student.
      const row = (i: number) => `${i % 10 === 9 ? 'NOPE' : 'STR'}-${i % 50},Screener ${Math.floor(i / 50)},READING,FALL,2026-09-10,${i % 300},${i % 100}\n`;
      const opened: ReturnType<typeof generatedCsv>[] = [];
      const source: ImportSource = {
        files: () => ['generated.csv'],
        has: () => true,
        open: async () => {
          opened.push(generatedCsv(rows, row));
          return opened.at(-1)!.stream;
        },
        size: () => 0,
        close: async () => undefined,
      };
      const leadAtBatch: number[] = [];
      const [{ id: runId }] = await app.ds.query(`INSERT INTO import_run (kind, source, actor_id, status) VALUES ('screening', 'generated', $1, 'RUNNING') RETURNING id`, [ctx.viewer.userId]);
      const tally = new ImportTally('screening');
      const rejects = new RejectLog();
      await importScreening({
        ctx, runId, source, rejects, tally, batchSize: 250, options: {},
        progress: ({ done }) => leadAtBatch.push(opened.at(-1)!.produced() - done),
      });
      // One pass to check the file, one to import it, each from a fresh stream.
      expect(opened).toHaveLength(2);
      expect(leadAtBatch).toHaveLength(rows / 250);
      expect(Math.max(...leadAtBatch)).toBeLessThan(rows / 2);
      expect(tally.summary()).toMatchObject({ rows, created: 3600, rejected: 400 });
      expect(rejects.count).toBe(400);
      expect(Number((await app.ds.query('SELECT count(*) FROM screening_result'))[0].count)).toBe(3600);
    });
  });
});
