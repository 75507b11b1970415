// Downloads in a RUN: curl, wget and aria2c outputs (archives among them), git clones.
import { isArchive } from '../../rules/layer-archive';
import { basename, resolvePath } from '../../shellExpand';
import { isSystemDir } from '../timeline';
import { Arg, fieldText, has, literalEnds, options, set, urlBasename, val } from './args';
import type { Handler, RunContext } from './context';

const CURL_VALUED = set('o H d u X A e w x m C r T F b c K E Q t y Y z U P output header data data-raw data-binary data-urlencode data-ascii user request user-agent referer write-out proxy max-time continue-at range upload-file form form-string cookie cookie-jar config cert key cacert capath connect-timeout retry retry-delay retry-max-time output-dir limit-rate resolve proto proto-redir proto-default ciphers interface max-redirs netrc-file pinnedpubkey unix-socket create-file-mode dns-servers oauth2-bearer aws-sigv4 url-query json variable expand-url url');
const WGET_VALUED = set('O P o a e t T U i B w Q output-document directory-prefix output-file append-output execute tries timeout user-agent input-file base wait quota header user password post-data post-file body-data method ca-certificate certificate private-key restrict-file-names progress dns-timeout connect-timeout read-timeout limit-rate level accept reject domains');
const GIT_CLONE_VALUED = set('b branch depth o origin c config reference reference-if-able separate-git-dir j jobs filter u upload-pack template shallow-since shallow-exclude bundle-uri server-option');

/**
 * The URLs among a download's operands. A URL with an expansion this analysis cannot know
 * (`https://example.com/$(uname -m)/tool.tar.gz`) still names its file when its last path segment
 * is literal: it stands as `unknown://…/<segment>`.
 */
function urlsOf(operands: Arg[], looksLike: (t: string) => boolean): string[] {
  const out: string[] = [];
  for (const a of operands) {
    const t = fieldText(a);
    if (t !== undefined) { if (looksLike(t)) out.push(t); continue; }
    const { head, tail } = literalEnds(a.w);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(head) && /^[^/]*\/[^/$`]+$/.test(tail)) out.push(`unknown://x/${tail.slice(tail.lastIndexOf('/') + 1)}`);
  }
  return out;
}

function curl(r: RunContext, rest: Arg[], stdout: string | undefined): void {
  const { opts, operands } = options(rest, CURL_VALUED);
  const urls = urlsOf(operands, (t) => /^[a-z][a-z0-9+.-]*:\/\/|^[\w.-]+\.[a-z]{2,}\//i.test(t));
  const outDir = val(opts, 'output-dir');
  const base = outDir ? resolvePath(r.cwd, outDir) : r.cwd;
  const outs = [...(opts.get('o') ?? []), ...(opts.get('output') ?? [])];
  const remote = has(opts, 'O', 'remote-name', 'remote-name-all');
  const urlArchive = urls.some((u) => isArchive(urlBasename(u)));
  if (outs.length) {
    for (const o of outs) if (o && o !== '-' && o !== '/dev/null') downloaded(r, resolvePath(base, o), 'curl', urlArchive);
  } else if (remote) {
    for (const u of urls) { const b = urlBasename(u); if (b) downloaded(r, resolvePath(base, b), 'curl', urlArchive); }
  } else if (stdout) {
    downloaded(r, stdout, 'curl', urlArchive);
  }
}

function wget(r: RunContext, rest: Arg[], stdout: string | undefined): void {
  const { opts, operands } = options(rest, WGET_VALUED);
  const urls = urlsOf(operands, (t) => !t.startsWith('-'));
  const out = val(opts, 'O', 'output-document');
  const urlArchive = urls.some((u) => isArchive(urlBasename(u)));
  if (out !== undefined) {
    if (out === '-') { if (stdout) downloaded(r, stdout, 'wget', urlArchive); return; }
    downloaded(r, resolvePath(r.cwd, out), 'wget', urlArchive);
    return;
  }
  const dir = val(opts, 'P', 'directory-prefix');
  const base = dir ? resolvePath(r.cwd, dir) : r.cwd;
  for (const u of urls) { const b = urlBasename(u); if (b) downloaded(r, resolvePath(base, b), 'wget', urlArchive); }
}

function downloaded(r: RunContext, path: string, source: string, urlArchive: boolean): void {
  if (path.includes('\0')) return;
  r.created(path, source, false, isArchive(path) || urlArchive);
}

function git(r: RunContext, rest: Arg[]): void {
  let i = 0;
  // `git -C /opt clone URL`: the clone's folder is relative to -C's (several -C options add up, as git reads them)
  let cwd = r.cwd;
  for (; i < rest.length; i++) {
    const t = fieldText(rest[i]);
    if (t === '-C') { const d = fieldText(rest[++i]); cwd = d === undefined ? '/\0unknown' : resolvePath(cwd, d); continue; }
    if (t === '-c' || t === '--git-dir' || t === '--work-tree') { i++; continue; }
    if (t?.startsWith('-')) continue;
    break;
  }
  if (fieldText(rest[i]) !== 'clone') return;
  const { operands } = options(rest.slice(i + 1), GIT_CLONE_VALUED);
  const url = fieldText(operands[0]);
  if (url === undefined) return;
  const dirArg = operands[1] ? fieldText(operands[1]) : basename(url.replace(/\/+$/, '')).replace(/\.git$/, '');
  if (!dirArg) return;
  const dir = resolvePath(cwd, dirArg);
  if (!isSystemDir(dir)) r.created(dir, 'git clone', true);
}

const ARIA2C_VALUED = set('d dir o out i input-file x max-connection-per-server s split k min-split-size j max-concurrent-downloads c continue header user-agent checksum');

/** `aria2c [-d DIR] [-o NAME] URL`: the file is DIR/NAME, or DIR/<the URL's file name>. */
function aria2c(r: RunContext, rest: Arg[]): void {
  const { opts, operands } = options(rest, ARIA2C_VALUED);
  const urls = urlsOf(operands, (t) => /^[a-z][a-z0-9+.-]*:\/\//i.test(t));
  const dir = val(opts, 'd', 'dir');
  const base = dir ? resolvePath(r.cwd, dir) : r.cwd;
  const out = val(opts, 'o', 'out');
  const urlArchive = urls.some((u) => isArchive(urlBasename(u)));
  if (out) { downloaded(r, resolvePath(base, out), 'aria2c', urlArchive); return; }
  for (const u of urls) { const b = urlBasename(u); if (b) downloaded(r, resolvePath(base, b), 'aria2c', urlArchive); }
}

export const DOWNLOAD_COMMANDS: Record<string, Handler> = {
  curl: (r, _n, rest, _env, stdout) => curl(r, rest, stdout),
  wget: (r, _n, rest, _env, stdout) => wget(r, rest, stdout),
  git: (r, _n, rest) => git(r, rest),
  aria2c: (r, _n, rest) => aria2c(r, rest),
};
