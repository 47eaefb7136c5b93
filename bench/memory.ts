import { readFileSync } from 'node:fs';

/**
 * Resident memory of another process, read from /proc/<pid>/status (Linux): VmRSS now, VmHWM the
 * peak since the process started. Sampling VmRSS during a load gives the peak under that load
 * alone (VmHWM would also count start-up and earlier steps).
 */
export interface RssSampler {
  stop(): RssFigures;
}

export interface RssFigures {
  /** Highest VmRSS seen while sampling, in MiB. */
  peakMiB: number | null;
  /** VmRSS when sampling began (the measured load's start, after the warm-up), in MiB. */
  startMiB: number | null;
  /** VmHWM (peak over the process's life) when sampling stopped, in MiB. */
  lifetimePeakMiB: number | null;
  samples: number;
}

function readKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

const mib = (kib: number | null) => (kib == null ? null : Math.round((kib / 1024) * 10) / 10);

export function sampleRss(pid: number, intervalMs = 100): RssSampler {
  const start = readKiB(pid, 'VmRSS');
  let peak = start;
  let samples = start == null ? 0 : 1;
  const timer = setInterval(() => {
    const now = readKiB(pid, 'VmRSS');
    if (now == null) return;
    samples++;
    if (peak == null || now > peak) peak = now;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return { peakMiB: mib(peak), startMiB: mib(start), lifetimePeakMiB: mib(readKiB(pid, 'VmHWM')), samples };
    },
  };
}
