/** What an import did to one kind of record of ours. */
export interface EntityCounts {
  entity: string;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Rows that map to nothing here (a district org, a guardian) or were left alone on purpose. */
  skipped: number;
}

export interface ImportSummary {
  kind: string;
  /** Data rows read (headers excluded), across files. */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows not applied: each is in the rejected-rows report with its file, row, column and reason. */
  rejected: number;
  skipped: number;
  entities: EntityCounts[];
}

type Outcome = 'created' | 'updated' | 'unchanged' | 'rejected' | 'skipped';

/** Tallies outcomes per entity as an import goes. */
export class ImportTally {
  rows = 0;
  private readonly byEntity = new Map<string, EntityCounts>();

  constructor(readonly kind: string) {}

  add(entity: string, outcome: Outcome, n = 1): void {
    if (n === 0) return;
    let counts = this.byEntity.get(entity);
    if (!counts) {
      counts = { entity, created: 0, updated: 0, unchanged: 0, rejected: 0, skipped: 0 };
      this.byEntity.set(entity, counts);
    }
    counts[outcome] += n;
  }

  summary(): ImportSummary {
    const entities = [...this.byEntity.values()];
    const total = (key: Outcome) => entities.reduce((sum, e) => sum + e[key], 0);
    return {
      kind: this.kind,
      rows: this.rows,
      created: total('created'),
      updated: total('updated'),
      unchanged: total('unchanged'),
      rejected: total('rejected'),
      skipped: total('skipped'),
      entities,
    };
  }
}
