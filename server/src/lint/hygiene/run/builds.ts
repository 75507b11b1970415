// Builds in a RUN (make, cmake, ninja, ./configure, npm/yarn/pnpm run build, composer install, python setup.py, go
// build, cargo, maven, gradle, dotnet): they write their outputs into the tree they run in. A build
// is recorded as a "build item" over that tree (see Item.build): a later `make clean`, or an `rm` of
// a build output there (`build/`, `dist/`, `target/`, `*.o` ...), removes what this RUN added;
// an `rm` of anything else there (`tests/`, `docs/`) removes the sources an earlier COPY or clone
// added, which the build did not make. Rows and their outputs: BUILD_TABLE in
// ../../rules/layer-deleted-later.ts.
import { BUILD_TABLE, BuildRow } from '../../rules/layer-deleted-later';
import { basename, resolvePath } from '../../shellExpand';
import { isSystemDir } from '../timeline';
import { Arg, fieldText, has, options, set, val } from './args';
import type { RunContext } from './context';
import { supersedeInstalls } from './packages';
import { GRADLE_BUILD_TASK, valuedOf } from './toolOptions';

/**
 * What one command of a row does: builds into `dir`, cleans `dir`'s outputs, or both (clean first);
 * or writes one named output elsewhere (`go build -o /usr/local/bin/app`: a file, or a folder when
 * written with a trailing slash), which a later `strip`/`chmod`/`rm` of it then reaches.
 */
interface Step { clean?: string; build?: string; output?: { path: string; tree?: boolean }; /** An install (npm ci, composer install): it writes the row's installOutputs too. */ install?: boolean }

/** Options that take a value, per reader (built once). */
const MAKE_VALUED = set('C f j l o W I directory file makefile jobs load-average');
const NINJA_VALUED = set('C f j k l d t w');
const CMAKE_VALUED = set('S B G T A C D U build target t j parallel config');
const RUN_SCRIPT_VALUED = set('prefix C dir filter F w workspace cwd');
const COMPOSER_VALUED = set('d working-dir');
// go, cargo, maven, gradle, dotnet: one list per tool, shared with the cache table (./toolOptions.ts)
const GO_VALUED = valuedOf('go');
const CARGO_VALUED = valuedOf('cargo');
const MAVEN_VALUED = valuedOf('maven');
const GRADLE_VALUED = valuedOf('gradle');
const DOTNET_VALUED = valuedOf('dotnet');

const MAKE_CLEAN = /^(clean|distclean|mrproper|realclean|maintainer-clean|veryclean|clobber)$/;

type Reader = (r: RunContext, name: string, rest: Arg[]) => Step | undefined;

const READERS: Record<BuildRow['id'], Reader> = {
  make: (r, _n, rest) => {
    const { opts, operands } = options(rest, MAKE_VALUED);
    const dir = dirOf(r, val(opts, 'C', 'directory'));
    const targets = operands.map(fieldText).filter((t): t is string => t !== undefined && !t.includes('='));
    if (has(opts, 'n', 'just-print', 'dry-run', 'q', 'question', 'v', 'version', 'h', 'help', 'p', 'print-data-base')) return undefined;
    const cleans = targets.filter((t) => MAKE_CLEAN.test(t));
    return { clean: cleans.length ? dir : undefined, build: !targets.length || targets.some((t) => !MAKE_CLEAN.test(t)) ? dir : undefined };
  },
  ninja: (r, _n, rest) => {
    const { opts, operands } = options(rest, NINJA_VALUED);
    const dir = dirOf(r, val(opts, 'C'));
    if (val(opts, 't') === 'clean' || operands.some((a) => fieldText(a) === 'clean')) return { clean: dir };
    if (has(opts, 't', 'n', 'version', 'h')) return undefined;
    return { build: dir };
  },
  cmake: (r, _n, rest) => {
    const { opts } = options(rest, CMAKE_VALUED);
    const buildDir = val(opts, 'build');
    if (buildDir !== undefined) {
      const target = val(opts, 'target', 't');
      const dir = dirOf(r, buildDir);
      return target === 'clean' ? { clean: dir } : { build: dir };
    }
    // `cmake --install DIR` copies the build's results to the prefix: it writes nothing in the tree
    if (has(opts, 'install')) return {};
    if (has(opts, 'E', 'P', 'version', 'help')) return undefined;
    // configuring writes the build tree (-B DIR, else the working directory)
    return { build: dirOf(r, val(opts, 'B')) };
  },
  configure: (r) => ({ build: r.cwd }),
  'npm run': (r, name, rest) => {
    const { opts, operands } = options(rest, RUN_SCRIPT_VALUED);
    let words = operands.map(fieldText);
    const global = rest.some((a) => /^(-g|--global|--location=global)$/.test(fieldText(a) ?? '')) || words[0] === 'global';
    // the project folder: npm --prefix DIR, yarn --cwd DIR, pnpm -C/--dir DIR (bun --cwd DIR), else the working directory
    const dir = dirOf(r, name === 'npm' ? val(opts, 'prefix', 'C') : name === 'pnpm' ? val(opts, 'C', 'dir') : val(opts, 'cwd'));
    // installing runs the packages' and the project's lifecycle scripts (prepare, postinstall) in the tree
    if (!global && (words[0] === undefined ? name !== 'npm' : /^(install|i|ci|clean-install|add)$/.test(words[0]))) return { build: dir, install: true };
    if (words[0] === 'run' || words[0] === 'run-script') words = words.slice(1);
    else if (name === 'npm') return undefined;
    const script = words[0];
    return script && /^(build|compile|dist|bundle|prod|production)([:-][\w:-]*)?$/.test(script) ? { build: dir } : undefined;
  },
  composer: (r, _n, rest) => {
    const { opts, operands } = options(rest, COMPOSER_VALUED);
    // `composer global ...` works in COMPOSER_HOME, not in the tree; create-project makes a new tree (a write, not a build)
    const sub = fieldText(operands[0]);
    return sub && /^(install|i|update|u|upgrade|require|r|req|remove|rm|reinstall|dump-autoload|dumpautoload|run-script|run)$/.test(sub)
      ? { build: dirOf(r, val(opts, 'd', 'working-dir')), install: /^(install|i|update|u|upgrade|require|r|req|remove|rm|reinstall)$/.test(sub) } : undefined;
  },
  'setup.py': (r, _n, rest) => {
    const words = rest.map(fieldText);
    const at = words.findIndex((w) => w !== undefined && basename(w) === 'setup.py');
    if (at < 0) return undefined;
    const cmds = words.slice(at + 1).filter((w): w is string => !!w && !w.startsWith('-'));
    const dir = resolvePath(r.cwd, words[at]!.replace(/\/?setup\.py$/, '') || '.');
    const clean = cmds.includes('clean') ? dir : undefined;
    return { clean, build: cmds.some((c) => /^(build|build_ext|build_py|bdist_wheel|bdist_egg|sdist|install|develop)$/.test(c)) ? dir : undefined };
  },
  'go build': (r, _n, rest) => {
    if (fieldText(rest[0]) !== 'build') return undefined;
    const { opts } = options(rest.slice(1), GO_VALUED, true);
    const out = val(opts, 'o');
    // `go build -o /usr/local/bin/app`: the output is a file elsewhere; without -o, the binary lands in the package folder
    return out !== undefined ? (out && out !== '/dev/null' ? { output: { path: dirOf(r, out), tree: out.endsWith('/') || undefined } } : undefined) : { build: dirOf(r, val(opts, 'C')) };
  },
  cargo: (r, _n, rest) => goals(r, rest, /^(build|b|install|test|bench|doc|rustc)$/, CARGO_VALUED),
  maven: (r, _n, rest) => goals(r, rest, /^(package|install|verify|compile|test|deploy)$/, MAVEN_VALUED, true),
  gradle: (r, _n, rest) => goals(r, rest, GRADLE_BUILD_TASK, GRADLE_VALUED),
  dotnet: (r, _n, rest) => goals(r, rest, /^(build|publish|pack|test)$/, DOTNET_VALUED),
};

/** `mvn clean package`, `cargo clean`, `gradle clean build`: a clean goal and/or a build goal in the working directory. */
function goals(r: RunContext, rest: Arg[], build: RegExp, valued: ReadonlySet<string>, dashLong = false): Step | undefined {
  const { operands } = options(rest, valued, dashLong);
  const words = operands.map(fieldText).filter((t): t is string => t !== undefined && !t.startsWith('-D'));
  const clean = words.includes('clean') ? r.cwd : undefined;
  return { clean, build: words.some((w) => build.test(w)) ? r.cwd : undefined };
}

function dirOf(r: RunContext, d: string | undefined): string {
  return d === undefined ? r.cwd : resolvePath(r.cwd, d);
}

const OUTPUTS = new Map<string, RegExp>();
/** The names a row's build writes, with or without its installs' (one regular expression per row and kind, compiled once). */
function outputsOf(row: BuildRow, install: boolean): RegExp {
  const key = `${row.id}\0${install}`;
  let re = OUTPUTS.get(key);
  if (!re) OUTPUTS.set(key, (re = new RegExp(`^(${[...COMMON_OUTPUTS, ...(row.outputs ?? []), ...(install ? row.installOutputs ?? [] : [])].join('|')})$`)));
  return re;
}

/** Rows by command name (`python3 setup.py`, `./configure`, `yarn build` ...). */
const BY_NAME = new Map<string, BuildRow[]>();
for (const row of BUILD_TABLE) for (const n of row.names) BY_NAME.set(n, [...(BY_NAME.get(n) ?? []), row]);

export const BUILD_NAMES: ReadonlySet<string> = new Set(BY_NAME.keys());

const rowsFor = (name: string): BuildRow[] | undefined => BY_NAME.get(name) ?? (/^python[0-9.]*$/.test(name) ? BY_NAME.get('python') : undefined);

/**
 * Records a build or a clean this command is (true), so the caller does not also mark the tree as
 * written by an unknown command; false when it is neither.
 */
export function buildStep(r: RunContext, name: string, rest: Arg[]): boolean {
  const rows = rowsFor(name);
  if (!rows) return false;
  let any = false;
  for (const row of rows) {
    const step = READERS[row.id](r, name, rest);
    if (step?.output) outputFile(r, step.output.path, row.id, step.output.tree);
    if (!step || (step.output && !step.build && !step.clean)) continue;
    any = true;
    const ok = (d: string | undefined): d is string => d !== undefined && !d.includes('\0') && !isSystemDir(d) && !r.inMount(d);
    if (ok(step.clean)) r.timeline.cleanBuild(step.clean, row.id === 'make' ? 'make clean' : `${name} clean`, r.inst);
    // an install (pnpm and bun too, which the npm and yarn handlers do not see) takes node_modules over from earlier installs
    if (ok(step.build) && step.install && row.id === 'npm run') supersedeInstalls(r, resolvePath(step.build, 'node_modules'));
    // the tree it ran in: every output of the row is not the sources' (an install's too); the build's own item: its kind's
    if (ok(step.build)) r.timeline.build(step.build, row.id === 'npm run' ? `${name} ${step.install ? 'install' : 'run build'}` : row.id, outputsOf(row, !!step.install), r.inst, outputsOf(row, true), step.install ? outputsOf(row, false) : undefined);
  }
  return any;
}

/** A build's one named output (`go build -o FILE`, `gcc -o FILE`): a file this RUN wrote, not a folder's worth. */
function outputFile(r: RunContext, path: string, source: string, tree?: boolean): void {
  if (path.includes('\0') || isSystemDir(path) || r.inMount(path)) return;
  r.created(path, source, tree ?? (r.isDir(path) ? true : false));
}

/**
 * C and C++ compilers and linkers run straight (`gcc -O2 -o /usr/local/bin/hello main.c`): the `-o`
 * file is this RUN's, so a later `strip`/`chmod`/`rm` of it is reported; without `-o` (`a.out`, `-c`
 * objects) they write in the working directory, which the runner marks as written by an unknown command.
 */
const COMPILER_VALUED = set('o x I L l D U include isystem MF MT MQ');
export const COMPILE_COMMANDS: Record<string, (r: RunContext, name: string, rest: Arg[]) => void> = Object.fromEntries(
  ['gcc', 'cc', 'g++', 'c++', 'clang', 'clang++', 'musl-gcc', 'tcc'].map((n) => [n, (r: RunContext, name: string, rest: Arg[]) => {
    const { opts } = options(rest, COMPILER_VALUED);
    const out = val(opts, 'o');
    if (out && out !== '-' && out !== '/dev/null') outputFile(r, dirOf(r, out), name, false);
  }]),
);

/** Names (regular expressions of one path segment) of what builds write into their tree. */
export const COMMON_OUTPUTS = ['build', 'dist', 'out', '_build', '\\.build', 'CMakeFiles', 'cmake-build-[^/]*', 'CMakeCache\\.txt', '[^/]*\\.egg-info', '__pycache__', '\\.libs', '\\.deps',
  'config\\.(log|status|cache)', '[^/]*\\.(o|a|so|lo|la|obj|pyc|pyo|class)'];
