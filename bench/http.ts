/**
 * One GraphQL request over HTTP, timed from send to the whole body read, with the checks the
 * load generator cannot make by itself: a 200 with `errors` is a failure (autocannon would count
 * it as a success).
 */
export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

export interface GraphqlResponse<T = unknown> {
  status: number;
  ms: number;
  data: T | null;
  errors: { message: string; extensions?: { code?: string } }[];
  bytes: number;
}

export async function postGraphql<T = unknown>(url: string, request: GraphqlRequest, headers: Record<string, string> = {}): Promise<GraphqlResponse<T>> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(request),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  let parsed: { data?: T; errors?: GraphqlResponse['errors'] } = {};
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, ms, data: parsed.data ?? null, errors: parsed.errors ?? [], bytes: text.length };
}

/** Throws with the first error's message (and code) unless the response is a clean 200. */
export function assertClean<T>(response: GraphqlResponse<T>, what: string): T {
  if (response.status !== 200 || response.errors.length || response.data == null) {
    const first = response.errors[0];
    const detail = first ? `${first.extensions?.code ?? ''} ${first.message}`.trim() : 'no data';
    throw new Error(`${what}: HTTP ${response.status}, ${response.errors.length} error(s): ${detail}`);
  }
  return response.data;
}
