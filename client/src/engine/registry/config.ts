import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ParseError } from 'jsonc-parser';
import { EngineError } from '../../core/errors';
import type { RegistryConfigInfo } from './api';
import { canonicalRegistry, DOCKER_HUB, isInsecureRegistry } from './hosts';

/**
 * The embedded engine's registry configuration: one file, read alike by the CLI, the
 * extension and the Engine API service. It accepts what users already write:
 *
 * - dockerd's `daemon.json` keys (a JSON file): `registry-mirrors` (Docker Hub mirrors, tried
 *   in order) and `insecure-registries` (host[:port] or CIDR, spoken to over plain HTTP);
 * - containers' `registries.conf` (TOML, version 2): `[[registry]]` tables with `prefix`,
 *   `location`, `insecure`, `blocked` and `[[registry.mirror]]` entries (`location`,
 *   `insecure`). The daemon.json keys are accepted at the top level of the TOML file too.
 *
 * Stevedore's own keys (either format): `mirror-timeout` (seconds a mirror may stay silent
 * before the next source is tried, default 15) and `search-index` (the Docker Hub search
 * API's address, default https://index.docker.io).
 *
 * Where: `--config FILE` (the CLI), else `$STEVEDORE_REGISTRY_CONFIG`, else
 * `$XDG_CONFIG_HOME/stevedore/registries.conf` (default `~/.config/stevedore/registries.conf`).
 * The file's format is told by its first character: `{` is JSON, anything else TOML.
 *
 * A malformed file is not fatal to the engine: the error (file, line, key) is kept in
 * `error`, registry operations refuse with it, and everything else keeps working.
 */

export interface MirrorEntry {
  /** As written: `mirror.example.com/dockerhub`, `https://mirror.gcr.io`. */
  location: string;
  insecure: boolean;
  /** Where it was set: `FILE:LINE` or `setting stevedore.registries.mirrors`. */
  origin: string;
}

export interface RegistryEntry {
  /** What references it applies to: `docker.io`, `quay.io/team`, `*.example.com`. */
  prefix: string;
  /** Where those references are served (same as prefix unless rewritten). */
  location: string;
  insecure: boolean;
  blocked: boolean;
  mirrors: MirrorEntry[];
  origin: string;
}

export interface RegistryConfig {
  /** The file that was read (absent when there is none). */
  file?: string;
  entries: RegistryEntry[];
  /** Plain-HTTP registries beyond loopback: host[:port] or CIDR. */
  insecure: string[];
  /** A mirror that sends nothing for this long is given up for the next source. */
  mirrorTimeoutMs: number;
  /** Docker Hub's search API (`/v1/search`) address. */
  searchIndex?: string;
  /** Set when the file (or a setting) is malformed; registry operations refuse with it. */
  error?: EngineError;
  /** Things ignored with a reason (unknown keys), shown by `stevedore info`. */
  warnings: string[];
}

/** What the VS Code settings add on top of the file. */
export interface RegistryOverlay {
  /** `stevedore.registries.mirrors`: Docker Hub mirrors, tried before the file's. */
  mirrors?: string[];
  /** `stevedore.registries.insecure`: added to the file's insecure registries. */
  insecure?: string[];
  /** `stevedore.search.index`. */
  searchIndex?: string;
}

const DEFAULT_MIRROR_TIMEOUT_MS = 15_000;

/** Where the configuration file is looked for: explicit, then the environment, then the per-user default. */
function registryConfigPath(env: NodeJS.ProcessEnv = process.env, explicit?: string): string {
  if (explicit && explicit.trim()) return path.resolve(explicit);
  if (env.STEVEDORE_REGISTRY_CONFIG && env.STEVEDORE_REGISTRY_CONFIG.trim()) return path.resolve(env.STEVEDORE_REGISTRY_CONFIG);
  const home = env.HOME && env.HOME.trim() ? env.HOME : os.homedir();
  const xdg = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(xdg, 'stevedore', 'registries.conf');
}

/** No file (or none in force): no mirrors, nothing blocked, only loopback registries over plain HTTP. */
export function emptyRegistryConfig(file?: string): RegistryConfig {
  return { file, entries: [], insecure: [], mirrorTimeoutMs: DEFAULT_MIRROR_TIMEOUT_MS, warnings: [] };
}

/**
 * Reads the configuration (never throws for a bad file: see `error`). `STEVEDORE_INSECURE_REGISTRIES`
 * (comma-separated) is still honoured and added to the insecure list.
 */
export function loadRegistryConfig(opts: { env?: NodeJS.ProcessEnv; file?: string; overlay?: RegistryOverlay } = {}): RegistryConfig {
  const env = opts.env ?? process.env;
  const explicit = opts.file !== undefined || !!env.STEVEDORE_REGISTRY_CONFIG?.trim();
  const file = registryConfigPath(env, opts.file);
  let cfg = emptyRegistryConfig();
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' || explicit) {
      cfg.file = file;
      cfg.error = new EngineError('invalid-argument', `registry configuration ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
  }
  if (text !== undefined) {
    try {
      cfg = parseRegistryConfig(text, file);
    } catch (e) {
      cfg = emptyRegistryConfig(file);
      cfg.error = e as EngineError;
    }
  }
  const envInsecure = (env.STEVEDORE_INSECURE_REGISTRIES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  cfg.insecure.push(...envInsecure.filter((h) => !cfg.insecure.includes(h)));
  if (env.STEVEDORE_SEARCH_INDEX?.trim()) cfg.searchIndex = env.STEVEDORE_SEARCH_INDEX.trim();
  if (opts.overlay) applyOverlay(cfg, opts.overlay);
  return cfg;
}

/** Layers the VS Code settings on top: their mirrors first, their insecure registries added. */
export function applyOverlay(cfg: RegistryConfig, overlay: RegistryOverlay): RegistryConfig {
  for (const [i, h] of (overlay.insecure ?? []).entries()) {
    if (typeof h !== 'string' || !h.trim()) {
      cfg.error ??= new EngineError('invalid-argument', `setting stevedore.registries.insecure[${i}]: expected a host[:port] or CIDR string`);
      continue;
    }
    if (!cfg.insecure.includes(h.trim())) cfg.insecure.push(h.trim());
  }
  const mirrors = overlay.mirrors ?? [];
  if (mirrors.length) {
    const added: MirrorEntry[] = [];
    mirrors.forEach((m, i) => {
      const origin = `setting stevedore.registries.mirrors[${i}]`;
      try {
        if (typeof m !== 'string') throw new Error('expected a URL string');
        checkMirrorLocation(m);
        added.push({ location: m.trim(), insecure: false, origin });
      } catch (e) {
        cfg.error ??= new EngineError('invalid-argument', `${origin}: ${(e as Error).message}`);
      }
    });
    const hub = hubEntry(cfg, 'settings');
    const seen = new Set(added.map((m) => mirrorKey(m.location)));
    hub.mirrors = [...added, ...hub.mirrors.filter((m) => !seen.has(mirrorKey(m.location)))];
  }
  if (overlay.searchIndex && overlay.searchIndex.trim()) cfg.searchIndex = overlay.searchIndex.trim();
  return cfg;
}

/** Docker Hub's entry, added (set at `origin`) when the configuration has none yet. */
function hubEntry(cfg: RegistryConfig, origin: string): RegistryEntry {
  let hub = cfg.entries.find((e) => normalisePrefix(e.prefix) === DOCKER_HUB);
  if (!hub) {
    hub = { prefix: DOCKER_HUB, location: DOCKER_HUB, insecure: false, blocked: false, mirrors: [], origin };
    cfg.entries.push(hub);
  }
  return hub;
}

const mirrorKey = (location: string) => location.trim().replace(/\/+$/, '').toLowerCase();

// ---- parsing ----------------------------------------------------------------------------

/** A configuration error that names the file, the line and the key. */
function configError(file: string, line: number | undefined, key: string, message: string): EngineError {
  return new EngineError('invalid-argument', `registry configuration ${file}${line ? `:${line}` : ''}: key "${key}": ${message}`);
}

/** 1-based line of character offset `pos` in `text`. */
function lineAt(text: string, pos: number): number {
  return text.slice(0, Math.max(0, pos)).split('\n').length;
}

/**
 * Finds the line a key was written on, for error messages. Neither JSON.parse nor smol-toml
 * keeps positions of values, so this scans the text: hand-written, small, and only used to
 * point at the line of a value the parser already accepted.
 * `table` is the array-of-tables path (`registry` or `registry.mirror`), `index` which
 * occurrence (for mirrors: within the `registryIndex`-th registry).
 */
function tomlKeyLine(text: string, key: string, registryIndex?: number, mirrorIndex?: number): number | undefined {
  const lines = text.split('\n');
  let reg = -1;
  let mir = -1;
  let table = '';
  const keyRe = new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}["']?\\s*=`);
  let fallback: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    const header = /^\[\[\s*([^\]]+?)\s*\]\]/.exec(l) ?? /^\[\s*([^\]]+?)\s*\]/.exec(l);
    if (header) {
      table = header[1].replace(/\s/g, '');
      if (l.startsWith('[[') && table === 'registry') {
        reg++;
        mir = -1;
      } else if (l.startsWith('[[') && table === 'registry.mirror') {
        mir++;
      }
      if (registryIndex !== undefined && reg === registryIndex && (mirrorIndex === undefined ? table === 'registry' : table === 'registry.mirror' && mir === mirrorIndex)) fallback ??= i + 1;
      continue;
    }
    const inPlace =
      registryIndex === undefined ? table === '' : reg === registryIndex && (mirrorIndex === undefined ? table === 'registry' : table === 'registry.mirror' && mir === mirrorIndex);
    if (inPlace && keyRe.test(lines[i])) return i + 1;
  }
  return fallback;
}

function jsonKeyLine(text: string, key: string): number | undefined {
  const i = text.indexOf(`"${key}"`);
  return i >= 0 ? lineAt(text, i) : undefined;
}

/** Checks a mirror location: `https://host[:port][/path]`, `http://…`, or `host[:port][/path]`. */
function checkMirrorLocation(location: string): void {
  const s = location.trim();
  if (!s) throw new Error('a mirror location is empty');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(s);
  if (scheme) {
    if (!/^https?$/i.test(scheme[1])) throw new Error(`mirror "${s}" is not an http(s) URL`);
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      throw new Error(`mirror "${s}" is not a valid URL`);
    }
    if (!u.host) throw new Error(`mirror "${s}" has no host`);
    if (u.username || u.password) throw new Error(`mirror "${s}" carries credentials; use \`stevedore login ${u.host}\` instead`);
    if (u.search || u.hash) throw new Error(`mirror "${s}" must not have a query or fragment`);
    return;
  }
  if (/\s/.test(s) || !/^[a-z0-9.[\]:-]+(\/[a-z0-9._/-]*)?$/i.test(s)) throw new Error(`mirror "${s}" is neither an http(s) URL nor host[:port][/path]`);
}

function normalisePrefix(prefix: string): string {
  const p = prefix.trim().replace(/\/+$/, '');
  const slash = p.indexOf('/');
  const host = slash < 0 ? p : p.slice(0, slash);
  return (host.startsWith('*.') ? host.toLowerCase() : canonicalRegistry(host)) + (slash < 0 ? '' : p.slice(slash));
}

type Where = (key: string) => number | undefined;

function asBool(v: unknown, key: string, file: string, where: Where): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw configError(file, where(key), key, `expected true or false, got ${JSON.stringify(v)}`);
  return v;
}

function asString(v: unknown, key: string, file: string, where: Where): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw configError(file, where(key), key, `expected a string, got ${JSON.stringify(v)}`);
  return v;
}

function asStrings(v: unknown, key: string, file: string, where: Where): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw configError(file, where(key), key, 'expected a list of strings');
  return v as string[];
}

function common(doc: Record<string, unknown>, cfg: RegistryConfig, file: string, where: Where): void {
  for (const h of asStrings(doc['insecure-registries'], 'insecure-registries', file, where)) if (!cfg.insecure.includes(h.trim())) cfg.insecure.push(h.trim());
  const mirrors = asStrings(doc['registry-mirrors'], 'registry-mirrors', file, where);
  if (mirrors.length) {
    const line = where('registry-mirrors');
    const list = mirrors.map((m) => {
      try {
        checkMirrorLocation(m);
      } catch (e) {
        throw configError(file, line, 'registry-mirrors', (e as Error).message);
      }
      return { location: m.trim(), insecure: false, origin: `${file}:${line ?? 1}` };
    });
    hubEntry(cfg, `${file}:${line ?? 1}`).mirrors.push(...list);
  }
  const timeout = doc['mirror-timeout'];
  if (timeout !== undefined) {
    if (typeof timeout !== 'number' || !(timeout > 0) || timeout > 3600) throw configError(file, where('mirror-timeout'), 'mirror-timeout', 'expected a number of seconds between 0 and 3600');
    cfg.mirrorTimeoutMs = Math.round(timeout * 1000);
  }
  const index = asString(doc['search-index'], 'search-index', file, where);
  if (index !== undefined) {
    if (!/^https?:\/\/[^/]/i.test(index)) throw configError(file, where('search-index'), 'search-index', `"${index}" is not an http(s) URL`);
    cfg.searchIndex = index;
  }
}

/** Parses the text of a configuration file; throws an EngineError naming file, line and key. */
export function parseRegistryConfig(text: string, file: string): RegistryConfig {
  const cfg = emptyRegistryConfig(file);
  if (text.trimStart().startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      // JSON.parse does not always say where; jsonc-parser's strict scan does.
      // Loaded only here and for TOML below: most commands never read a configuration file.
      const { parse: parseJsonc, printParseErrorCode } = require('jsonc-parser') as typeof import('jsonc-parser');
      const errors: ParseError[] = [];
      parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
      const line = errors.length ? lineAt(text, errors[0].offset) : undefined;
      const what = errors.length ? printParseErrorCode(errors[0].error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : (e as Error).message;
      throw new EngineError('invalid-argument', `registry configuration ${file}${line ? `:${line}` : ''}: malformed JSON: ${what}`);
    }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new EngineError('invalid-argument', `registry configuration ${file}:1: expected a JSON object`);
    common(doc as Record<string, unknown>, cfg, file, (key) => jsonKeyLine(text, key));
    return cfg;
  }
  const { parse: parseToml, TomlError } = require('smol-toml') as typeof import('smol-toml');
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) {
      const first = e.message.replace(/^Invalid TOML document: /, '').split('\n')[0];
      throw new EngineError('invalid-argument', `registry configuration ${file}:${e.line}: malformed TOML: ${first} (column ${e.column})`);
    }
    throw new EngineError('invalid-argument', `registry configuration ${file}: ${(e as Error).message}`);
  }
  const top: Where = (key) => tomlKeyLine(text, key);
  common(doc, cfg, file, top);
  const known = new Set(['registry', 'registry-mirrors', 'insecure-registries', 'mirror-timeout', 'search-index', 'unqualified-search-registries', 'short-name-mode', 'credential-helpers']);
  for (const k of Object.keys(doc)) if (!known.has(k)) cfg.warnings.push(`${file}:${top(k) ?? 1}: unknown key "${k}" ignored`);
  const regs = doc.registry;
  if (regs === undefined) return cfg;
  if (!Array.isArray(regs)) throw configError(file, top('registry'), 'registry', 'expected [[registry]] tables');
  regs.forEach((r: Record<string, unknown>, i: number) => {
    const where: Where = (key) => tomlKeyLine(text, key, i);
    const here = tomlKeyLine(text, '\u0000', i) ?? 1;
    if (!r || typeof r !== 'object') throw configError(file, here, 'registry', 'expected a table');
    const location = asString(r.location, 'location', file, where)?.trim();
    const prefix = asString(r.prefix, 'prefix', file, where)?.trim() || location;
    if (!prefix) throw configError(file, here, 'location', `[[registry]] number ${i + 1} has neither "location" nor "prefix"`);
    if (location !== undefined && /:\/\//.test(location)) throw configError(file, where('location'), 'location', `"${location}" must be host[:port][/path], without a scheme`);
    if (prefix.startsWith('*.') && location) throw configError(file, where('location'), 'location', 'a wildcard prefix cannot have a location');
    const entry: RegistryEntry = {
      prefix: normalisePrefix(prefix),
      location: location ? normalisePrefix(location) : normalisePrefix(prefix),
      insecure: asBool(r.insecure, 'insecure', file, where),
      blocked: asBool(r.blocked, 'blocked', file, where),
      mirrors: [],
      origin: `${file}:${here}`,
    };
    for (const k of Object.keys(r)) if (!['prefix', 'location', 'insecure', 'blocked', 'mirror', 'mirror-by-digest-only'].includes(k)) cfg.warnings.push(`${file}:${where(k) ?? here}: unknown key "${k}" in [[registry]] ignored`);
    const mirrors = r.mirror ?? [];
    if (!Array.isArray(mirrors)) throw configError(file, where('mirror'), 'mirror', 'expected [[registry.mirror]] tables');
    mirrors.forEach((m: Record<string, unknown>, j: number) => {
      const mwhere: Where = (key) => tomlKeyLine(text, key, i, j);
      const ml = asString(m?.location, 'location', file, mwhere);
      if (!ml) throw configError(file, mwhere('location') ?? here, 'location', `[[registry.mirror]] number ${j + 1} of ${prefix} has no location`);
      try {
        checkMirrorLocation(ml);
      } catch (e) {
        throw configError(file, mwhere('location'), 'location', (e as Error).message);
      }
      const pullFrom = asString(m['pull-from-mirror'], 'pull-from-mirror', file, mwhere);
      if (pullFrom !== undefined && pullFrom !== 'all') cfg.warnings.push(`${file}:${mwhere('pull-from-mirror')}: pull-from-mirror = "${pullFrom}" is not supported; the mirror is used for every pull`);
      entry.mirrors.push({ location: ml.trim(), insecure: asBool(m.insecure, 'insecure', file, mwhere), origin: `${file}:${mwhere('location') ?? here}` });
    });
    if (entry.insecure) {
      const host = entry.location.split('/')[0];
      if (!cfg.insecure.includes(host)) cfg.insecure.push(host);
    }
    cfg.entries.push(entry);
  });
  return cfg;
}

// ---- matching -----------------------------------------------------------------------------

/** The entry whose prefix matches `name` (`registry/repository`) longest, as containers/image does. */
function matchEntry(cfg: RegistryConfig, name: string): RegistryEntry | undefined {
  let best: RegistryEntry | undefined;
  let bestLen = -1;
  const host = name.split('/')[0];
  for (const e of cfg.entries) {
    const p = e.prefix;
    let len = -1;
    if (p.startsWith('*.')) {
      if (host.toLowerCase().endsWith(p.slice(1))) len = p.length;
    } else if (name === p || name.startsWith(p + '/')) {
      len = p.length;
    }
    if (len > bestLen) {
      best = e;
      bestLen = len;
    }
  }
  return best;
}

/** One place an image can be pulled from: a mirror or the registry itself. */
export interface PullSource {
  /** Host the requests go to (and whose login is used): `127.0.0.1:5001`, `docker.io`. */
  registry: string;
  /** The endpoint's base URL when it is not what the registry name implies (mirrors). */
  base?: URL;
  repository: string;
  mirror: boolean;
  /** For messages: `mirror http://127.0.0.1:5001` or `docker.io`. */
  label: string;
}

function splitLocation(loc: string): { host: string; path: string } {
  const slash = loc.indexOf('/');
  return slash < 0 ? { host: loc, path: '' } : { host: loc.slice(0, slash), path: loc.slice(slash + 1).replace(/\/+$/, '') };
}

/** The base URL and repository path of a mirror for `rest` (the repository below the entry's prefix). */
function mirrorSource(m: MirrorEntry, rest: string, insecure: string[]): PullSource {
  const s = m.location.trim().replace(/\/+$/, '');
  let base: URL;
  let ns: string;
  if (/^https?:\/\//i.test(s)) {
    const u = new URL(s);
    base = new URL(`${u.protocol}//${u.host}`);
    ns = u.pathname.replace(/^\/+|\/+$/g, '');
  } else {
    const { host, path: p } = splitLocation(s);
    base = new URL(`${m.insecure || isInsecureRegistry(host, insecure) ? 'http' : 'https'}://${host}`);
    ns = p;
  }
  return { registry: base.host, base, repository: [ns, rest].filter(Boolean).join('/'), mirror: true, label: `mirror ${base.protocol}//${base.host}${ns ? '/' + ns : ''}` };
}

/** The registry itself for `registry/repository` (after a `location` rewrite, if any). */
function primarySource(entry: RegistryEntry | undefined, registry: string, repository: string): PullSource {
  const name = `${registry}/${repository}`;
  if (!entry || entry.prefix.startsWith('*.') || entry.location === entry.prefix) return { registry, repository, mirror: false, label: registry };
  const rewritten = entry.location + name.slice(entry.prefix.length);
  const { host, path: p } = splitLocation(rewritten);
  return { registry: host, repository: p, mirror: false, label: host };
}

/**
 * The entry for `registry/repository`, after refusing `action` on it when the configuration is
 * broken or the registry is blocked.
 */
export function allowedEntry(cfg: RegistryConfig, registry: string, repository: string, action: 'pull' | 'push' | 'search'): RegistryEntry | undefined {
  if (cfg.error) throw cfg.error;
  const name = `${canonicalRegistry(registry)}/${repository}`;
  const entry = matchEntry(cfg, name);
  if (entry?.blocked) {
    throw new EngineError('forbidden', `registry ${entry.prefix} is blocked by the registry configuration (${entry.origin}): ${action} of ${name} refused`);
  }
  return entry;
}

/** Where to pull `registry/repository` from, in order: the mirrors, then the registry. Throws for blocked registries and a broken config. */
export function pullSources(cfg: RegistryConfig, registry: string, repository: string): PullSource[] {
  const entry = allowedEntry(cfg, registry, repository, 'pull');
  const name = `${canonicalRegistry(registry)}/${repository}`;
  const primary = primarySource(entry, canonicalRegistry(registry), repository);
  if (!entry || entry.mirrors.length === 0) return [primary];
  const rest = entry.prefix.startsWith('*.') ? repository : name.slice(entry.prefix.length).replace(/^\//, '');
  return [...entry.mirrors.map((m) => mirrorSource(m, rest, cfg.insecure)), primary];
}

/** Where a push goes: never a mirror. Throws for blocked registries and a broken config. */
export function pushSource(cfg: RegistryConfig, registry: string, repository: string): PullSource {
  const entry = allowedEntry(cfg, registry, repository, 'push');
  return primarySource(entry, canonicalRegistry(registry), repository);
}

/** The mirrors configured for a registry (for `info`, `/info` and the Registries view). */
function mirrorsOf(cfg: RegistryConfig, registry: string): MirrorEntry[] {
  const name = canonicalRegistry(registry);
  return cfg.entries.filter((e) => e.prefix === name).flatMap((e) => e.mirrors);
}

/** The engine's registry configuration as dockerd's `/info` `RegistryConfig` shows it. */
function dockerRegistryConfig(cfg: RegistryConfig): {
  Mirrors: string[];
  InsecureRegistryCIDRs: string[];
  IndexConfigs: Record<string, { Name: string; Mirrors: string[]; Secure: boolean; Official: boolean }>;
} {
  const urlOf = (m: MirrorEntry) => {
    const s = mirrorSource(m, '', cfg.insecure);
    return s.base!.toString();
  };
  const cidrs = ['127.0.0.0/8', ...cfg.insecure.filter((h) => h.includes('/') && !h.includes('://'))];
  const index: Record<string, { Name: string; Mirrors: string[]; Secure: boolean; Official: boolean }> = {
    [DOCKER_HUB]: { Name: DOCKER_HUB, Mirrors: mirrorsOf(cfg, DOCKER_HUB).map(urlOf), Secure: true, Official: true },
  };
  for (const h of cfg.insecure.filter((x) => !x.includes('/'))) index[h] = { Name: h, Mirrors: [], Secure: false, Official: false };
  for (const e of cfg.entries) {
    if (e.prefix === DOCKER_HUB || e.prefix.includes('/') || e.prefix.startsWith('*.')) continue;
    index[e.prefix] = { Name: e.prefix, Mirrors: e.mirrors.map(urlOf), Secure: !isInsecureRegistry(e.location, cfg.insecure), Official: false };
  }
  return { Mirrors: index[DOCKER_HUB].Mirrors, InsecureRegistryCIDRs: cidrs, IndexConfigs: index };
}

/** The configuration as the Engine contract reports it (registry/api.ts RegistryConfigInfo). */
export function describeRegistryConfig(cfg: RegistryConfig): RegistryConfigInfo {
  const mirrors: Record<string, string[]> = {};
  for (const e of cfg.entries) {
    if (!e.mirrors.length) continue;
    const rest = e.prefix.includes('/') ? e.prefix.slice(e.prefix.indexOf('/') + 1) : '';
    mirrors[e.prefix] = e.mirrors.map((m) => {
      const s = mirrorSource(m, '', cfg.insecure);
      return `${s.base!.protocol}//${s.base!.host}/${s.repository}`.replace(/\/+$/, '');
    });
  }
  return {
    file: cfg.file,
    error: cfg.error?.message,
    warnings: [...cfg.warnings],
    mirrors,
    insecure: [...cfg.insecure],
    blocked: cfg.entries.filter((e) => e.blocked).map((e) => e.prefix),
    docker: dockerRegistryConfig(cfg),
  };
}
