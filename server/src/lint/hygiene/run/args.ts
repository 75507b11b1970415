// Arguments of a command as the RUN interpreter sees them: expanded words, GNU-style option parsing,
// and path patterns (the helpers every command family uses).
import type { Word } from '../../shell';
import { Field, globToRegExpSource } from '../../shellExpand';

/** A word after expansion, with the word it came from. */
export interface Arg { f: Field; w?: Word }

export interface PathMatch { text: string; re: RegExp; glob: boolean; contentsOf?: RegExp }

export function fieldText(a: Arg | undefined): string | undefined {
  return a && a.f.known ? a.f.text : undefined;
}

/** GNU-style option parsing: options anywhere until `--`; `valued` lists options that take a value. */
export function options(args: Arg[], valued: ReadonlySet<string>, dashLong = false): { opts: Map<string, string[]>; operands: Arg[] } {
  const opts = new Map<string, string[]>();
  const operands: Arg[] = [];
  const put = (k: string, v = '') => { const l = opts.get(k) ?? []; l.push(v); opts.set(k, l); };
  for (let i = 0; i < args.length; i++) {
    const t = fieldText(args[i]);
    if (t === undefined) { operands.push(args[i]); continue; }
    if (t === '--') { operands.push(...args.slice(i + 1)); break; }
    if (t.startsWith('--') && t.length > 2) {
      const eq = t.indexOf('=');
      if (eq > 0) put(t.slice(2, eq), t.slice(eq + 1));
      else if (valued.has(t.slice(2))) put(t.slice(2), fieldText(args[++i]) ?? '');
      else put(t.slice(2));
      continue;
    }
    if (dashLong && t.startsWith('-') && t.length > 2) {
      // Go-style flags: `-modcache`, `-o=out` are one option each
      const eq = t.indexOf('=');
      if (eq > 0) put(t.slice(1, eq), t.slice(eq + 1));
      else if (valued.has(t.slice(1))) put(t.slice(1), fieldText(args[++i]) ?? '');
      else put(t.slice(1));
      continue;
    }
    if (t.startsWith('-') && t.length > 1) {
      for (let j = 1; j < t.length; j++) {
        const c = t[j];
        if (valued.has(c)) {
          const rest = t.slice(j + 1);
          put(c, rest || (fieldText(args[++i]) ?? ''));
          break;
        }
        put(c);
      }
      continue;
    }
    operands.push(args[i]);
  }
  return { opts, operands };
}

export const has = (o: Map<string, string[]>, ...names: string[]) => names.some((n) => o.has(n));
export const val = (o: Map<string, string[]>, ...names: string[]) => { for (const n of names) { const v = o.get(n); if (v?.length) return v[v.length - 1]; } return undefined; };
export const set = (s: string) => new Set(s.split(' '));

export function exact(p: string): PathMatch {
  return pathMatch(p, false);
}

export const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export function pathMatch(text: string, glob: boolean): PathMatch {
  const re = glob ? safeRe(`^${globToRegExpSource(text)}$`, text) : new RegExp(`^${escapeRe(text)}$`);
  const m: PathMatch = { text, re, glob };
  if (text.endsWith('/*') && text.length > 2) {
    const parent = text.slice(0, -2);
    m.contentsOf = /[*?[]/.test(parent) ? safeRe(`^${globToRegExpSource(parent)}$`, parent) : new RegExp(`^${escapeRe(parent)}$`);
  }
  return m;
}

function safeRe(src: string, text: string): RegExp {
  try {
    return new RegExp(src);
  } catch {
    return new RegExp(`^${escapeRe(text)}$`);
  }
}

export function skipLeading(args: Arg[], valued: ReadonlySet<string>): Arg[] {
  let i = 0;
  for (; i < args.length; i++) {
    const t = fieldText(args[i]);
    if (t === undefined) return [];
    if (t === '--') return args.slice(i + 1);
    if (!t.startsWith('-')) break;
    const name = t.replace(/^-+/, '').replace(/=.*$/, '');
    if (!t.includes('=') && valued.has(name)) i++;
  }
  return args.slice(i);
}

export function urlBasename(u: string): string {
  const noQuery = u.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const b = noQuery.slice(noQuery.lastIndexOf('/') + 1);
  return /:\/\/[^/]*$/.test(noQuery) ? '' : b;
}

/** The literal text a word starts with (up to its first expansion), and the literal text it ends with (after its last). */
export function literalEnds(w: Word | undefined): { head: string; tail: string } {
  const flat: Array<string | undefined> = [];
  const walk = (parts: Word['parts']) => {
    for (const p of parts) {
      if (p.type === 'Lit' || p.type === 'SglQuoted') flat.push(p.value);
      else if (p.type === 'DblQuoted') walk(p.parts);
      else flat.push(undefined);
    }
  };
  if (w) walk(w.parts);
  const i = flat.indexOf(undefined);
  const head = (i < 0 ? flat : flat.slice(0, i)).join('');
  const j = flat.lastIndexOf(undefined);
  const tail = (j < 0 ? flat : flat.slice(j + 1)).join('');
  return { head, tail };
}
