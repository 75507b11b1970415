import * as assert from 'assert/strict';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { ApplyOptions, ApplyStats } from '../../../client/src/engine/layer/apply';
import type { ErrorCode } from '../../../client/src/core/errors';
import { emptyTargetSymlink, tarOf, TarSpec } from './helpers';

/**
 * Layers that try to get out of the directory they are applied to (and a few that are merely
 * broken), with what `applyLayer` must do with each: keep everything inside the root, or refuse
 * the layer with an EngineError that says why. Every case runs in a fresh sandbox:
 *
 *   <base>/outside/file        "secret"      the sibling every escape aims at
 *   <base>/outside/dir/f       "inner"
 *   <base>/root/               the target of applyLayer
 *
 * and the test checks, whatever the outcome, that nothing outside `<base>/root` changed.
 */
export interface Sandbox {
  base: string;
  root: string;
  /** Absolute host path of the sibling directory. */
  outside: string;
}

export type LayerSource = TarSpec[] | Buffer;

export interface CorpusCase {
  name: string;
  /** Layers applied first (each must apply cleanly): what "lower layers" left in the root. */
  lower?: (s: Sandbox) => LayerSource[];
  layer: (s: Sandbox) => LayerSource | Promise<LayerSource>;
  opts?: ApplyOptions;
  /** The layer must be refused: EngineError with this code whose message matches. */
  error?: { code: ErrorCode; message: RegExp };
  /** Paths (relative to the root) that must exist, with their treeOf() line (string: exact; RegExp: match). */
  present?: (s: Sandbox) => Record<string, string | RegExp>;
  /** Paths (relative to the root) that must not exist. */
  absent?: (s: Sandbox) => string[];
  /** Anything else (stats, inodes, mtimes). */
  check?: (s: Sandbox, stats: ApplyStats | undefined) => void;
  /** Also run the case with {rootless: true} (containment must not depend on it). Default true for the malicious corpus. */
  bothModes?: boolean;
}

/** The file name escapes would write; checked for on the host after every case. */
export const PWNED = 'stevedore-corpus-pwned';

const sha12 = (d: string | Buffer) => crypto.createHash('sha256').update(d).digest('hex').slice(0, 12);
/** The treeOf() line of a regular file owned by root. */
export const file = (data: string, mode = '644', owner = '0:0') => `file ${Buffer.byteLength(data)} ${sha12(data)} ${mode} ${owner}`;
export const dir = (mode = '755', owner = '0:0') => `dir ${mode} ${owner}`;
export const link = (target: string, owner = '0:0') => `link->${target} 777 ${owner}`;
/** A host absolute path as it lands inside the root (leading `/` dropped). */
export const inRoot = (abs: string) => abs.replace(/^\/+/, '');

const refused = (message: RegExp) => ({ code: 'corrupt' as const, message });
const OUTSIDE_ROOT = /points outside the root filesystem/;
const LOOP = /too many levels of symbolic links/;

/** l0 -> l1 -> ... -> l(n-1) -> target: resolving l0 follows exactly n symlinks. */
function chain(n: number, target: string): TarSpec[] {
  const out: TarSpec[] = [];
  for (let i = 0; i < n; i++) out.push({ name: `l${i}`, type: 'symlink', linkname: i === n - 1 ? target : `l${i + 1}` });
  return out;
}

async function truncatedTar(): Promise<Buffer> {
  const whole = await tarOf([{ name: 'a/' }, { name: 'a/big', data: crypto.randomBytes(10_000) }]);
  return whole.subarray(0, 512 * 4 + 100); // dir header, file header, part of the body
}

export const MALICIOUS: CorpusCase[] = [
  // --- names climbing out ---
  { name: 'entry name ../x', layer: () => [{ name: `../${PWNED}`, data: 'x' }], error: refused(OUTSIDE_ROOT) },
  { name: 'entry name a/../../x', layer: () => [{ name: 'a/' }, { name: `a/../../${PWNED}`, data: 'x' }], error: refused(OUTSIDE_ROOT) },
  { name: 'entry name ../outside/file (overwrite the sibling)', layer: () => [{ name: '../outside/file', data: 'pwned' }], error: refused(OUTSIDE_ROOT) },
  { name: 'entry name ./../x', layer: () => [{ name: `./../${PWNED}`, data: 'x' }], error: refused(OUTSIDE_ROOT) },
  { name: 'directory entry ../', layer: () => [{ name: '../' , mode: 0o777 }], error: refused(OUTSIDE_ROOT) },
  {
    name: 'absolute names /etc/x and //etc/y land inside the root',
    layer: () => [{ name: '/etc/x', data: 'abs' }, { name: '//etc/y', data: 'abs2' }],
    present: () => ({ etc: dir(), 'etc/x': file('abs'), 'etc/y': file('abs2') }),
  },
  { name: 'absolute name /../x', layer: () => [{ name: `/../${PWNED}`, data: 'x' }], error: refused(OUTSIDE_ROOT) },

  // --- writing through symlinks ---
  {
    name: 'absolute symlink to the host sibling, then a file under it',
    layer: (s) => [{ name: 'evil', type: 'symlink', linkname: s.outside }, { name: `evil/${PWNED}`, data: 'pwned' }, { name: 'evil/file', data: 'pwned' }],
    present: (s) => ({ evil: link(s.outside), [`${inRoot(s.outside)}/${PWNED}`]: file('pwned'), [`${inRoot(s.outside)}/file`]: file('pwned') }),
  },
  {
    name: 'absolute symlink evil -> /outside-dir, then evil/pwned',
    layer: () => [{ name: 'evil', type: 'symlink', linkname: '/outside-dir' }, { name: `evil/${PWNED}`, data: 'pwned' }],
    present: () => ({ evil: link('/outside-dir'), 'outside-dir': dir(), [`outside-dir/${PWNED}`]: file('pwned') }),
  },
  {
    name: 'relative symlink evil -> ../../.., then evil/pwned (.. stops at the root)',
    layer: () => [{ name: 'evil', type: 'symlink', linkname: '../../..' }, { name: `evil/${PWNED}`, data: 'pwned' }],
    present: () => ({ evil: link('../../..'), [PWNED]: file('pwned') }),
  },
  {
    name: 'relative symlink evil -> ../outside, then evil/file',
    layer: () => [{ name: 'evil', type: 'symlink', linkname: '../outside' }, { name: 'evil/file', data: 'pwned' }, { name: 'evil/dir/f', data: 'pwned' }],
    present: () => ({ evil: link('../outside'), 'outside/file': file('pwned'), 'outside/dir/f': file('pwned') }),
  },
  {
    name: 'nested symlink sub/up -> ../.., then sub/up/outside/file',
    layer: () => [{ name: 'sub/' }, { name: 'sub/up', type: 'symlink', linkname: '../..' }, { name: 'sub/up/outside/file', data: 'pwned' }],
    present: () => ({ 'outside/file': file('pwned') }),
  },
  {
    name: 'symlink from a lower layer, written through by this one',
    lower: (s) => [[{ name: 'usr/' }, { name: 'usr/lib', type: 'symlink', linkname: `${s.outside}/dir` }]],
    layer: () => [{ name: 'usr/lib/f', data: 'pwned' }, { name: `usr/lib/${PWNED}`, data: 'pwned' }],
    present: (s) => ({ 'usr/lib': link(`${s.outside}/dir`), [`${inRoot(s.outside)}/dir/f`]: file('pwned') }),
  },
  {
    name: 'symlink loop a -> b, b -> a, then a/x',
    layer: () => [{ name: 'a', type: 'symlink', linkname: 'b' }, { name: 'b', type: 'symlink', linkname: 'a' }, { name: 'a/x', data: 'x' }],
    error: refused(LOOP),
  },
  {
    name: 'self loop s -> /s, then s/x',
    layer: () => [{ name: 's', type: 'symlink', linkname: '/s' }, { name: 's/x', data: 'x' }],
    error: refused(LOOP),
  },
  {
    name: 'symlink loop as the final component is replaced, not followed',
    layer: () => [{ name: 'a', type: 'symlink', linkname: 'b' }, { name: 'b', type: 'symlink', linkname: 'a' }, { name: 'a', data: 'plain' }],
    present: () => ({ a: file('plain'), b: link('a') }),
  },
  {
    name: '41-hop symlink chain is refused',
    layer: () => [{ name: 'd/' }, ...chain(41, 'd'), { name: 'l0/x', data: 'x' }],
    error: refused(LOOP),
  },
  {
    name: '40-hop symlink chain resolves (Linux MAXSYMLINKS)',
    layer: () => [{ name: 'd/' }, ...chain(40, 'd'), { name: 'l0/x', data: 'x' }],
    present: () => ({ 'd/x': file('x'), l0: link('l1'), l39: link('d') }),
  },
  {
    name: 'hard link through a symlink loop is refused',
    layer: () => [{ name: 'a', type: 'symlink', linkname: 'b' }, { name: 'b', type: 'symlink', linkname: 'a' }, { name: 'h', type: 'link', linkname: 'a/x' }],
    error: refused(LOOP),
  },
  {
    name: 'symlink replaces a directory of the same layer, then writes through it',
    layer: (s) => [
      { name: 'd/', mode: 0o700 },
      { name: 'd/f', data: 'mine' },
      { name: 'd', type: 'symlink', linkname: s.outside },
      { name: 'd/file', data: 'pwned' },
      { name: `d/${PWNED}`, data: 'pwned' },
    ],
    present: (s) => ({ d: link(s.outside), [`${inRoot(s.outside)}/file`]: file('pwned') }),
    absent: () => ['d/f'],
  },
  {
    name: 'symlink replaces a lower directory, then writes through it',
    lower: () => [[{ name: 'd/' }, { name: 'd/keep', data: 'k' }]],
    layer: () => [{ name: 'd', type: 'symlink', linkname: '../outside' }, { name: 'd/file', data: 'pwned' }],
    present: () => ({ d: link('../outside'), 'outside/file': file('pwned') }),
  },
  {
    name: 'directory entry, then a symlink over it to the host: attributes not applied through it',
    layer: (s) => [{ name: 'd/', mode: 0o700, uid: 4242, gid: 4242 }, { name: 'd', type: 'symlink', linkname: `${s.outside}/dir` }],
    present: (s) => ({ d: link(`${s.outside}/dir`) }),
  },
  {
    name: 'directory entry under a symlinked parent, then the parent replaced: attributes stay inside',
    layer: (s) => [{ name: 'p/' }, { name: 'p/q/', mode: 0o700 }, { name: 'p', type: 'symlink', linkname: s.outside }, { name: 'p/dir/', mode: 0o711 }],
    present: (s) => ({ p: link(s.outside), [`${inRoot(s.outside)}/dir`]: dir('711') }),
  },
  {
    name: 'symlink then a file of the same name: the symlink is replaced, not followed',
    layer: (s) => [{ name: 'f', type: 'symlink', linkname: `${s.outside}/file` }, { name: 'f', data: 'mine' }],
    present: () => ({ f: file('mine') }),
  },
  {
    name: 'relative symlink then a file of the same name',
    layer: () => [{ name: 'f', type: 'symlink', linkname: '../outside/file' }, { name: 'f', data: 'mine', mode: 0o600 }],
    present: () => ({ f: file('mine', '600') }),
  },
  {
    name: 'lower-layer symlink to the host, replaced by a file, a directory, a hard link and a fifo',
    lower: (s) => [[
      { name: 'f', type: 'symlink', linkname: `${s.outside}/file` },
      { name: 'd', type: 'symlink', linkname: `${s.outside}/dir` },
      { name: 'h', type: 'symlink', linkname: `${s.outside}/file` },
      { name: 'p', type: 'symlink', linkname: `${s.outside}/file` },
      { name: 'src', data: 'src' },
    ]],
    layer: () => [{ name: 'f', data: 'mine' }, { name: 'd/', mode: 0o700 }, { name: 'h', type: 'link', linkname: 'src' }, { name: 'p', type: 'fifo', mode: 0o600 }],
    present: () => ({ f: file('mine'), d: dir('700'), h: file('src'), p: 'fifo 600 0:0' }),
  },

  // --- hard links ---
  { name: 'hard link to ../outside/file', layer: () => [{ name: 'h', type: 'link', linkname: '../outside/file' }], error: refused(OUTSIDE_ROOT) },
  {
    name: 'hard link to an absolute host path',
    layer: (s) => [{ name: 'h', type: 'link', linkname: `${s.outside}/file` }],
    error: refused(/is a hard link to .*not in this layer or the ones below/),
  },
  {
    name: 'hard link through a symlinked parent pointing at the host',
    layer: (s) => [{ name: 'p', type: 'symlink', linkname: s.outside }, { name: 'h', type: 'link', linkname: 'p/file' }],
    error: refused(/not in this layer or the ones below/),
  },
  {
    name: 'hard link through a relative symlinked parent ../outside',
    layer: () => [{ name: 'p', type: 'symlink', linkname: '../outside' }, { name: 'h', type: 'link', linkname: 'p/file' }],
    error: refused(/not in this layer or the ones below/),
  },
  {
    name: 'hard link to a symlink pointing at the host links the symlink itself',
    layer: (s) => [{ name: 's', type: 'symlink', linkname: `${s.outside}/file` }, { name: 'h', type: 'link', linkname: 's' }],
    present: (s) => ({ s: link(`${s.outside}/file`), h: link(`${s.outside}/file`) }),
    check: (s) => {
      assert.equal(fs.lstatSync(path.join(s.outside, 'file')).nlink, 1);
      assert.equal(fs.lstatSync(path.join(s.root, 'h')).ino, fs.lstatSync(path.join(s.root, 's')).ino);
    },
  },
  {
    name: 'hard link placed under a symlinked parent lands inside',
    layer: (s) => [{ name: 'src', data: 'src' }, { name: 'p', type: 'symlink', linkname: s.outside }, { name: `p/${PWNED}`, type: 'link', linkname: 'src' }],
    present: (s) => ({ [`${inRoot(s.outside)}/${PWNED}`]: file('src') }),
  },
  { name: 'hard link to a directory', layer: () => [{ name: 'd/' }, { name: 'h', type: 'link', linkname: 'd' }], error: refused(/hard link to the directory/) },
  { name: 'hard link to the root', layer: () => [{ name: 'h', type: 'link', linkname: './' }], error: refused(/hard link/) },
  {
    name: 'hard link replacing a directory with a file inside it',
    layer: () => [{ name: 'd/' }, { name: 'd/f', data: 'f' }, { name: 'd', type: 'link', linkname: 'd/f' }],
    error: refused(/hard link to .*inside the directory it replaces/),
  },
  {
    name: 'hard link over a lower symlink to the host',
    lower: (s) => [[{ name: 'src', data: 'src' }, { name: 'h', type: 'link', linkname: 'src' }]],
    layer: (s) => [{ name: 'h', type: 'symlink', linkname: `${s.outside}/file` }, { name: 'h2', type: 'link', linkname: 'src' }, { name: 'h', type: 'link', linkname: 'src' }],
    present: () => ({ h: file('src'), h2: file('src') }),
    check: (s) => assert.equal(fs.lstatSync(path.join(s.root, 'src')).nlink, 3),
  },
  { name: 'hard link to a missing file', layer: () => [{ name: 'h', type: 'link', linkname: 'nope' }], error: refused(/not in this layer or the ones below/) },

  // --- device nodes ---
  {
    name: 'device nodes when rootless are skipped and reported',
    opts: { rootless: true },
    bothModes: false,
    layer: () => [
      { name: 'dev/' },
      { name: 'dev/null', type: 'character-device', devmajor: 1, devminor: 3, mode: 0o666 },
      { name: 'dev/sda', type: 'block-device', devmajor: 8, devminor: 0, mode: 0o660 },
      { name: 'dev/fifo', type: 'fifo', mode: 0o600 },
    ],
    present: () => ({ dev: dir(), 'dev/fifo': 'fifo 600 0:0' }),
    absent: () => ['dev/null', 'dev/sda'],
    check: (_s, stats) => {
      assert.deepEqual(stats!.skipped.map((x) => x.path).sort(), ['dev/null', 'dev/sda']);
      for (const x of stats!.skipped) assert.match(x.reason, /device nodes cannot be created without root/);
      assert.equal(stats!.specials, 1);
    },
  },
  {
    name: 'rootless device node over a lower symlink to the host is skipped, the host untouched',
    opts: { rootless: true },
    bothModes: false,
    lower: (s) => [[{ name: 'null', type: 'symlink', linkname: `${s.outside}/file` }]],
    layer: () => [{ name: 'null', type: 'character-device', devmajor: 1, devminor: 3 }],
    check: (_s, stats) => assert.deepEqual(stats!.skipped.map((x) => x.path), ['null']),
  },

  // --- whiteouts ---
  { name: 'whiteout .wh..', lower: () => [[{ name: 'x', data: 'x' }]], layer: () => [{ name: '.wh..' }], error: refused(/whiteout for "\.", which names no file/), present: () => ({ x: file('x') }) },
  { name: 'whiteout .wh.', layer: () => [{ name: '.wh.' }], error: refused(/whiteout for "", which names no file/) },
  { name: 'whiteout d/.wh...', lower: () => [[{ name: 'd/' }]], layer: () => [{ name: 'd/.wh...' }], error: refused(/whiteout for "\.\.", which names no file/) },
  { name: 'whiteout ../.wh.outside', layer: () => [{ name: '../.wh.outside' }], error: refused(OUTSIDE_ROOT) },
  {
    name: 'whiteout through a lower absolute symlink to the host',
    lower: (s) => [[{ name: 'p', type: 'symlink', linkname: s.outside }]],
    layer: () => [{ name: 'p/.wh.file' }, { name: 'p/.wh.dir' }],
    present: (s) => ({ p: link(s.outside) }),
  },
  {
    name: 'whiteout through a relative symlink ../outside made in the same layer',
    layer: () => [{ name: 'p', type: 'symlink', linkname: '../outside' }, { name: 'p/.wh.file' }, { name: 'p/dir/.wh.f' }],
    present: () => ({ p: link('../outside') }),
  },
  {
    name: 'whiteout of a lower symlink to the host removes the symlink only',
    lower: (s) => [[{ name: 's', type: 'symlink', linkname: `${s.outside}/file` }, { name: 'sd', type: 'symlink', linkname: `${s.outside}/dir` }]],
    layer: () => [{ name: '.wh.s' }, { name: '.wh.sd' }],
    absent: () => ['s', 'sd'],
  },
  {
    name: 'opaque marker under a symlinked directory pointing at the host',
    lower: (s) => [[{ name: 'p', type: 'symlink', linkname: s.outside }, { name: 'q', type: 'symlink', linkname: '../outside/dir' }]],
    layer: () => [{ name: 'p/.wh..wh..opq' }, { name: 'q/.wh..wh..opq' }],
    present: (s) => ({ p: link(s.outside), q: link('../outside/dir') }),
  },

  // --- malformed ---
  {
    name: 'NUL byte in an entry name (pax path)',
    layer: () => [{ name: 'x', pax: { path: 'a\0b' }, data: 'x' }],
    error: refused(/contains a NUL byte/),
  },
  {
    name: 'NUL byte in a hard link target',
    layer: () => [{ name: 'a', data: 'a' }, { name: 'h', type: 'link', linkname: 'a', pax: { linkpath: 'a\0../../outside/file' } }],
    error: refused(/contains a NUL byte/),
  },
  {
    name: 'NUL byte in a symlink target',
    layer: () => [{ name: 's', type: 'symlink', linkname: 'x', pax: { linkpath: '../outside/file\0' } }],
    error: refused(/NUL byte/),
  },
  {
    name: 'symlink with an empty target',
    layer: () => emptyTargetSymlink([{ name: 's', type: 'symlink', linkname: 'BLANK' }]),
    error: refused(/"s" is a symlink with an empty target/),
  },
  {
    name: 'symlink with an empty target after other entries (refused, nothing outside touched)',
    lower: () => [[{ name: 'keep', data: 'lower' }]],
    layer: () => emptyTargetSymlink([{ name: 'd/' }, { name: 'd/f', data: 'x' }, { name: 'd/s', type: 'symlink', linkname: 'BLANK' }, { name: 'after', data: 'y' }]),
    error: refused(/"d\/s" is a symlink with an empty target/),
    present: () => ({ keep: file('lower') }),
    absent: () => ['after', 'd/s'],
  },
  { name: 'truncated tar', layer: () => truncatedTar(), error: refused(/not a valid tar archive/) },
  { name: 'garbage bytes', layer: () => crypto.randomBytes(4096), error: refused(/not a valid tar archive/) },
  { name: 'garbage after a valid header', layer: async () => Buffer.concat([(await tarOf([{ name: 'a', data: 'a' }])).subarray(0, 1024), crypto.randomBytes(1024)]), error: refused(/not a valid tar archive/) },
  {
    name: 'file whose parent is a regular file from a lower layer',
    lower: () => [[{ name: 'a', data: 'lower' }]],
    layer: () => [{ name: 'a/b', data: 'x' }],
    error: refused(/needs "\/a" to be a directory, but the layer or a lower one made it a regular file/),
    present: () => ({ a: file('lower') }),
  },
  {
    name: 'file whose parent is a symlink to a regular file',
    lower: () => [[{ name: 'a', data: 'lower' }, { name: 's', type: 'symlink', linkname: 'a' }]],
    layer: () => [{ name: 's/b', data: 'x' }],
    error: refused(/to be a directory/),
  },
];

/** Layers as the OCI image-spec describes them (layer.md), applied on top of `lower`. */
export const SPEC: CorpusCase[] = [
  {
    name: 'whiteout removes a lower file and a lower directory tree',
    lower: () => [[{ name: 'etc/' }, { name: 'etc/motd', data: 'hi' }, { name: 'etc/keep', data: 'k' }, { name: 'opt/' }, { name: 'opt/t/' }, { name: 'opt/t/a', data: 'a' }]],
    layer: () => [{ name: 'etc/' }, { name: 'etc/.wh.motd' }, { name: 'opt/.wh.t' }, { name: 'etc/.wh.never-existed' }],
    present: () => ({ 'etc/keep': file('k'), opt: dir() }),
    absent: () => ['etc/motd', 'opt/t'],
    check: (_s, stats) => assert.equal(stats!.whiteouts, 3),
  },
  {
    name: 'whiteout does not remove a same-layer file (whiteout after it)',
    lower: () => [[{ name: 'a/' }, { name: 'a/x', data: 'lower' }]],
    layer: () => [{ name: 'a/x', data: 'upper' }, { name: 'a/.wh.x' }],
    present: () => ({ 'a/x': file('upper') }),
  },
  {
    name: 'whiteout does not remove a same-layer file (whiteout before it)',
    lower: () => [[{ name: 'a/' }, { name: 'a/x', data: 'lower' }]],
    layer: () => [{ name: 'a/.wh.x' }, { name: 'a/x', data: 'upper' }],
    present: () => ({ 'a/x': file('upper') }),
  },
  {
    name: 'whiteout of a directory this layer also adds hides only the lower contents (whiteout after)',
    lower: () => [[{ name: 'd/' }, { name: 'd/old', data: 'old' }]],
    layer: () => [{ name: 'd/' }, { name: 'd/new', data: 'new' }, { name: '.wh.d' }],
    present: () => ({ d: dir(), 'd/new': file('new') }),
    absent: () => ['d/old'],
  },
  {
    name: 'whiteout of a directory this layer also adds hides only the lower contents (whiteout before)',
    lower: () => [[{ name: 'd/' }, { name: 'd/old', data: 'old' }]],
    layer: () => [{ name: '.wh.d' }, { name: 'd/' }, { name: 'd/new', data: 'new' }],
    present: () => ({ d: dir(), 'd/new': file('new') }),
    absent: () => ['d/old'],
  },
  {
    name: 'opaque directory keeps same-layer entries (marker last)',
    lower: () => [[{ name: 'd/' }, { name: 'd/old', data: 'old' }, { name: 'd/sub/' }, { name: 'd/sub/deep', data: 'deep' }, { name: 'd/gone/' }, { name: 'd/gone/x', data: 'x' }]],
    layer: () => [{ name: 'd/' }, { name: 'd/new', data: 'new' }, { name: 'd/sub/' }, { name: 'd/sub/mine', data: 'mine' }, { name: 'd/.wh..wh..opq' }],
    present: () => ({ d: dir(), 'd/new': file('new'), 'd/sub': dir(), 'd/sub/mine': file('mine') }),
    absent: () => ['d/old', 'd/sub/deep', 'd/gone'],
  },
  {
    name: 'opaque directory keeps same-layer entries (marker first)',
    lower: () => [[{ name: 'd/' }, { name: 'd/old', data: 'old' }, { name: 'd/sub/' }, { name: 'd/sub/deep', data: 'deep' }]],
    layer: () => [{ name: 'd/' }, { name: 'd/.wh..wh..opq' }, { name: 'd/new', data: 'new' }, { name: 'd/sub/' }, { name: 'd/sub/mine', data: 'mine' }],
    present: () => ({ d: dir(), 'd/new': file('new'), 'd/sub': dir(), 'd/sub/mine': file('mine') }),
    absent: () => ['d/old', 'd/sub/deep'],
  },
  {
    name: 'opaque directory keeps same-layer entries written without their directory entry',
    lower: () => [[{ name: 'd/' }, { name: 'd/sub/' }, { name: 'd/sub/deep', data: 'deep' }]],
    layer: () => [{ name: 'd/sub/mine', data: 'mine' }, { name: 'd/.wh..wh..opq' }],
    present: () => ({ 'd/sub/mine': file('mine') }),
    absent: () => ['d/sub/deep'],
  },
  {
    name: 'opaque marker for a directory lower layers never had',
    layer: () => [{ name: 'new/.wh..wh..opq' }, { name: 'new/f', data: 'f' }],
    present: () => ({ new: dir(), 'new/f': file('f') }),
  },
  {
    name: 'directory entry over an existing directory keeps its children and takes the new mode and owner',
    lower: () => [[{ name: 'd/', mode: 0o755 }, { name: 'd/child', data: 'c' }]],
    layer: () => [{ name: 'd/', mode: 0o700, uid: 1000, gid: 1000 }],
    present: () => ({ d: dir('700', '1000:1000'), 'd/child': file('c') }),
  },
  {
    name: 'file replaces a lower directory; directory replaces a lower file',
    lower: () => [[{ name: 'a/' }, { name: 'a/x', data: 'x' }, { name: 'b', data: 'b' }, { name: 'c', type: 'symlink', linkname: 'a' }]],
    layer: () => [{ name: 'a', data: 'now a file' }, { name: 'b/' }, { name: 'b/y', data: 'y' }, { name: 'c/' }],
    present: () => ({ a: file('now a file'), b: dir(), 'b/y': file('y'), c: dir() }),
    absent: () => ['a/x'],
  },
  {
    name: 'file replaces a directory of the same layer and vice versa',
    layer: () => [{ name: 'a/' }, { name: 'a/x', data: 'x' }, { name: 'a', data: 'file' }, { name: 'b', data: 'file' }, { name: 'b/' }, { name: 'b/y', data: 'y' }],
    present: () => ({ a: file('file'), b: dir(), 'b/y': file('y') }),
    absent: () => ['a/x'],
  },
  {
    name: 'hard links within the layer share an inode; a later entry over the name breaks the link',
    lower: () => [[{ name: 'lower', data: 'from below' }]],
    layer: () => [
      { name: 'bin/' },
      { name: 'bin/tool', data: 'tool', mode: 0o755 },
      { name: 'bin/alias', type: 'link', linkname: 'bin/tool' },
      { name: '/bin/abs-alias', type: 'link', linkname: '/bin/tool' },
      { name: 'lower-alias', type: 'link', linkname: './lower' },
      { name: 'self', data: 's' },
      { name: 'self', type: 'link', linkname: 'self' },
    ],
    present: () => ({ 'bin/tool': file('tool', '755'), 'bin/alias': file('tool', '755'), 'lower-alias': file('from below'), self: file('s') }),
    check: (s, stats) => {
      const ino = (p: string) => fs.lstatSync(path.join(s.root, p)).ino;
      assert.equal(ino('bin/alias'), ino('bin/tool'));
      assert.equal(ino('bin/abs-alias'), ino('bin/tool'));
      assert.equal(ino('lower-alias'), ino('lower'));
      assert.equal(fs.lstatSync(path.join(s.root, 'bin/tool')).nlink, 3);
      assert.equal(stats!.hardlinks, 3);
    },
  },
  {
    name: 'setuid, setgid and sticky bits are preserved when root',
    bothModes: false,
    opts: { rootless: false },
    layer: () => [
      { name: 'usr/' },
      { name: 'usr/bin/' },
      { name: 'usr/bin/su', data: 'su', mode: 0o4755, uid: 0 },
      { name: 'usr/bin/wall', data: 'wall', mode: 0o2755, uid: 0, gid: 5 },
      { name: 'usr/bin/mine', data: 'mine', mode: 0o6750, uid: 1000, gid: 1000 },
      { name: 'tmp/', mode: 0o1777 },
      { name: 'srv/', mode: 0o2775, gid: 50 },
    ],
    present: () => ({
      'usr/bin/su': file('su', '4755'),
      'usr/bin/wall': file('wall', '2755', '0:5'),
      'usr/bin/mine': file('mine', '6750', '1000:1000'),
      tmp: dir('1777'),
      srv: dir('2775', '0:50'),
    }),
  },
  {
    name: 'mtimes of files, symlinks and directories are applied',
    layer: () => [
      { name: 'd/', mtime: new Date('2001-02-03T04:05:06Z') },
      { name: 'd/f', data: 'f', mtime: new Date('2002-02-03T04:05:06Z') },
      { name: 'd/s', type: 'symlink', linkname: 'f', mtime: new Date('2003-02-03T04:05:06Z') },
    ],
    check: (s) => {
      const m = (p: string) => fs.lstatSync(path.join(s.root, p)).mtime.toISOString();
      assert.equal(m('d'), '2001-02-03T04:05:06.000Z');
      assert.equal(m('d/f'), '2002-02-03T04:05:06.000Z');
      assert.equal(m('d/s'), '2003-02-03T04:05:06.000Z');
    },
  },
  {
    name: 'tar ./ prefixes (and the ./ root entry) as docker save writes them',
    layer: () => [{ name: './', mode: 0o755 }, { name: './etc/' }, { name: './etc/os-release', data: 'ID=x' }, { name: './etc/./hosts', data: 'h' }, { name: './bin', type: 'symlink', linkname: 'usr/bin' }],
    present: () => ({ etc: dir(), 'etc/os-release': file('ID=x'), 'etc/hosts': file('h'), bin: link('usr/bin') }),
    check: (s, stats) => {
      assert.equal(stats!.entries, 5);
      assert.equal(stats!.files, 2);
      assert.equal(stats!.dirs, 1);
      assert.equal(stats!.symlinks, 1);
      assert.equal((fs.statSync(s.root).mode & 0o7777).toString(8), '755');
    },
  },
  {
    name: 'stats count what was written',
    layer: () => [{ name: 'a/' }, { name: 'a/f', data: '12345' }, { name: 'a/g', data: '678' }, { name: 'a/l', type: 'symlink', linkname: 'f' }, { name: 'a/h', type: 'link', linkname: 'a/f' }],
    check: (_s, stats) => assert.deepEqual(stats, { entries: 5, files: 2, dirs: 1, symlinks: 1, hardlinks: 1, whiteouts: 0, specials: 0, skipped: [], bytes: 8, size: 9 }),
  },
];

/** The tar bytes of a layer source. */
export async function tarBytes(src: LayerSource): Promise<Buffer> {
  return Buffer.isBuffer(src) ? src : tarOf(src);
}
