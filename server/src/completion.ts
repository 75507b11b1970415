// textDocument/completion: instructions by context, parser directives at the top, flags and their
// values per instruction (RUN --mount types and options), variables after `$`/`${`, stage names,
// local images and tags (from the client), COPY/ADD source paths from the build context, snippets.
import * as fs from 'fs';
import * as path from 'path';
import { CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind, Position } from 'vscode-languageserver/node';
import { Analysis, PREDEFINED_ARGS, VarDef } from './analysis';
import { DIRECTIVE_DOCS, FLAG_DOCS, HEALTHCHECK_TYPES, INSTRUCTION_DOCS, MOUNT_TYPES } from './docs';
import type { Facts } from './facts';
import { RULE_CODES } from './lint/rules';
import { DockerIgnore, instructionAt, Instruction } from '../../client/src/core/parser';
import { readDockerIgnore } from './workspace';

export interface CompletionContext {
  facts: Facts;
  /** Build context folder (the Dockerfile's folder), for COPY/ADD sources. */
  contextDir?: string;
}

/** Multi-line snippets offered with the instructions. */
const SNIPPETS: Array<{ label: string; body: string; doc: string; top?: boolean }> = [
  { label: 'FROM … AS stage', body: 'FROM ${1:image}:${2:tag} AS ${3:build}', doc: 'A named build stage.', top: true },
  { label: 'RUN apt-get install (clean)', body: 'RUN apt-get update \\\\\n\t&& apt-get install -y --no-install-recommends ${1:package} \\\\\n\t&& rm -rf /var/lib/apt/lists/*', doc: 'Installs Debian packages and removes the package index in the same layer.' },
  { label: 'RUN apk add (no cache)', body: 'RUN apk add --no-cache ${1:package}', doc: 'Installs Alpine packages without keeping the index.' },
  { label: 'RUN --mount=type=cache', body: 'RUN --mount=type=cache,target=${1:/root/.cache} \\\\\n\t${2:command}', doc: 'A command with a persistent cache that never enters the layer.' },
  { label: 'RUN --mount=type=secret', body: 'RUN --mount=type=secret,id=${1:token},env=${2:TOKEN} \\\\\n\t${3:command}', doc: 'Use a secret without storing it in any layer.' },
  { label: 'COPY --from=stage', body: 'COPY --from=${1:build} ${2:/src} ${3:/dest}', doc: 'Copies files from an earlier stage.' },
  { label: 'HEALTHCHECK CMD', body: 'HEALTHCHECK --interval=${1:30s} --timeout=${2:5s} --retries=${3:3} \\\\\n\tCMD ${4:wget -qO- http://localhost/ || exit 1}', doc: 'A health check with explicit timings.' },
];

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGKILL', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

function lineText(a: Analysis, line: number): string {
  return a.lines[line] ?? '';
}

function replaceRange(pos: Position, length: number) {
  return { start: { line: pos.line, character: pos.character - length }, end: pos };
}

/** The last range handed out: every item of one answer replaces the same range, so they share one object. */
let lastRange: { line: number; character: number; length: number; range: ReturnType<typeof replaceRange> } | undefined;
function sharedRange(pos: Position, length: number) {
  const r = lastRange;
  if (r && r.line === pos.line && r.character === pos.character && r.length === length) return r.range;
  const range = replaceRange(pos, length);
  lastRange = { line: pos.line, character: pos.character, length, range };
  return range;
}

/**
 * One item. Built field by field (no spread of `extra` and no `delete` afterwards: a deleted
 * property turns the object into a dictionary, which is slower to build and to serialise), with its
 * documentation replaced by a number the client sends back on completionItem/resolve (see
 * docId) and the replaced range shared by the items of one answer.
 */
function item(label: string, kind: CompletionItemKind, pos: Position, prefixLength: number, extra: ItemExtra = {}): CompletionItem {
  const it: CompletionItem = { label, kind };
  if (extra.detail !== undefined) it.detail = extra.detail;
  if (extra.insertTextFormat !== undefined) it.insertTextFormat = extra.insertTextFormat;
  if (extra.sortText !== undefined) it.sortText = extra.sortText;
  if (extra.filterText !== undefined) it.filterText = extra.filterText;
  if (extra.command !== undefined) it.command = extra.command;
  it.textEdit = { range: sharedRange(pos, prefixLength), newText: extra.insertText ?? label };
  if (extra.documentation !== undefined) {
    const id = docId(extra.documentation);
    if (id === undefined) it.documentation = extra.documentation;
    else it.data = { doc: id };
  }
  return it;
}

type ItemExtra = Pick<CompletionItem, 'detail' | 'documentation' | 'insertText' | 'insertTextFormat' | 'sortText' | 'filterText' | 'command'>;

export async function complete(a: Analysis, pos: Position, ctx: CompletionContext): Promise<CompletionItem[]> {
  const line = lineText(a, pos.line);
  const before = line.slice(0, pos.character);
  const inst = instructionAt(a.df, pos.line);
  const onInstructionLine = !inst || inst.startLine === pos.line;

  const comment = /^\s*#(.*)$/.exec(before);
  if (comment && onInstructionLine) return commentCompletion(a, pos, comment[1]);

  if (onInstructionLine && /^\s*[A-Za-z]*$/.test(before)) return keywords(a, pos, before.trim().length, false);
  if (!inst) return [];
  if (inst.keyword === 'ONBUILD' && inst.startLine === pos.line && /^\s*\S+\s+[A-Za-z]*$/.test(before)) {
    return keywords(a, pos, /[A-Za-z]*$/.exec(before)![0].length, true);
  }
  const target = inst.keyword === 'ONBUILD' && inst.onbuild ? inst.onbuild : inst;

  const variable = /\$(\{?)([A-Za-z_][A-Za-z0-9_]*)?$/.exec(before);
  if (variable) return variables(a, inst, pos, variable[2]?.length ?? 0, variable[1] === '{', line[pos.character] === '}');

  const word = before.slice(trailingWordStart(before));
  const wordStart = pos.character - word.length;
  if (word.startsWith('--') && onlyFlagsBefore(target, pos.line, wordStart)) return flagCompletion(a, target, pos, word, ctx);
  if (!onlyFlagsBefore(target, pos.line, wordStart) && target.keyword !== 'FROM' && target.keyword !== 'COPY' && target.keyword !== 'ADD') return [];
  return argumentCompletion(a, target, pos, word, wordStart, ctx);
}

/** Where the run of non-whitespace that ends the text starts (what /\S*$/ finds, without its quadratic backtracking on long lines). */
function trailingWordStart(text: string): number {
  let i = text.length;
  while (i > 0 && !/\s/.test(text[i - 1])) i--;
  return i;
}

/** True when every word between the keyword and (line, col) is a flag. */
function onlyFlagsBefore(inst: Instruction, line: number, col: number): boolean {
  const argStart = inst.argsRange?.start;
  if (!argStart) return true;
  if (line < argStart.line || (line === argStart.line && col <= argStart.character)) return true;
  return false;
}

const isLower = (i: Instruction) => Boolean(i.keywordRaw) && i.keywordRaw === i.keywordRaw.toLowerCase();
const isUpper = (i: Instruction) => Boolean(i.keywordRaw) && i.keywordRaw === i.keywordRaw.toUpperCase();
const casings = new WeakMap<Analysis, { lower: number; upper: number }>();

/** How many instructions are written in lower and in upper case (once per analysed document). */
function casingOf(a: Analysis): { lower: number; upper: number } {
  let c = casings.get(a);
  if (!c) {
    c = { lower: 0, upper: 0 };
    for (const i of a.df.instructions) {
      if (isLower(i)) c.lower++;
      if (isUpper(i)) c.upper++;
    }
    casings.set(a, c);
  }
  return c;
}

function keywords(a: Analysis, pos: Position, prefixLength: number, onbuild: boolean): CompletionItem[] {
  const firstFrom = a.df.instructions.find((i) => i.keyword === 'FROM');
  const beforeFrom = !onbuild && (!firstFrom || pos.line <= firstFrom.startLine);
  let names = beforeFrom ? ['FROM', 'ARG'] : Object.keys(INSTRUCTION_DOCS).filter((k) => k !== 'MAINTAINER');
  if (onbuild) names = names.filter((k) => k !== 'ONBUILD' && k !== 'FROM');
  // Match the file's casing (ConsistentInstructionCasing): lower-case files get lower-case keywords.
  // The instruction being typed does not count.
  const c = casingOf(a);
  const at = instructionAt(a.df, pos.line);
  const here = at?.startLine === pos.line ? at : undefined;
  const lower = c.lower - (here && isLower(here) ? 1 : 0) > c.upper - (here && isUpper(here) ? 1 : 0);
  const items = names.map((k, i) => {
    const d = INSTRUCTION_DOCS[k];
    const snippet = lower ? d.snippet.replace(k, k.toLowerCase()) : d.snippet;
    return item(lower ? k.toLowerCase() : k, CompletionItemKind.Keyword, pos, prefixLength, {
      detail: d.signatures[0],
      documentation: { kind: MarkupKind.Markdown, value: d.doc },
      insertText: snippet,
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: String(i).padStart(2, '0'),
    });
  });
  if (onbuild) return items;
  for (const s of SNIPPETS) {
    if (!s.top && beforeFrom) continue;
    items.push(item(s.label, CompletionItemKind.Snippet, pos, prefixLength, {
      documentation: { kind: MarkupKind.Markdown, value: s.doc }, insertText: s.body, insertTextFormat: InsertTextFormat.Snippet, sortText: `9${s.label}`,
      filterText: s.label.split(' ')[0],
    }));
  }
  return items;
}

function commentCompletion(a: Analysis, pos: Position, afterHash: string): CompletionItem[] {
  const ignore = /^\s*stevedore-ignore\s+(?:[\w-]+\s*,\s*)*([\w-]*)$/.exec(afterHash);
  if (ignore) return RULE_CODES.map((c) => item(c, CompletionItemKind.Value, pos, ignore[1].length));
  const first = a.df.instructions[0];
  const atTop = (!first || pos.line < first.startLine) && a.df.comments.every((c) => c.range.start.line >= pos.line);
  if (!atTop) return [];
  const dir = /^\s*(\w*)$/.exec(afterHash);
  if (dir) {
    return Object.entries(DIRECTIVE_DOCS).map(([name, d]) => item(name, CompletionItemKind.Property, pos, dir[1].length, {
      detail: d.doc, insertText: `${name}=`, command: { title: 'values', command: 'editor.action.triggerSuggest' },
    }));
  }
  const value = /^\s*(\w+)\s*=\s*(\S*)$/.exec(afterHash);
  if (!value) return [];
  const name = value[1].toLowerCase();
  if (name === 'check') {
    const skip = /skip=(?:[\w]+,)*(\w*)$/.exec(value[2]);
    if (skip) return RULE_CODES.filter((c) => /^[A-Z]/.test(c)).map((c) => item(c, CompletionItemKind.Value, pos, skip[1].length));
  }
  const d = DIRECTIVE_DOCS[name];
  return d ? d.values.map((v) => item(v, CompletionItemKind.Value, pos, value[2].length)) : [];
}

function variables(a: Analysis, inst: Instruction, pos: Position, prefixLength: number, braced: boolean, closed: boolean): CompletionItem[] {
  const scope: Map<string, VarDef> = a.scopes.get(inst) ?? new Map();
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const close = braced && !closed ? '}' : '';
  for (const [name, def] of scope) {
    seen.add(name);
    items.push(item(name, CompletionItemKind.Variable, pos, prefixLength, {
      detail: def.value !== undefined ? `${def.kind} ${name}=${def.value}` : `${def.kind} ${name}`,
      insertText: name + close, sortText: `0${name}`,
    }));
  }
  if (inst.keyword === 'FROM') {
    for (const [name, doc] of Object.entries(PREDEFINED_ARGS)) {
      if (!seen.has(name)) items.push(item(name, CompletionItemKind.Constant, pos, prefixLength, { detail: doc, insertText: name + close, sortText: `1${name}` }));
    }
  }
  return items;
}

function flagCompletion(a: Analysis, inst: Instruction, pos: Position, word: string, ctx: CompletionContext): Promise<CompletionItem[]> | CompletionItem[] {
  const flags = FLAG_DOCS[inst.keyword] ?? {};
  const eq = word.indexOf('=');
  if (eq < 0) {
    return Object.entries(flags).map(([name, d]) => item(`--${name}`, CompletionItemKind.Property, pos, word.length, {
      documentation: { kind: MarkupKind.Markdown, value: d.doc },
      insertText: d.bare ? `--${name}` : `--${name}=`,
      command: d.bare ? undefined : { title: 'values', command: 'editor.action.triggerSuggest' },
    }));
  }
  const name = word.slice(2, eq);
  const value = word.slice(eq + 1);
  if (inst.keyword === 'RUN' && name === 'mount') return mountCompletion(a, inst, pos, value);
  if (name === 'from') return fromCompletion(a, inst, pos, value, ctx);
  const d = flags[name];
  return (d?.values ?? []).map((v) => item(v, CompletionItemKind.Value, pos, value.length));
}

function mountCompletion(a: Analysis, inst: Instruction, pos: Position, value: string): CompletionItem[] {
  const parts = value.split(',');
  const current = parts[parts.length - 1];
  const type = parts.slice(0, -1).map((p) => /^type=(\w+)$/.exec(p)?.[1]).find(Boolean) ?? (parts.length === 1 ? undefined : 'bind');
  const eq = current.indexOf('=');
  if (eq < 0) {
    if (!type) return [item('type=', CompletionItemKind.Property, pos, current.length, { command: { title: 'types', command: 'editor.action.triggerSuggest' } })];
    const opts = MOUNT_TYPES[type]?.options ?? {};
    return Object.entries(opts).filter(([k]) => !parts.slice(0, -1).some((p) => p.split('=')[0] === k)).map(([k, d]) => item(k, CompletionItemKind.Property, pos, current.length, {
      documentation: { kind: MarkupKind.Markdown, value: d.doc }, insertText: d.bare ? k : `${k}=`,
    }));
  }
  const key = current.slice(0, eq);
  const val = current.slice(eq + 1);
  if (key === 'type') {
    return Object.entries(MOUNT_TYPES).map(([k, d]) => item(k, CompletionItemKind.EnumMember, pos, val.length, {
      documentation: { kind: MarkupKind.Markdown, value: d.doc }, insertText: `${k},`, command: { title: 'options', command: 'editor.action.triggerSuggest' },
    }));
  }
  if (key === 'from') return stageNames(a, inst, pos, val.length);
  const d = MOUNT_TYPES[type ?? 'bind']?.options[key];
  return (d?.values ?? []).map((v) => item(v, CompletionItemKind.Value, pos, val.length));
}

function stageNames(a: Analysis, inst: Instruction, pos: Position, prefixLength: number): CompletionItem[] {
  const current = inst.stage < 0 ? a.df.stages.length : inst.stage;
  return a.df.stages.filter((s) => s.index < current && s.name !== undefined).map((s) => item(s.name!, CompletionItemKind.Reference, pos, prefixLength, {
    detail: `stage ${s.index}: FROM ${s.baseImage}`, sortText: `0${s.name}`,
  }));
}

async function fromCompletion(a: Analysis, inst: Instruction, pos: Position, value: string, ctx: CompletionContext): Promise<CompletionItem[]> {
  return [...stageNames(a, inst, pos, value.length), ...(await imageCompletion(pos, value, ctx))];
}

async function imageCompletion(pos: Position, word: string, ctx: CompletionContext): Promise<CompletionItem[]> {
  const images = await ctx.facts.localImages();
  const colon = word.lastIndexOf(':');
  if (colon > word.lastIndexOf('/') && colon >= 0) {
    const repo = word.slice(0, colon);
    const tagPrefix = word.slice(colon + 1);
    const hit = images.find((i) => i.repository === repo);
    return (hit?.tags ?? []).map((t) => item(t, CompletionItemKind.Value, pos, tagPrefix.length, { detail: `${repo}:${t} (local)` }));
  }
  return images.map((i) => item(i.repository, CompletionItemKind.Module, pos, word.length, {
    detail: `local image (${i.tags.length} tag${i.tags.length === 1 ? '' : 's'})`, sortText: `1${i.repository}`,
  }));
}

async function argumentCompletion(a: Analysis, inst: Instruction, pos: Position, word: string, wordStart: number, ctx: CompletionContext): Promise<CompletionItem[]> {
  const wordIndex = inst.words.filter((w) => w.range.end.line < pos.line || (w.range.end.line === pos.line && w.range.end.character < wordStart)).length;
  switch (inst.keyword) {
    case 'FROM':
      if (wordIndex === 0) return [...stageNames(a, inst, pos, word.length), ...(await imageCompletion(pos, word, ctx))];
      if (wordIndex === 1) return [item(inst.keywordRaw === inst.keywordRaw.toLowerCase() ? 'as' : 'AS', CompletionItemKind.Keyword, pos, word.length, { insertText: `${inst.keywordRaw === inst.keywordRaw.toLowerCase() ? 'as' : 'AS'} ` })];
      return [];
    case 'HEALTHCHECK':
      if (wordIndex > 0) return [];
      return Object.entries(HEALTHCHECK_TYPES).map(([k, doc]) => item(k, CompletionItemKind.Keyword, pos, word.length, { documentation: doc, insertText: k === 'CMD' ? 'CMD ' : k }));
    case 'STOPSIGNAL':
      return wordIndex === 0 ? SIGNALS.map((s) => item(s, CompletionItemKind.EnumMember, pos, word.length)) : [];
    case 'ARG':
      if (inst.stage < 0 || word.includes('=')) return [];
      return Object.entries(PREDEFINED_ARGS).map(([k, doc]) => item(k, CompletionItemKind.Constant, pos, word.length, { detail: doc }));
    case 'COPY':
    case 'ADD':
      if (inst.flags.some((f) => f.name === 'from') || !ctx.contextDir || word.includes('://') || word.startsWith('/')) return [];
      return pathCompletion(ctx.contextDir, pos, word);
    default:
      return [];
  }
}

/** Entries of the build context under the typed prefix, leaving out what .dockerignore excludes. */
async function pathCompletion(contextDir: string, pos: Position, word: string): Promise<CompletionItem[]> {
  const slash = word.lastIndexOf('/');
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
  const base = word.slice(slash + 1);
  const dir = path.resolve(contextDir, dirPart);
  if (path.relative(contextDir, dir).startsWith('..')) return [];
  let ignore: DockerIgnore | undefined;
  let entries: fs.Dirent[];
  try {
    // read synchronously: a build context folder is listed in well under a millisecond, while the
    // thread pool's round trip was what made some COPY completions slow
    entries = fs.readdirSync(dir, { withFileTypes: true });
    ignore = await readDockerIgnore(contextDir);
  } catch {
    return [];
  }
  const out: CompletionItem[] = [];
  for (const e of entries) {
    if (!e.name.startsWith(base) && base) continue;
    const rel = path.posix.join(dirPart, e.name);
    if (ignore?.ignores(rel)) continue;
    const isDir = e.isDirectory();
    out.push(item(isDir ? `${e.name}/` : e.name, isDir ? CompletionItemKind.Folder : CompletionItemKind.File, pos, base.length, {
      command: isDir ? { title: 'more', command: 'editor.action.triggerSuggest' } : undefined,
    }));
    if (out.length >= 500) break;
  }
  return out;
}

/**
 * Documentation is sent on completionItem/resolve (for the item the editor shows), not with every
 * item of the list: instruction, flag and mount documentation made a line-start list about 9 KB
 * (most of a completion's time on the wire). Every documentation text is a constant of docs.ts, so
 * the items carry a number for it and the table stays as small as docs.ts.
 */
const docIds = new Map<string, number>();
const docTable: Array<NonNullable<CompletionItem['documentation']>> = [];

/** The number standing for a documentation text (undefined when the table is full: not a constant after all). */
function docId(doc: NonNullable<CompletionItem['documentation']>): number | undefined {
  const key = typeof doc === 'string' ? doc : `${doc.kind}\0${doc.value}`;
  let id = docIds.get(key);
  if (id === undefined) {
    if (docTable.length >= 10_000) return undefined;
    id = docTable.length;
    docTable.push(doc);
    docIds.set(key, id);
  }
  return id;
}

export function resolveCompletion(item: CompletionItem): CompletionItem {
  const id = (item.data as { doc?: unknown } | undefined)?.doc;
  if (typeof id === 'number' && docTable[id] !== undefined && item.documentation === undefined) item.documentation = docTable[id];
  return item;
}
