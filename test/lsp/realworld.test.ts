// Precision and recall of the layer-hygiene family over real LSP, per code, on the real-world style
// corpus in test/lsp/corpus/realworld (README.md there: how the files were written and labelled).
// `tuned/` is what the rules were developed against; `heldout/`, when a blind set waits there, was
// written after the rules by someone who has not seen them: its figures are printed and asserted
// separately.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, REPO } from '../support/lsp';

const CORPUS = path.join(REPO, 'test', 'lsp', 'corpus', 'realworld');
const CODES = ['layer-deleted-later', 'layer-cache', 'layer-archive', 'layer-secret', 'layer-rewrite'];
/** The issue's target: what the tuned part must keep. */
const TARGET = 0.95;
/**
 * What the held-out part must not fall below. The issue's target is 0.95 there too; the held-out
 * figures are printed as measured and are not met everywhere (see the README): this floor catches a
 * regression without pretending the target is reached.
 */
const HELDOUT_FLOOR = 0.8;

/** `# label: code[, code]` lines directly above an instruction: the set of `line code` it should get (0-based first line). */
export function labels(text: string): Set<string> {
  const out = new Set<string>();
  let pending: string[] = [];
  const lines = text.split('\n');
  let continued = false;
  lines.forEach((l, i) => {
    const m = /^\s*# label: (.+)$/.exec(l);
    if (m) { pending.push(...m[1].split(/[\s,]+/).filter(Boolean)); return; }
    if (!l.trim() || /^\s*#/.test(l)) return;
    if (!continued) { for (const c of pending) out.add(`${i} ${c}`); pending = []; }
    continued = /\\\s*$/.test(l);
  });
  return out;
}

interface Tally { tp: number; fp: number; fn: number }
const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

describe('layer-hygiene precision and recall on the real-world corpus (real LSP)', function () {
  this.timeout(120_000);
  let lsp: LspClient;
  const tallies: Record<string, Record<string, Tally>> = { tuned: {}, heldout: {} };
  const misses: Record<string, string[]> = { tuned: [], heldout: [] };
  /** Files whose diagnostics were tallied: the figures below are over all of them or over nothing. */
  const tallied: Record<string, number> = { tuned: 0, heldout: 0 };
  for (const part of Object.keys(tallies)) for (const c of CODES) tallies[part][c] = { tp: 0, fp: 0, fn: 0 };
  before(async () => { lsp = await LspClient.start(undefined, { settings: { stevedore: { lint: {} } } }); });
  after(async () => { await lsp?.stop(); });

  const files = (part: string) => fs.readdirSync(path.join(CORPUS, part)).filter((f) => f.endsWith('.Dockerfile')).sort();
  /** `heldout/` holds a blind set only between its writing and the rule changes it leads to (README). */
  const parts = ['tuned', ...(files('heldout').length ? ['heldout'] : [])];

  it('holds at least 150 original Dockerfiles, with every code labelled (a held-out set, when there is one, of 30 or more)', () => {
    assert.ok(files('tuned').length >= 150, `${files('tuned').length} files`);
    if (parts.includes('heldout')) assert.ok(files('heldout').length >= 30, `${files('heldout').length} held out`);
    for (const part of parts) {
      const counts = new Map<string, number>();
      for (const f of files(part)) for (const l of labels(fs.readFileSync(path.join(CORPUS, part, f), 'utf8'))) counts.set(l.split(' ')[1], (counts.get(l.split(' ')[1]) ?? 0) + 1);
      for (const c of CODES) assert.ok((counts.get(c) ?? 0) >= (part === 'tuned' ? 10 : 3), `${part}: ${c} labelled ${counts.get(c) ?? 0} times`);
      for (const k of counts.keys()) assert.ok(CODES.includes(k), `unknown label ${k}`);
    }
  });

  for (const part of parts) {
    describe(part, () => {
      for (const file of files(part)) {
        it(file, async () => {
          const full = path.join(CORPUS, part, file);
          const text = fs.readFileSync(full, 'utf8');
          const want = labels(text);
          const d = await lsp.open(pathToFileURL(full).href, text);
          const got = new Set(d.diagnostics.filter((x: Diagnostic) => CODES.includes(String(x.code))).map((x: Diagnostic) => `${x.range.start.line} ${x.code}`));
          for (const k of got) {
            const c = k.split(' ')[1];
            if (want.has(k)) tallies[part][c].tp++;
            else { tallies[part][c].fp++; misses[part].push(`FP ${file}:${Number(k.split(' ')[0]) + 1} ${c}`); }
          }
          for (const k of want) if (!got.has(k)) { tallies[part][k.split(' ')[1]].fn++; misses[part].push(`FN ${file}:${Number(k.split(' ')[0]) + 1} ${k.split(' ')[1]}`); }
          tallied[part]++;
        });
      }

      const floor = part === 'tuned' ? TARGET : HELDOUT_FLOOR;
      it(`precision and recall per code on ${part}/ (printed), at least ${floor} each`, () => {
        const rows = CODES.map((c) => {
          const t = tallies[part][c];
          return { code: c, ...t, precision: ratio(t.tp, t.tp + t.fp), recall: ratio(t.tp, t.tp + t.fn) };
        });
        const line = (r: typeof rows[number]) => `${r.code.padEnd(20)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.fn).padStart(4)}   ${r.precision.toFixed(3)}     ${r.recall.toFixed(3)}`;
        console.log(`\n      ${part} (${files(part).length} files)\n      code                   TP   FP   FN   precision  recall\n${rows.map((r) => `      ${line(r)}`).join('\n')}`);
        if (misses[part].length) console.log(`      ${misses[part].join('\n      ')}`);
        // with a file left out (a failed or filtered per-file test), an empty tally would read as 1.000 (ratio of 0/0)
        assert.equal(tallied[part], files(part).length, `${part}: every file's diagnostics were tallied`);
        for (const r of rows) {
          assert.ok(r.precision >= floor, `${part} ${r.code} precision ${r.precision.toFixed(3)}`);
          assert.ok(r.recall >= floor, `${part} ${r.code} recall ${r.recall.toFixed(3)}`);
        }
      });
    });
  }
});
