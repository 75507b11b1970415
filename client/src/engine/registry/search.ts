import { EngineError, isEngineError } from '../../core/errors';
import type { SearchFilters, SearchOptions, SearchResult } from './api';
import type { RegistryClient } from './client';
import type { RegistryConfig } from './config';
import { allowedEntry } from './config';
import { canonicalRegistry, DOCKER_HUB } from './hosts';
import { searchRegistryHost, splitSearchTerm } from './searchTerms';
import { readBody, send, TransientError } from './transport';

export { parseSearchFilters, splitSearchTerm } from './searchTerms';

/**
 * `search`: Docker Hub through its search API (`/v1/search?q=&n=`, the address configurable
 * because Hub is not reachable everywhere), any other registry through its own v1 search
 * where it answers (as dockerd does), else its v2 catalog filtered by the term (as Podman
 * does). Filters and limits follow dockerd's rules and messages.
 */

const DEFAULT_SEARCH_INDEX = 'https://index.docker.io';
const DEFAULT_SEARCH_LIMIT = 25;
const DEFAULT_TIMEOUT_MS = 15_000;

function applyFilters(rows: SearchResult[], f: SearchFilters): SearchResult[] {
  return rows.filter((r) => (f.stars === undefined || r.stars >= f.stars) && (f.isOfficial === undefined || r.official === f.isOfficial) && (f.isAutomated === undefined || r.automated === f.isAutomated));
}

interface HubResponse {
  results?: Array<{ name?: unknown; description?: unknown; star_count?: unknown; is_official?: unknown; is_automated?: unknown }>;
}

/** A signal that fires on the caller's cancellation or after `ms`; `timeout.aborted` tells which. */
function deadline(signal: AbortSignal | undefined, ms: number): { signal: AbortSignal; timeout: AbortSignal } {
  const timeout = AbortSignal.timeout(ms);
  return { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, timeout };
}

/**
 * `GET <index>/v1/search?q=&n=`: Hub's format (`{results: [...]}`) or a bare list. Returns
 * undefined when the server has no such endpoint (404/405/401/403) and `optional` is set
 * (then the catalog is tried); throws with a clear message otherwise.
 */
async function v1Search(index: URL, remote: string, limit: number, opts: { signal?: AbortSignal; timeoutMs: number; optional: boolean; insecure: boolean }): Promise<SearchResult[] | undefined> {
  const url = new URL('/v1/search', index);
  url.searchParams.set('q', remote);
  url.searchParams.set('n', String(limit));
  const where = index.origin;
  const d = deadline(opts.signal, opts.timeoutMs);
  let body: Buffer;
  let status: number;
  let type: string;
  try {
    const res = await send(url, { method: 'GET', headers: { accept: 'application/json' }, signal: d.signal, idleTimeoutMs: opts.timeoutMs, rejectUnauthorized: !opts.insecure });
    status = res.status;
    type = String(res.headers['content-type'] ?? '');
    body = await readBody(res, 8 * 1024 * 1024, d.signal);
  } catch (e) {
    if (d.timeout.aborted || (e instanceof TransientError && e.code === 'ETIMEDOUT')) {
      throw new EngineError('unavailable', `the search index ${where} did not answer within ${Math.round(opts.timeoutMs / 1000)} s; check the address (stevedore.search.index, $STEVEDORE_SEARCH_INDEX or search-index) and your network`);
    }
    if (isEngineError(e, 'cancelled') || opts.signal?.aborted) throw new EngineError('cancelled', 'search cancelled');
    if (opts.optional) return undefined;
    throw new EngineError('unavailable', `cannot reach the search index ${where}: ${(e as Error).message}`);
  }
  if ([401, 403, 404, 405].includes(status) && opts.optional) return undefined;
  const text = body.toString('utf8');
  const looksHtml = /html/i.test(type) || /^\s*</.test(text);
  if (status !== 200) {
    throw new EngineError(status === 429 ? 'too-many-requests' : status === 401 ? 'unauthorized' : 'unavailable', `the search index ${where} answered ${status}${looksHtml ? ' (an HTML page)' : text.trim() ? `: ${text.trim().slice(0, 200)}` : ''}`);
  }
  if (looksHtml) {
    if (opts.optional) return undefined;
    throw new EngineError('corrupt', `the search index ${where} answered with an HTML page instead of JSON: it is not a registry search API (a login page or a proxy in between?)`);
  }
  let parsed: HubResponse | HubResponse['results'];
  try {
    parsed = JSON.parse(text);
  } catch {
    if (opts.optional) return undefined;
    throw new EngineError('corrupt', `the search index ${where} answered with malformed JSON`);
  }
  const list = Array.isArray(parsed) ? parsed : parsed?.results;
  if (!Array.isArray(list)) {
    if (opts.optional) return undefined;
    throw new EngineError('corrupt', `the search index ${where} answered without a list of results`);
  }
  return list
    .filter((r) => r && typeof r.name === 'string')
    .map((r) => ({
      name: r.name as string,
      description: typeof r.description === 'string' ? r.description : '',
      stars: typeof r.star_count === 'number' ? r.star_count : 0,
      official: r.is_official === true,
      automated: r.is_automated === true,
    }));
}

export interface SearchContext {
  config: RegistryConfig;
  /** The (logged-in) client for a registry, for its catalog. */
  client(registry: string): RegistryClient;
}

/** Searches Docker Hub or a registry; see the module comment. */
export async function searchImages(ctx: SearchContext, term: string, opts: SearchOptions = {}): Promise<SearchResult[]> {
  const t = (term ?? '').trim();
  if (!t && !opts.registry) throw new EngineError('invalid-argument', 'search term must not be empty: say what to look for, e.g. `stevedore search nginx`');
  if (/\s/.test(t)) throw new EngineError('invalid-argument', `invalid search term "${t}": a term cannot contain spaces`);
  const limit = opts.limit === undefined || opts.limit === 0 ? DEFAULT_SEARCH_LIMIT : opts.limit;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new EngineError('invalid-argument', `Limit ${opts.limit} is outside the range of [1, 100]`);
  const filters = opts.filters ?? {};
  const { registry, remote } = opts.registry ? { registry: canonicalRegistry(searchRegistryHost(opts.registry)), remote: t } : splitSearchTerm(t);
  if (ctx.config.error) throw ctx.config.error;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (registry === DOCKER_HUB) {
    if (!remote) throw new EngineError('invalid-argument', 'search term must not be empty: say what to look for, e.g. `stevedore search nginx`');
    const index = new URL(ctx.config.searchIndex ?? DEFAULT_SEARCH_INDEX);
    const rows = (await v1Search(index, remote, limit, { signal: opts.signal, timeoutMs, optional: false, insecure: false }))!;
    return applyFilters(rows.map((r) => ({ ...r, registry: DOCKER_HUB })), filters).slice(0, limit);
  }
  allowedEntry(ctx.config, registry, remote || '_', 'search'); // refuses a blocked registry
  // The client's endpoint: the same scheme and address its catalog is asked at.
  const client = ctx.client(registry);
  // The registry's own v1 search, where it still has one (dockerd asks only this).
  if (remote) {
    const v1 = await v1Search(client.endpoint.base, remote, limit, { signal: opts.signal, timeoutMs, optional: true, insecure: client.endpoint.insecure });
    if (v1) return applyFilters(v1.map((r) => ({ ...r, registry })), filters).slice(0, limit);
  }
  // Else its catalog, filtered by the term (Podman's way): every page, with the user's login.
  let repos: string[];
  const d = deadline(opts.signal, timeoutMs);
  try {
    repos = await client.catalog({ pageSize: 100, signal: d.signal });
  } catch (e) {
    if (d.timeout.aborted) throw new EngineError('unavailable', `registry ${registry} did not answer its catalog within ${Math.round(timeoutMs / 1000)} s`);
    if (isEngineError(e, 'cancelled')) throw new EngineError('cancelled', 'search cancelled');
    if (isEngineError(e, 'unauthorized')) throw new EngineError('unauthorized', `registry ${registry} cannot be searched: it refuses its catalog without a login (401); run \`stevedore login ${registry}\``);
    if (isEngineError(e, 'forbidden')) throw new EngineError('forbidden', `registry ${registry} cannot be searched: it refuses to list its catalog (403)`);
    if (isEngineError(e, 'not-found') || isEngineError(e, 'corrupt')) throw new EngineError('unavailable', `registry ${registry} cannot be searched: it has neither a v1 search nor a v2 catalog (${(e as Error).message})`);
    throw e;
  }
  const needle = remote.toLowerCase();
  const rows = repos.filter((r) => r.toLowerCase().includes(needle)).map((r) => ({ name: `${registry}/${r}`, description: '', stars: 0, official: false, automated: false, registry }));
  return applyFilters(rows, filters).slice(0, limit);
}
