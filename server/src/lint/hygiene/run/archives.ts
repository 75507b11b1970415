// Archives in a RUN: extraction (tar, unzip, 7z) marks the archive extracted and writes a tree at the
// target; decompressors (gunzip, xz -d ...) replace a file with its decompressed twin.
import { ARCHIVE_TABLE, ArchiveRow, isArchive } from '../../rules/layer-archive';
import { resolvePath } from '../../shellExpand';
import { isSystemDir } from '../timeline';
import { Arg, fieldText, has, options, pathMatch, set, val } from './args';
import type { Handler, RunContext } from './context';

const TAR_VALUED = set('f C T X b K N g V H I file directory files-from exclude-from exclude transform owner group mode use-compress-program to-command newer after-date label volno-file checkpoint-action format blocking-factor record-size strip-components index-file xform occurrence');

function tar(r: RunContext, rest: Arg[]): void {
  let args = [...rest];
  const first = fieldText(args[0]);
  if (first && /^[a-zA-Z]+$/.test(first) && /[xctru]/.test(first)) args = oldStyle(first, args);
  const { opts, operands } = options(args, TAR_VALUED);
  const extract = has(opts, 'x', 'extract', 'get');
  const create = has(opts, 'c', 'create');
  const file = val(opts, 'f', 'file');
  const dir = val(opts, 'C', 'directory');
  if (extract) {
    if (file && file !== '-') {
      const p = resolvePath(r.cwd, file);
      r.timeline.extract(p, pathMatch(p, /[*?[]/.test(p)).re, r.inst);
    }
    const target = dir ? resolvePath(r.cwd, dir) : r.cwd;
    if (!isSystemDir(target) && !target.includes('\0')) r.created(target, 'tar', true);
    else if (!target.includes('\0')) {
      r.timeline.touch(target, r.inst);
      // members named on the command line are files we know, and the archive's top folder most likely (see topDir); the rest is the base image's directory too
      const strip = Number(val(opts, 'strip-components') ?? 0);
      for (const m of operands.map(fieldText)) {
        const name = m?.replace(/^\/+/, '').split('/').slice(strip).join('/');
        if (name && !/[*?[]/.test(name) && !name.endsWith('/') && !/(^|\/)\.\.?(\/|$)/.test(name)) r.created(resolvePath(target, name), 'tar', false);
      }
      // with --strip-components the members land right in the target (no top folder): a later removal below it is theirs (see LayerTimeline.extractedInto)
      // (and no top folder named like the archive: it was stripped)
      if (strip > 0) { if (!operands.length) r.timeline.extractedInto(target, r.inst); } else if (file && file !== '-') topDir(r, target, file);
    }
  } else if (create && file && file !== '-') {
    r.created(resolvePath(r.cwd, file), 'tar', false, true);
  }
}

/** The folder an archive most often holds, named like itself without its extension (undefined when not knowable). */
export function archiveStem(archive: string): string | undefined {
  const name = archive.replace(/[?#].*$/, '').split('/').pop() ?? '';
  const stem = name.replace(/\.(tar\.[a-z0-9]+|t[gbx]z2?|tzst|tar|zip|war|jar)$/i, '');
  return !stem || /[*?[\0]/.test(stem) || stem === name ? undefined : stem;
}

/**
 * An archive extracted into a directory the base image owns (`/`, `/opt`) most often holds one folder
 * named like itself (`apache-tomcat-10.1.24.zip` → `apache-tomcat-10.1.24/`): a weak tree there, so
 * that a later `chmod -R` of it is seen (see Item.weak), never a removal.
 */
function topDir(r: RunContext, target: string, archive: string): void {
  const stem = archiveStem(archive);
  if (!stem) return;
  // no touch(): the extraction already touched its target, and a weak item writes nothing else
  // (in a bin folder the stem is as likely the executable itself: a file or a folder)
  const bin = BIN_DIR.test(target);
  const path = resolvePath(target, stem);
  if (!r.inMount(path)) r.timeline.add({ kind: 'path', inst: r.inst, path, tree: bin ? undefined : true, source: 'extracted', alive: true, weak: true, own: true });
  // the product the archive is named for (`terraform_1.8.5_linux_amd64.zip` → `terraform`): release
  // archives of single tools hold it right at their top (HashiCorp's zips, most Go and Rust tools'
  // tarballs), so a later `chmod +x /usr/local/bin/terraform` after `unzip terraform_….zip -d
  // /usr/local/bin` rewrites an extracted member. A heuristic: archives whose tool sits in a folder
  // (`helm-v3.15.2-linux-amd64.tar.gz` holds `linux-amd64/helm`) name nothing at the top, so no later
  // command names `<target>/helm` after extracting them there; only a base-image file of the same name
  // would be misread, and the extraction's destination rarely has one. Not into `/` (root file systems).
  const product = productOf(stem);
  const at = product && target !== '/' ? resolvePath(target, product) : undefined;
  if (at && !r.inMount(at)) r.timeline.add({ kind: 'path', inst: r.inst, path: at, tree: undefined, source: 'extracted', alive: true, weak: true, own: true });
}

/** Folders that hold executables: an archive extracted there holds them too. */
const BIN_DIR = /^(\/usr(\/local)?)?\/s?bin$|^\/opt\/[^/]+\/bin$/;

/** Words of a release archive's name that say its version or platform, not the product. */
const PLATFORM_WORD = /^(v?\d.*|linux|darwin|macos|osx|mac|windows|win(32|64)?|freebsd|openbsd|netbsd|solaris|amd64|x86|x64|i[3-6]86|arm(v\d+[a-z]*|hf|el|64)?|aarch64|ppc64(le)?|s390x|riscv64|mips\w*|noarch|universal|static|musl|gnu|glibc|unknown|pc|apple|bin|binary|dist|release|portable)$/i;

/**
 * The product a versioned release archive is named for: its stem up to the first word that is a version
 * or a platform (`terraform_1.8.5_linux_amd64` → `terraform`, `k9s_Linux_amd64` → `k9s`, `helm-v3.15.2-
 * linux-amd64` → `helm`); undefined when the stem has no such word (`awscliv2`) or starts with one.
 */
function productOf(stem: string): string | undefined {
  const words = stem.split(/[-_.]/);
  let at = 0;
  for (let i = 0; i < words.length; i++) {
    if (i > 0 && PLATFORM_WORD.test(words[i])) {
      const product = stem.slice(0, at - 1);
      return /^[A-Za-z][\w.-]*$/.test(product) ? product : undefined;
    }
    at += words[i].length + 1;
  }
  return undefined;
}

/**
 * Old-style tar options (`tar xvfz FILE`, `tar xf FILE -C DIR`): the letters of the first word are
 * options, and those that take a value take the next words in order. A value that looks like an option
 * (`tar xzf --no-same-owner FILE`) is not one: the first later word that is not an option is.
 */
function oldStyle(letters: string, args: Arg[]): Arg[] {
  const out: Arg[] = [];
  const rest = args.slice(1);
  const mk = (text: string, from: Arg): Arg => ({ f: { ...from.f, text, known: true }, w: from.w });
  for (const c of letters) {
    out.push(mk(`-${c}`, args[0]));
    if (!TAR_VALUED.has(c)) continue;
    let k = rest.findIndex((a) => !(fieldText(a) ?? '').startsWith('-'));
    if (k < 0) k = 0;
    const v = rest.splice(k, 1)[0];
    if (v) out.push(v);
  }
  return [...out, ...rest];
}

function unzip(r: RunContext, rest: Arg[]): void {
  const cut = rest.findIndex((a) => fieldText(a) === '-x');
  const { opts, operands } = options(cut >= 0 ? rest.slice(0, cut) : rest, set('d P'));
  const file = fieldText(operands[0]);
  if (!file) return;
  const p = resolvePath(r.cwd, /\.zip$/i.test(file) || file.includes('.') ? file : `${file}.zip`);
  // unzip expands wildcards in the archive's name itself (its manual: `unzip '*.zip'`, quoted from the
  // shell, extracts every zip the pattern matches), so a quoted pattern is a glob as an unquoted one is
  r.timeline.extract(p, pathMatch(p, /[*?[]/.test(file)).re, r.inst);
  const d = val(opts, 'd');
  const target = d ? resolvePath(r.cwd, d) : r.cwd;
  if (!isSystemDir(target)) r.created(target, 'unzip', true);
  else if (!target.includes('\0')) topDir(r, target, p);
}

function sevenZip(r: RunContext, rest: Arg[]): void {
  if (fieldText(rest[0]) !== 'x' && fieldText(rest[0]) !== 'e') return;
  const file = rest.slice(1).map(fieldText).find((t) => t && !t.startsWith('-'));
  if (!file) return;
  const p = resolvePath(r.cwd, file);
  r.timeline.extract(p, pathMatch(p, false).re, r.inst);
}

function decompress(r: RunContext, name: string, rest: Arg[], always: boolean): void {
  const { opts, operands } = options(rest, set('S suffix'));
  if (!always && !has(opts, 'd', 'decompress', 'uncompress')) return;
  const keep = has(opts, 'k', 'keep', 'c', 'stdout') || ((name === 'zstd' || name === 'unzstd') && !has(opts, 'rm'));
  for (const a of operands) {
    const m = r.match(a);
    if (!m || m.glob) continue;
    r.timeline.extract(m.text, m.re, r.inst);
    if (!keep) {
      r.timeline.remove({ ...m, recursive: false, verb: name }, r.inst);
      const out = m.text.replace(/\.(gz|bz2|xz|zst|lzma|Z|tgz|tbz2?|txz)$/i, (x) => (/^\.t/i.test(x) ? '.tar' : ''));
      if (out !== m.text) r.created(out, name, false, isArchive(out));
    }
  }
}

/** `jar xf app.war` (the JDK's jar tool) extracts into the working directory. */
function jar(r: RunContext, rest: Arg[]): void {
  const mode = fieldText(rest[0]) ?? '';
  if (!/^-?[a-zA-Z]*x/.test(mode) || !mode.includes('f')) return;
  const file = fieldText(rest[1]);
  if (!file) return;
  const p = resolvePath(r.cwd, file);
  r.timeline.extract(p, pathMatch(p, false).re, r.inst);
  if (!isSystemDir(r.cwd) && !r.cwd.includes('\0')) r.created(r.cwd, 'jar', true);
}

/** One handler per row of the rule's extractor table (ARCHIVE_TABLE), under each of the row's names. */
const HANDLERS: Record<ArchiveRow['id'], Handler> = {
  tar: (r, _n, rest) => tar(r, rest),
  unzip: (r, _n, rest) => unzip(r, rest),
  '7z': (r, _n, rest) => sevenZip(r, rest),
  jar: (r, _n, rest) => jar(r, rest),
  decompress: (r, name, rest) => decompress(r, name, rest, true),
  compress: (r, name, rest) => decompress(r, name, rest, false),
};

export const ARCHIVE_COMMANDS: Record<string, Handler> = Object.fromEntries(ARCHIVE_TABLE.flatMap((row) => row.names.map((n): [string, Handler] => [n, HANDLERS[row.id]])));
