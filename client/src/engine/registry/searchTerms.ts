import { EngineError } from '../../core/errors';
import type { SearchFilters } from './api';
import { canonicalRegistry, DOCKER_HUB } from './hosts';

/**
 * What a search asks, read as dockerd reads it: the term's registry part and the filters.
 * No I/O here, so the Engine API server can use it to read `/images/search` requests.
 */

/**
 * docker's `--filter` values (`is-official=true`, `stars=3`, `is-automated=false`) to typed
 * filters, with dockerd's messages for unknown names and bad values.
 */
export function parseSearchFilters(list: string[] | Record<string, string[] | Record<string, boolean>> | undefined): SearchFilters {
  const out: SearchFilters = {};
  if (!list) return out;
  const pairs: Array<[string, string]> = Array.isArray(list)
    ? list.map((f) => {
        const i = f.indexOf('=');
        if (i <= 0) throw new EngineError('invalid-argument', `Bad format of filter (expected name=value)`);
        return [f.slice(0, i).trim().toLowerCase(), f.slice(i + 1).trim()];
      })
    : Object.entries(list).flatMap(([k, v]) => (Array.isArray(v) ? v : Object.keys(v).filter((x) => v[x])).map((x) => [k, x] as [string, string]));
  for (const [name, value] of pairs) {
    if (name === 'stars') {
      if (!/^\d+$/.test(value)) throw new EngineError('invalid-argument', `Invalid filter 'stars=${value}'`);
      out.stars = Math.max(out.stars ?? 0, Number(value));
    } else if (name === 'is-official' || name === 'is-automated') {
      const v = parseBool(value);
      if (v === undefined) throw new EngineError('invalid-argument', `Invalid filter '${name}=[${value}]'`);
      if (name === 'is-official') out.isOfficial = v;
      else out.isAutomated = v;
    } else {
      throw new EngineError('invalid-argument', `Invalid filter '${name}'`);
    }
  }
  return out;
}

/** Go's strconv.ParseBool, which dockerd uses for these filters. */
function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/** A registry named apart from the term (SearchOptions.registry, a Registries view node): its host[:port], without a scheme or a path. */
export function searchRegistryHost(registry: string): string {
  return registry.replace(/^https?:\/\//i, '').replace(/\/.*$/, '');
}

/**
 * Docker's split of a search term: `host.name/term`, `host:port/term` and `localhost/term`
 * search that registry; anything else searches Docker Hub.
 */
export function splitSearchTerm(term: string): { registry: string; remote: string } {
  const slash = term.indexOf('/');
  if (slash > 0) {
    const first = term.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') return { registry: canonicalRegistry(first), remote: term.slice(slash + 1) };
  }
  return { registry: DOCKER_HUB, remote: term };
}
