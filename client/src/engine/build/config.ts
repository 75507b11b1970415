import * as path from 'path';
import type { Instruction } from '../../core/parser';
import { parseKeyValues } from '../../core/parser';
import { EngineError } from '../../core/errors';
import type { ContainerConfig, HealthConfig } from '../image/types';

/** Variables in effect for expansion: build args then ENV (ENV wins), as BuildKit resolves them. */
export type Expand = (word: string) => string;

/** The instructions that only change the image config (no layer). */
export const CONFIG_INSTRUCTIONS = new Set(['CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

const DEFAULT_SHELL = ['/bin/sh', '-c'];

/** Replaces or appends `KEY=value` in an env list (order kept, as Docker does). */
export function setEnv(list: string[] | null | undefined, key: string, value: string): string[] {
  const out = [...(list ?? [])];
  const at = out.findIndex((e) => e.slice(0, e.indexOf('=') < 0 ? e.length : e.indexOf('=')) === key);
  if (at >= 0) out[at] = `${key}=${value}`;
  else out.push(`${key}=${value}`);
  return out;
}

/** `KEY=value` list -> map. */
export function envMap(list: string[] | null | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of list ?? []) {
    const i = e.indexOf('=');
    if (i > 0) m.set(e.slice(0, i), e.slice(i + 1));
  }
  return m;
}

/** Go duration (`30s`, `1m30s`, `500ms`) in nanoseconds, as HEALTHCHECK stores them. */
export function parseDuration(text: string, flag: string): number {
  const units: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let at = 0;
  while ((m = re.exec(text))) {
    total += Number(m[1]) * units[m[2]];
    at = re.lastIndex;
  }
  if (!text || at !== text.length) throw new EngineError('invalid-argument', `invalid value for --${flag}: "${text}" is not a duration (e.g. 30s, 1m)`);
  return Math.round(total);
}

/**
 * Applies one config-only instruction to a container config, with Docker's semantics:
 * shell form becomes `SHELL + [text]`, ENTRYPOINT drops a CMD inherited from the base image,
 * WORKDIR resolves against the previous one, EXPOSE defaults to tcp. Shared by the builder and
 * by `import`/`commit --change`, so both read Dockerfile instructions the same way.
 */
export function applyConfigInstruction(cfg: ContainerConfig, inst: Instruction, expand: Expand, opts: { cmdFromBase?: boolean } = {}): ContainerConfig {
  const out: ContainerConfig = { ...cfg };
  const vals = inst.args.map((a) => a.value);
  const shell = out.Shell && out.Shell.length ? out.Shell : DEFAULT_SHELL;
  const commandForm = (words: string[]) => (inst.json ? words : [...shell, words.join(' ')]);
  switch (inst.keyword) {
    case 'CMD':
      out.Cmd = commandForm(vals);
      break;
    case 'ENTRYPOINT':
      out.Entrypoint = commandForm(vals);
      if (opts.cmdFromBase) out.Cmd = null;
      break;
    case 'ENV':
      for (const kv of parseKeyValues(inst)) out.Env = setEnv(out.Env, expand(kv.key), expand(kv.value ?? ''));
      break;
    case 'LABEL':
      out.Labels = { ...(out.Labels ?? {}) };
      for (const kv of parseKeyValues(inst)) out.Labels[expand(kv.key)] = expand(kv.value ?? '');
      break;
    case 'WORKDIR':
      out.WorkingDir = path.posix.resolve(out.WorkingDir || '/', expand(vals.join(' ')));
      break;
    case 'USER':
      out.User = expand(vals.join(' '));
      break;
    case 'STOPSIGNAL':
      out.StopSignal = expand(vals.join(' '));
      break;
    case 'EXPOSE':
      out.ExposedPorts = { ...(out.ExposedPorts ?? {}) };
      for (const raw of vals) {
        const p = expand(raw);
        out.ExposedPorts[p.includes('/') ? p.toLowerCase() : `${p}/tcp`] = {};
      }
      break;
    case 'VOLUME':
      out.Volumes = { ...(out.Volumes ?? {}) };
      for (const v of vals) out.Volumes[expand(v)] = {};
      break;
    case 'SHELL':
      if (!inst.json) throw new EngineError('invalid-argument', `line ${inst.startLine + 1}: SHELL requires the arguments to be in JSON form`);
      out.Shell = vals;
      break;
    case 'ONBUILD':
      out.OnBuild = [...(out.OnBuild ?? []), inst.argsText.trim()];
      break;
    case 'HEALTHCHECK': {
      const hc: HealthConfig = {};
      for (const f of inst.flags) {
        const v = f.value ?? '';
        if (f.name === 'interval') hc.Interval = parseDuration(v, f.name);
        else if (f.name === 'timeout') hc.Timeout = parseDuration(v, f.name);
        else if (f.name === 'start-period') hc.StartPeriod = parseDuration(v, f.name);
        else if (f.name === 'start-interval') hc.StartInterval = parseDuration(v, f.name);
        else if (f.name === 'retries') hc.Retries = Number(v);
        else throw new EngineError('invalid-argument', `line ${inst.startLine + 1}: unknown flag: --${f.name}`);
      }
      const kind = (vals[0] ?? '').toUpperCase();
      if (kind === 'NONE') hc.Test = ['NONE'];
      else if (kind === 'CMD') hc.Test = inst.json ? ['CMD', ...vals.slice(1)] : ['CMD-SHELL', vals.slice(1).join(' ')];
      else throw new EngineError('invalid-argument', `line ${inst.startLine + 1}: HEALTHCHECK needs CMD or NONE`);
      out.Healthcheck = hc;
      break;
    }
    case 'MAINTAINER':
      break; // recorded as the image's author, not in the container config
    default:
      throw new EngineError('invalid-argument', `${inst.keyword} is not a config instruction`);
  }
  return out;
}
