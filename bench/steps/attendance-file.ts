import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Client } from 'pg';
import { generator } from './write-inputs';

/**
 * Daily attendance for the district as an SIS exports it: one row per student and instructional
 * day they were enrolled (`student_id,date,category`, the student by SIS local id, one-letter
 * codes), present days included: the heaviest form of the file. About 90% present, then
 * unexcused and excused absences, tardies and early departures. Deterministic. The file holds the
 * first `days` days of the year; the year's full row count comes back too, to project its time.
 */
const CATEGORIES: [string, number][] = [['P', 0.9], ['A', 0.04], ['E', 0.03], ['T', 0.02], ['D', 0.01]];

function pickCategory(random: () => number): string {
  let r = random();
  for (const [code, share] of CATEGORIES) {
    if ((r -= share) < 0) return code;
  }
  return 'P';
}

export interface AttendanceFile {
  /** Rows and days in the file: the first `days` instructional days of the year. */
  rows: number;
  days: number;
  /** Rows and days of the whole year (what the file would hold with every day). */
  yearRows: number;
  yearDays: number;
}

export async function writeAttendanceFile(databaseUrl: string, file: string, options: { seed: number; days?: number }): Promise<AttendanceFile> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'tiered-bench' });
  await client.connect();
  let days: string[];
  let spans: { localId: string; entry: string; exit: string | null }[];
  try {
    days = (await client.query<{ d: string }>('SELECT calendar_date::text AS d FROM instructional_day ORDER BY 1')).rows.map((r) => r.d);
    spans = (
      await client.query<{ localId: string; entry: string; exit: string | null }>(
        `SELECT s.local_id AS "localId", e.entry_date::text AS entry, e.exit_date::text AS exit
           FROM enrollment e JOIN student s ON s.id = e.student_id ORDER BY s.local_id, e.entry_date`,
      )
    ).rows;
  } finally {
    await client.end();
  }
  const random = generator(options.seed);
  const out = createWriteStream(file);
  const inFile = Math.min(options.days ?? days.length, days.length);
  let rows = 0;
  let yearRows = 0;
  let chunk = 'student_id,date,category\n';
  // Day by day, as an SIS exports a year: every student enrolled that day.
  for (const [i, day] of days.entries()) {
    for (const span of spans) {
      if (span.entry <= day && (span.exit === null || span.exit >= day)) {
        yearRows++;
        if (i < inFile) {
          chunk += `${span.localId},${day},${pickCategory(random)}\n`;
          rows++;
        }
      }
    }
    if (chunk && !out.write(chunk)) await once(out, 'drain');
    chunk = '';
  }
  out.end();
  await once(out, 'finish');
  return { rows, days: inFile, yearRows, yearDays: days.length };
}
