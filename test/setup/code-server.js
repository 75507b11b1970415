// Sets up code-server (the real VS Code 1.100.3 workbench and extension host) in the
// git-ignored tools folder `.tools/code-server`, without internet beyond the npm registry.
// code-server's own install scripts download prebuilt binaries, which these machines cannot
// reach, so the steps below do by hand what they would do (see shared/testing/VSCODE-HOST.md):
// install with --ignore-scripts, build the native modules from source with node-gyp against
// the machine's Node headers, and link the system ripgrep.
// Idempotent: a marker file records a finished setup. Plain JS: runs before the build.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const VERSION = '4.100.3';
const root = path.resolve(__dirname, '..', '..');
const toolsDir = path.join(root, '.tools', 'code-server');
const pkgDir = path.join(toolsDir, 'node_modules', 'code-server');
const marker = path.join(toolsDir, `.ready-${VERSION}`);
/** Debian packages code-server's native modules build against, plus ripgrep and the browser. */
const APT_PACKAGES = ['libkrb5-dev', 'libsecret-1-dev', 'libx11-dev', 'libxkbfile-dev', 'ripgrep', 'chromium', 'python3', 'make', 'g++'];

/** Runs a step quietly; its output is shown only when it fails. */
function sh(cmd, args, cwd, extraEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...extraEnv } });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd} (exit ${r.status})`);
  }
}

function nodeGyp() {
  const npmBin = fs.realpathSync(spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim());
  const candidates = [
    path.join(path.dirname(npmBin), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(npmBin), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`node-gyp not found next to npm (looked in ${candidates.join(', ')})`);
  return found;
}

/** Node's headers: Debian-style /usr/include/node, else the official tarball layout next to node. */
function nodeDir() {
  for (const d of ['/usr', path.resolve(path.dirname(process.execPath), '..')]) {
    if (fs.existsSync(path.join(d, 'include', 'node', 'node.h'))) return d;
  }
  throw new Error('Node headers (include/node/node.h) not found; install the nodejs headers package');
}

function link(target, linkPath) {
  fs.rmSync(linkPath, { force: true, recursive: true });
  fs.mkdirSync(path.dirname(linkPath), { recursive: true });
  fs.symlinkSync(target, linkPath);
}

function ensureApt() {
  const missing = APT_PACKAGES.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (!missing.length) return;
  if (process.getuid && process.getuid() !== 0) {
    throw new Error(`code-server needs these Debian packages: ${missing.join(' ')} (as root: apt-get install -y ${missing.join(' ')})`);
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  sh('apt-get', ['update', '-qq'], root, env);
  sh('apt-get', ['install', '-y', '-qq', ...missing], root, env);
}

/** Returns the path of code-server's entry script, installing it first when needed. */
function ensureCodeServer({ quiet = false } = {}) {
  const entry = path.join(pkgDir, 'out', 'node', 'entry.js');
  if (fs.existsSync(marker) && fs.existsSync(entry)) return entry;
  if (process.platform !== 'linux') throw new Error('the automatic code-server setup supports Linux only; on a desktop use VS Code itself (see README)');
  if (!quiet) console.log(`Setting up code-server ${VERSION} in ${path.relative(root, toolsDir)} (once, about two minutes)...`);
  if (process.platform === 'linux') ensureApt();
  fs.mkdirSync(toolsDir, { recursive: true });
  fs.writeFileSync(path.join(toolsDir, 'package.json'), JSON.stringify({ name: 'stevedore-tools', private: true }, null, 2));
  const npmQuiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  sh('npm', ['install', '--ignore-scripts', ...npmQuiet, `code-server@${VERSION}`], toolsDir);

  const gyp = nodeGyp();
  const nodedir = nodeDir();
  const argon2 = path.join(toolsDir, 'node_modules', 'argon2');
  // argon2 builds through node-pre-gyp, which falls back to a source build when its download fails.
  if (fs.existsSync(argon2)) sh('npm', ['run', 'install', '--loglevel=error'], argon2);

  const vscodeDir = path.join(pkgDir, 'lib', 'vscode');
  sh('npm', ['install', '--omit=dev', '--ignore-scripts', ...npmQuiet], vscodeDir);
  for (const mod of ['@parcel/watcher', '@vscode/spdlog', '@vscode/deviceid', 'kerberos', 'native-watchdog', 'node-pty']) {
    const dir = path.join(vscodeDir, 'node_modules', mod);
    if (fs.existsSync(path.join(dir, 'binding.gyp'))) sh(process.execPath, [gyp, 'rebuild', `--nodedir=${nodedir}`], dir);
  }
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) throw new Error('ripgrep (rg) is missing: apt-get install ripgrep');
  link(rg, path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
  link('node_modules', path.join(vscodeDir, 'node_modules.asar'));
  link('code-linux.sh', path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  link('browser-linux.sh', path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  sh('npm', ['install', '--omit=dev', '--ignore-scripts', ...npmQuiet], path.join(vscodeDir, 'extensions'));
  fs.writeFileSync(marker, new Date().toISOString() + '\n');
  return entry;
}

module.exports = { ensureCodeServer, VERSION, toolsDir };

if (require.main === module) {
  try {
    console.log(ensureCodeServer());
  } catch (e) {
    console.error(`code-server setup failed: ${e.message}`);
    process.exit(2);
  }
}
