import { Client } from 'pg';
import { postGraphql } from '../http';
import { loadProblems, runLoad, type LoadFigures } from '../load';
import type { ApiServer } from '../server/api-server';
import { round } from '../stats';
import type { LoadSettings } from './nested-reads';
import { actionLogBodies, sessionGroups, sessionLogBodies, type OpenCase, type PlanRow } from './write-inputs';

export interface WriteFigures {
  inputs: number;
  load: LoadFigures;
  /** audit_event rows written per mutation during the measured run (the trail is on). */
  auditRowsPerMutation: number | null;
}

export interface WritesFigures {
  interventionSessionLog: WriteFigures | { skipped: string };
  attendanceActionLog: WriteFigures | { skipped: string };
}

async function query<T>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'tiered-bench' });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const auditRows = async (databaseUrl: string) => Number((await query<{ n: string }>(databaseUrl, 'SELECT count(*) AS n FROM audit_event'))[0].n);

/** One mutation under sustained load: warm-up, then the measured run, each request a different input. */
async function measureWrites(api: ApiServer, token: string, nextBody: () => string, settings: LoadSettings, databaseUrl: string, what: string): Promise<Omit<WriteFigures, 'inputs'>> {
  const headers = { authorization: `Bearer ${token}` };
  const probe = await postGraphql(api.url, JSON.parse(nextBody()), headers);
  const firstProblem = probe.errors[0]?.message ?? (JSON.stringify(probe.data).includes('"userErrors":[]') ? null : JSON.stringify(probe.data).slice(0, 300));
  if (probe.status !== 200 || firstProblem) throw new Error(`${what}: the first request failed: ${firstProblem}`);
  await runLoad({ url: api.url, headers, nextBody, expectEmptyUserErrors: true, connections: settings.connections, durationSeconds: settings.warmupSeconds });
  const before = await auditRows(databaseUrl);
  const load = await runLoad({ url: api.url, headers, nextBody, expectEmptyUserErrors: true, connections: settings.connections, durationSeconds: settings.durationSeconds });
  const after = await auditRows(databaseUrl);
  const problems = loadProblems(load);
  if (problems) throw new Error(`${what}: ${problems}`);
  return { load, auditRowsPerMutation: load.clean ? round((after - before) / load.clean) : null };
}

/**
 * Step 4: sustained writes with the audit trail on, as a district admin: group intervention
 * sessions (a session row, an attendance row per student, audit rows for each) and attendance
 * team actions on open cases (a row and its audit row, under the case's row lock).
 */
export async function writesStep(params: { api: ApiServer; adminToken: string; databaseUrl: string; today: string; settings: LoadSettings }): Promise<WritesFigures> {
  const { api, adminToken, databaseUrl, today, settings } = params;
  const plans = await query<PlanRow>(
    databaseUrl,
    `SELECT id, interventionist_id AS "interventionistId", school_id AS "schoolId", start_date::text AS "startDate", planned_end_date::text AS "plannedEndDate"
       FROM intervention_plan WHERE status = 'ACTIVE' ORDER BY interventionist_id, school_id, id`,
  );
  const groups = sessionGroups(plans, today);
  const cases = await query<OpenCase>(
    databaseUrl,
    `SELECT id, opened_on::text AS "openedOn" FROM attendance_case WHERE status IN ('OPEN', 'MONITORING') AND opened_on <= $1 ORDER BY id`,
    [today],
  );
  return {
    interventionSessionLog: groups.length
      ? { inputs: groups.length, ...(await measureWrites(api, adminToken, sessionLogBodies(groups, 1), settings, databaseUrl, 'interventionSessionLog')) }
      : { skipped: 'no active plans to log sessions for' },
    attendanceActionLog: cases.length
      ? { inputs: cases.length, ...(await measureWrites(api, adminToken, actionLogBodies(cases, today, 2), settings, databaseUrl, 'attendanceActionLog')) }
      : { skipped: 'no open attendance cases' },
  };
}
