import { ratio } from '../stats';
import type { NestedReadsFigures } from './nested-reads';
import type { RollupFigures } from './rollup';
import type { SeedFigures } from './seed';

/**
 * Step 6: the read steps again on a district `factor` times larger, as ratios of times (grown
 * over base; goal <= the factor, i.e. no worse than linear in the district's size). Throughput is
 * turned into a time per request (the inverse), so every ratio reads the same way.
 */
export interface GrowthFigures {
  factor: number;
  students: number;
  seed: Pick<SeedFigures, 'seedMs' | 'analyzeMs' | 'rowCounts'>;
  rollup?: RollupFigures;
  nestedReads?: NestedReadsFigures;
  ratios: {
    rollupApiP50: number | null;
    rollupFloorP50: number | null;
    nestedReadsP50: number | null;
    nestedReadsTimePerRequest: number | null;
    peerNestedReadsP50: number | null;
  };
}

export function growthRatios(base: { rollup?: RollupFigures; nestedReads?: NestedReadsFigures }, grown: { rollup?: RollupFigures; nestedReads?: NestedReadsFigures }): GrowthFigures['ratios'] {
  const peerP50 = (f?: NestedReadsFigures) => (f && 'load' in f.peer ? f.peer.load.latencyMs.p50 : null);
  return {
    rollupApiP50: ratio(grown.rollup?.api.p50, base.rollup?.api.p50),
    rollupFloorP50: ratio(grown.rollup?.floor.p50, base.rollup?.floor.p50),
    nestedReadsP50: ratio(grown.nestedReads?.ours.load.latencyMs.p50, base.nestedReads?.ours.load.latencyMs.p50),
    nestedReadsTimePerRequest: ratio(base.nestedReads?.ours.load.requestsPerSecond, grown.nestedReads?.ours.load.requestsPerSecond),
    peerNestedReadsP50: ratio(peerP50(grown.nestedReads), peerP50(base.nestedReads)),
  };
}
