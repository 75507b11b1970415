import * as fs from 'fs';
import * as path from 'path';

/**
 * The project's file-level import graph, read from the TypeScript sources.
 *
 * Hand-written on purpose: the project builds with TypeScript 7 (the native compiler), which has
 * no JavaScript compiler API, and the well-kept graph tools (dependency-cruiser, madge) parse
 * TypeScript through that API and refuse typescript >= 7 (tried: dependency-cruiser 17 cruises
 * 0 modules here). esbuild's metafile drops type-only imports, which still tie one package to
 * another. So this reads the import forms the sources use: `import … from`, `export … from`,
 * `import '…'`, `import('…')`, `typeof import('…')` and `require('…')`, after removing
 * comments, and resolves relative specifiers to files the way the bundler does (x.ts, x/index.ts).
 */
export interface ImportEdge {
  from: string;
  /** The imported file (repository-relative), or the package name for a bare specifier. */
  to: string;
  specifier: string;
  typeOnly: boolean;
  external: boolean;
}

/** Removes comments, keeping string contents and line count (so a `// from '../x'` is no import). */
export function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const n = text[i + 1];
    if (c === '/' && n === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && n === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const FORMS: Array<{ re: RegExp; typeOnly: (m: RegExpExecArray) => boolean }> = [
  // import x from '…', import { a, type b } from '…', import type { … } from '…', export … from '…'
  { re: /(?:^|[;\n}])\s*(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s*)?['"]([^'"]+)['"]/g, typeOnly: (m) => !!m[2] },
  { re: /(typeof\s+)?\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, typeOnly: (m) => !!m[1] },
  { re: /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g, typeOnly: () => false },
];

export function importsOf(file: string, root: string): ImportEdge[] {
  const text = stripComments(fs.readFileSync(path.join(root, file), 'utf8'));
  const edges: ImportEdge[] = [];
  for (const { re, typeOnly } of FORMS) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const specifier = m[m.length - 1];
      if (!specifier.startsWith('.')) {
        edges.push({ from: file, to: specifier.replace(/^node:/, ''), specifier, typeOnly: typeOnly(m), external: true });
        continue;
      }
      const base = path.join(path.dirname(file), specifier);
      const target = [base + '.ts', path.join(base, 'index.ts'), base].find((p) => p.endsWith('.ts') && fs.existsSync(path.join(root, p)));
      // A relative path that is not a source file (a bundle under dist/, a JSON file) is no edge.
      if (target) edges.push({ from: file, to: target.split(path.sep).join('/'), specifier, typeOnly: typeOnly(m), external: false });
    }
  }
  return edges;
}

export function sourceFiles(root: string, dirs: string[]): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    const abs = path.join(root, d);
    if (!fs.existsSync(abs)) return;
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) found.push(p);
    }
  };
  dirs.forEach(walk);
  return found.sort();
}

/** Every cycle of files (Tarjan's strongly connected components of more than one file, or a file importing itself). */
export function cycles(files: string[], edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const e of edges) if (!e.external && next.has(e.to)) next.get(e.from)!.push(e.to);
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || next.get(v)!.includes(v)) found.push(scc.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return found;
}
