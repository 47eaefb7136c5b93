import { badUserInput } from '../../common/errors';
import { decodeCursor, pageSize, toConnection, type ConnectionShape } from '../../common/graphql/connection';
import type { MyWorkKind } from './my-work.types';

/** One to-do as the rules produce it, before it is ordered, paged and shown. */
export interface WorkItem {
  kind: MyWorkKind;
  studentId: string | null;
  /** Filled from the student's enrollment today when a rule does not say. */
  schoolId: string | null;
  reason: string;
  dueDate: string | null;
  /** The record to act on: a node type and its database id. */
  subject: { type: string; id: string };
  /** Among items due the same day, lower first. */
  priority: number;
}

/** Items without a date of their own sort after every dated one. */
const UNDATED = '9999-12-31';

type SortKey = [string, number, string, string, string];

const sortKey = (item: WorkItem): SortKey => [item.dueDate ?? UNDATED, item.priority, item.kind, item.subject.id, item.studentId ?? ''];

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return 0;
}

/**
 * Orders a viewer's items by due date, then priority (then kind and record, so the order is total
 * and pages are stable), drops duplicates (two rules of one role naming the same record for the
 * same reason kind), and returns one page keyed by the last item's sort key.
 */
export function pageOfWork(items: WorkItem[], first?: number | null, after?: string | null): ConnectionShape<WorkItem> {
  const limit = pageSize(first);
  const cursor = decodeCursor(after, 5) as SortKey | undefined;
  if (cursor && (typeof cursor[1] !== 'number' || cursor.some((v, i) => i !== 1 && typeof v !== 'string'))) {
    throw badUserInput('after', 'is not a cursor from this connection');
  }
  const seen = new Set<string>();
  const ordered = items
    .filter((item) => {
      const key = `${item.kind}|${item.subject.type}|${item.subject.id}|${item.studentId ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => compareKeys(sortKey(a), sortKey(b)));
  const rest = cursor ? ordered.filter((item) => compareKeys(sortKey(item), cursor) > 0) : ordered;
  return toConnection(rest.slice(0, limit + 1), limit, sortKey, (item) => item, async () => ordered.length);
}
