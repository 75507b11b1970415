import type { Readable, Writable } from 'stream';
import { HTTP_STATUS, isEngineError } from '../core/errors';
import { versionAtLeast, type JsonMessage } from '../core/dockerWire';
import { humanSize } from '../core/format';

/**
 * The Docker Engine API's wire formats as this server writes and reads them, independent of any
 * engine: error bodies and their status codes, JSON message streams, stream content types,
 * request bodies and query parameters. What DockerEngine speaks too (API versions, the JSON
 * message type, stdcopy frames) is in core/dockerWire.ts. Names follow moby's api/ and pkg/ packages.
 */

/** An HTTP error with dockerd's status and `{"message"}` text. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The status and message dockerd would send for a failure (errdefs -> HTTP in moby's httpstatus). */
export function errorStatus(e: unknown): { status: number; message: string } {
  if (e instanceof ApiError) return { status: e.status, message: e.message };
  if (isEngineError(e)) return { status: HTTP_STATUS[e.code] ?? 500, message: e.message };
  return { status: 500, message: (e as Error)?.message ?? String(e) };
}

// ---- JSON messages (pkg/jsonmessage) ----------------------------------------------------

/** A stream of newline-separated JSON messages (pull, push, load, build, events). */
export class JsonMessageWriter {
  constructor(private readonly out: Writable) {}
  write(m: JsonMessage | object): void {
    if (!this.out.writableEnded && !this.out.destroyed) this.out.write(JSON.stringify(m) + '\r\n');
  }
  /** An error after the 200 header: the client prints it and fails (`docker pull` exit 1). */
  error(e: unknown): void {
    const { message } = errorStatus(e);
    this.write({ errorDetail: { message }, error: message });
  }
}

/** The progress bar text dockerd puts in `progress` (`[=====>    ]  1.2MB/3.4MB`), for clients that show it as is. */
export function progressBar(current: number, total: number): string {
  if (!total || total <= 0) return humanSize(current);
  const width = 50;
  const filled = Math.max(0, Math.min(width, Math.floor((current / total) * width)));
  const bar = '='.repeat(Math.max(0, filled - 1)) + (filled ? (filled === width ? '=' : '>') : '') + ' '.repeat(width - filled);
  return `[${bar}] ${humanSize(current).padStart(8)}/${humanSize(total)}`;
}

/** Content type of an attach/logs/exec stream: raw for a TTY, multiplexed frames otherwise (API >= 1.42 says so). */
export function streamContentType(tty: boolean, apiVersion: string): string {
  return !tty && versionAtLeast(apiVersion, '1.42') ? 'application/vnd.docker.multiplexed-stream' : 'application/vnd.docker.raw-stream';
}

// ---- versions --------------------------------------------------------------------------

export const MIN_API_VERSION = '1.24';
export const MAX_API_VERSION = '1.47';

// ---- request bodies --------------------------------------------------------------------

/** JSON bodies (container create, exec, auth ...) are small; anything larger is refused, not buffered. */
const MAX_JSON_BODY = 4 * 1024 * 1024;

/** Reads a JSON body; empty is `undefined`. Malformed JSON is a 400 with the parser's words. */
export async function readJson<T = Record<string, unknown>>(body: Readable, limit = MAX_JSON_BODY): Promise<T | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body) {
    size += (c as Buffer).length;
    if (size > limit) throw new ApiError(413, `request body too large: more than ${limit} bytes of JSON`);
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new ApiError(400, `invalid JSON in request body: ${(e as Error).message}`);
  }
}

// ---- query parameters ------------------------------------------------------------------

/** Go's strconv.ParseBool plus docker's habit of `1`/`0` and an empty value meaning false. */
export function boolParam(q: URLSearchParams, name: string, dflt = false): boolean {
  const v = q.get(name);
  if (v === null || v === '') return dflt;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
  throw new ApiError(400, `invalid value for ${name}: ${JSON.stringify(v)}`);
}

export function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw new ApiError(400, `invalid value for ${name}: ${JSON.stringify(v)}`);
  return Number(v);
}

/**
 * `filters` as the API sends it: JSON `{"name": ["v"]}` or the older `{"name": {"v": true}}`.
 * Bad JSON is a 400 as dockerd's filters.FromJSON gives it.
 */
export function filtersParam(q: URLSearchParams): Record<string, string[]> {
  const raw = q.get('filters');
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ApiError(400, `invalid filter '${raw}'`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ApiError(400, `invalid filter '${raw}'`);
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (Array.isArray(v)) out[k] = v.map(String);
    else if (v && typeof v === 'object') out[k] = Object.entries(v as Record<string, unknown>).filter(([, on]) => on).map(([x]) => x);
    else throw new ApiError(400, `invalid filter '${raw}'`);
  }
  return out;
}

/**
 * Refuses filters the engine behind a call cannot apply: a prune that dropped `label` or `until`
 * would remove what the user meant to keep. dockerd's word for a filter it does not take is 400
 * `invalid filter`.
 */
export function onlyFilters(f: Record<string, string[]>, allowed: string[], what: string): void {
  for (const k of Object.keys(f)) {
    if (!allowed.includes(k)) throw new ApiError(400, `invalid filter '${k}': ${what} takes ${allowed.length ? `only ${allowed.map((a) => `'${a}'`).join(', ')}` : 'no filters'} here; nothing was removed`);
  }
}

/** Unix seconds with an optional fraction (`1700000000.123456789`) or an RFC 3339 time, to ms. */
export function timeParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '' || v === '0') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.floor(Number(v) * 1000);
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new ApiError(400, `invalid value for ${name}: ${JSON.stringify(v)}`);
  return t;
}

