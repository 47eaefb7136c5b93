import type { RecordedStatement } from './sql-recorder';

/** Messages between the bench and the API server it runs in a child process (over Node's IPC). */
export type ServerCommand =
  | { id: number; cmd: 'record-start' }
  | { id: number; cmd: 'record-stop' }
  | { id: number; cmd: 'stop' };

export interface ServerReply {
  id: number;
  ok: boolean;
  error?: string;
  statements?: RecordedStatement[];
}

export interface ServerReady {
  type: 'ready';
  port: number;
  /** Whether the indicators seam could tag the rollup's statements in this server. */
  indicatorsInstrumented: boolean;
}

export interface ServerFailed {
  type: 'failed';
  error: string;
}
