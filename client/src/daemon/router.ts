import type { Call } from './call';
import { compareVersions } from '../core/dockerWire';
import { ApiError, MAX_API_VERSION, MIN_API_VERSION } from './wire';

export type Handler = (call: Call) => Promise<void>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/**
 * Routes `METHOD /path` to a handler. Paths come with or without `/vX.Y` (moby's router strips it
 * and checks it against the supported range). `{name}` matches one path segment, `{name*}` the
 * rest of the path including slashes (image names: `/images/{name*}/json`, moby's `{name:.*}`).
 * Routes are tried in the order they were added.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, path: string, handler: Handler): this {
    const names: string[] = [];
    const source = path.replace(/[.+?^$()[\]\\|]/g, '\\$&').replace(/\{(\w+)(\*?)\}/g, (_m, name: string, rest: string) => {
      names.push(name);
      return rest ? '(.+)' : '([^/]+)';
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  get(path: string, h: Handler): this {
    return this.add('GET', path, h);
  }
  post(path: string, h: Handler): this {
    return this.add('POST', path, h);
  }
  put(path: string, h: Handler): this {
    return this.add('PUT', path, h);
  }
  delete(path: string, h: Handler): this {
    return this.add('DELETE', path, h);
  }
  head(path: string, h: Handler): this {
    return this.add('HEAD', path, h);
  }

  /** Splits `/v1.41/containers/json` into the version and the path; checks the version. */
  static version(rawPath: string): { version: string; path: string } {
    const m = /^\/v([0-9]+\.[0-9]+)(\/.*)$/.exec(rawPath);
    if (!m) return { version: MAX_API_VERSION, path: rawPath };
    const version = m[1];
    if (compareVersions(version, MAX_API_VERSION) > 0) throw new ApiError(400, `client version ${version} is too new. Maximum supported API version is ${MAX_API_VERSION}`);
    if (compareVersions(version, MIN_API_VERSION) < 0) throw new ApiError(400, `client version ${version} is too old. Minimum supported API version is ${MIN_API_VERSION}, please upgrade your client to a newer version`);
    return { version, path: m[2] };
  }

  /** The handler and path parameters, or undefined (dockerd: 404 `page not found`). HEAD falls back to GET. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | undefined {
    for (const want of method === 'HEAD' ? ['HEAD', 'GET'] : [method]) {
      for (const r of this.routes) {
        if (r.method !== want) continue;
        const m = r.pattern.exec(path);
        if (!m) continue;
        const params: Record<string, string> = {};
        r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
        return { handler: r.handler, params };
      }
    }
    return undefined;
  }
}
