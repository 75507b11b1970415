// The script a RUN hands to the shell (shell form, exec form with `sh -c`, heredoc bodies) with a
// map from script offsets to document positions, its mount targets, and parsed scripts cached by text.
import { argsPosition, Heredoc as DockerHeredoc, Instruction, Position } from '../../../../client/src/core/parser';
import { parseShell, Stmt } from '../shell';
import { basename, resolvePath } from '../shellExpand';

export const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh']);

export interface Script { text: string; position: (offset: number) => Position | undefined }

function bodyPosition(h: DockerHeredoc, offset: number): Position | undefined {
  if (offset > h.content.length) return undefined;
  const before = h.content.slice(0, offset).split('\n');
  const line = h.contentRange.start.line + before.length - 1;
  const character = (before.length === 1 ? h.contentRange.start.character : 0) + before[before.length - 1].length;
  return { line, character };
}

const shQuote = (s: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The script a RUN hands to the shell, with a map from script offsets to document positions. */
export function runScript(inst: Instruction, shellOk: boolean): Script | undefined {
  const none = () => undefined;
  if (inst.json) {
    const vals = inst.args.map((w) => w.value);
    if (!vals.length) return undefined;
    if (SHELLS.has(basename(vals[0]))) {
      const i = vals.findIndex((v, k) => k > 0 && /^-[a-z]*c[a-z]*$/.test(v));
      if (i > 0 && vals[i + 1] !== undefined) return { text: vals[i + 1], position: none };
    }
    return { text: vals.map(shQuote).join(' '), position: none };
  }
  if (!shellOk) return undefined;
  const text = inst.argsText;
  if (!inst.heredocs.length) return { text, position: (o) => argsPosition(inst, o) };
  if (inst.heredocs.length === 1 && /^\s*<<-?\s*["']?[^\s"']+["']?\s*$/.test(text)) {
    const h = inst.heredocs[0];
    const content = h.chomp ? h.content.replace(/^\t+/gm, '') : h.content;
    const first = content.split('\n')[0];
    if (/^#!/.test(first) && !/^#!\s*\S*\b(sh|bash|dash|ash)\b/.test(first)) return undefined;
    return { text: content, position: h.chomp ? none : (o) => bodyPosition(h, o) };
  }
  let script = `${text}\n`;
  const bodies: Array<{ start: number; h: DockerHeredoc }> = [];
  for (const h of inst.heredocs) {
    bodies.push({ start: script.length, h });
    script += `${h.content}${h.name}\n`;
  }
  return {
    text: script,
    position: (o) => {
      if (o <= text.length) return argsPosition(inst, o);
      const b = [...bodies].reverse().find((x) => x.start <= o);
      return b && !b.h.chomp ? bodyPosition(b.h, o - b.start) : undefined;
    },
  };
}

/** Targets of RUN --mount (cache, tmpfs, bind, secret, ssh): nothing under them is written to the layer. */
export function mountTargets(inst: Instruction, workdir: string, expand: (s: string) => string | undefined): string[] {
  const out: string[] = [];
  for (const f of inst.flags) {
    if (f.name !== 'mount' || !f.value) continue;
    const kv = new Map<string, string>();
    for (const part of f.value.split(',')) {
      const i = part.indexOf('=');
      kv.set((i < 0 ? part : part.slice(0, i)).trim().toLowerCase(), i < 0 ? '' : part.slice(i + 1).trim());
    }
    const type = kv.get('type') ?? 'bind';
    let target = kv.get('target') ?? kv.get('dst') ?? kv.get('destination');
    if (!target && type === 'secret') target = `/run/secrets/${kv.get('id') ?? ''}`;
    if (!target) continue;
    const t = expand(target);
    if (t) out.push(resolvePath(workdir, t));
  }
  return out;
}

/** Longest script validated with sh-syntax before it is analysed (see run()). */
export const MAX_GATED = 64 * 1024;

/** Parsed scripts by text (trees are never modified), so an edit re-parses only the RUNs it changed. */
const parses = new Map<string, Stmt[] | null>();
export function parsed(text: string): Stmt[] | undefined {
  let hit = parses.get(text);
  if (hit !== undefined) {
    // least recently used first: a long editing session must not evict the document's other RUNs
    parses.delete(text);
    parses.set(text, hit);
  } else {
    try {
      hit = parseShell(text).stmts;
    } catch {
      hit = null;
    }
    parses.set(text, hit);
    if (parses.size > 4000) parses.delete(parses.keys().next().value as string);
  }
  return hit ?? undefined;
}
