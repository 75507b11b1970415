// The documentation page of each layer-hygiene code (media/lint/<code>.md, shipped with the extension):
// diagnostics link it through LSP's codeDescription.href (a file: URL into the installed extension,
// which VS Code opens in an editor) and hover shows its text.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

let dir: string | null | undefined;

/** media/lint beside the bundle (dist/server.js) or above the unbundled file (out/server/src/lint/rules). */
function pagesDir(): string | null {
  if (dir !== undefined) return dir;
  dir = null;
  let d = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(d, 'media', 'lint');
    if (fs.existsSync(path.join(candidate, 'layer-cache.md'))) { dir = candidate; break; }
    d = path.dirname(d);
  }
  return dir;
}

export function rulePageHref(code: string): string | undefined {
  const d = pagesDir();
  return d ? pathToFileURL(path.join(d, `${code}.md`)).href : undefined;
}

const texts = new Map<string, string | null>();

/** The page's text without its title line, or undefined when the page is not there. */
export function rulePageText(code: string): string | undefined {
  let t = texts.get(code);
  if (t === undefined) {
    const d = pagesDir();
    try {
      t = d ? fs.readFileSync(path.join(d, `${code}.md`), 'utf8').replace(/^# .*\n+/, '').trim() : null;
    } catch {
      t = null;
    }
    texts.set(code, t);
  }
  return t ?? undefined;
}
