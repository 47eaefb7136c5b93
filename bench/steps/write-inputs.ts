import { addDays } from '../../src/common/dates';
import { toGlobalId } from '../../src/common/graphql/global-id';

/**
 * Varying inputs for the write step, built from seeded rows: every request logs a different
 * session or action (another group, another date, another outcome), so the load exercises locks,
 * indexes and the audit trail as real use does rather than one hot row. Pure and deterministic
 * (a seeded generator), so two runs send the same sequence.
 */
export function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PlanRow {
  id: string;
  interventionistId: string;
  schoolId: string;
  startDate: string;
  plannedEndDate: string;
}

export interface SessionGroup {
  planIds: string[];
  /** The dates a session of this group may be logged on: within every plan, not after today. */
  from: string;
  to: string;
}

const GROUP_SIZE = 4;

/**
 * Active plans grouped as a session requires: one interventionist, one school, at most four
 * students, and a date inside every plan's span (and not in the future).
 */
export function sessionGroups(plans: readonly PlanRow[], today: string): SessionGroup[] {
  const byTeacher = new Map<string, PlanRow[]>();
  for (const plan of plans) {
    const key = `${plan.interventionistId}|${plan.schoolId}`;
    byTeacher.set(key, [...(byTeacher.get(key) ?? []), plan]);
  }
  const groups: SessionGroup[] = [];
  for (const rows of byTeacher.values()) {
    for (let i = 0; i < rows.length; i += GROUP_SIZE) {
      const chunk = rows.slice(i, i + GROUP_SIZE);
      const from = chunk.map((p) => p.startDate).sort().at(-1)!;
      const to = [today, ...chunk.map((p) => p.plannedEndDate)].sort()[0];
      if (from <= to) groups.push({ planIds: chunk.map((p) => p.id), from, to });
    }
  }
  return groups;
}

function dayBetween(from: string, to: string, random: () => number): string {
  const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  return addDays(from, Math.floor(random() * (span + 1)));
}

export const SESSION_LOG_MUTATION = `mutation BenchSessionLog($input: InterventionSessionLogInput!) {
  interventionSessionLog(input: $input) { session { id } userErrors { code field message } }
}`;

export function sessionLogBodies(groups: readonly SessionGroup[], seed: number): () => string {
  const random = generator(seed);
  let next = 0;
  return () => {
    const group = groups[next++ % groups.length];
    const attendance = group.planIds.map((planId) => {
      const present = random() < 0.85;
      return { planId: toGlobalId('InterventionPlan', planId), present, ...(present ? {} : { absenceReason: 'STUDENT_ABSENT' }) };
    });
    const input = { date: dayBetween(group.from, group.to, random), minutes: 20 + Math.floor(random() * 41), note: `bench session ${next}`, attendance };
    return JSON.stringify({ query: SESSION_LOG_MUTATION, variables: { input }, operationName: 'BenchSessionLog' });
  };
}

export interface OpenCase {
  id: string;
  openedOn: string;
}

const ACTION_TYPES = ['PHONE_CALL_HOME', 'LETTER', 'TEXT_OR_EMAIL', 'HOME_VISIT', 'FAMILY_CONFERENCE', 'STUDENT_CONFERENCE', 'MENTOR_ASSIGNED'];

export const ACTION_LOG_MUTATION = `mutation BenchActionLog($input: AttendanceActionLogInput!) {
  attendanceActionLog(input: $input) { attendanceAction { id } userErrors { code field message } }
}`;

export function actionLogBodies(cases: readonly OpenCase[], today: string, seed: number): () => string {
  const random = generator(seed);
  let next = 0;
  return () => {
    const c = cases[next++ % cases.length];
    const actionDate = dayBetween(c.openedOn, today, random);
    const withNextStep = random() < 0.5;
    const input = {
      caseId: toGlobalId('AttendanceCase', c.id),
      type: ACTION_TYPES[Math.floor(random() * ACTION_TYPES.length)],
      actionDate,
      outcome: `bench outcome ${next}`,
      ...(withNextStep ? { nextStep: 'Follow up with the family', nextStepDueDate: addDays(actionDate, 7) } : {}),
    };
    return JSON.stringify({ query: ACTION_LOG_MUTATION, variables: { input }, operationName: 'BenchActionLog' });
  };
}
