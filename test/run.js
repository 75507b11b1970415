#!/usr/bin/env node
// `npm test`: installs what the tests need when missing, builds, type-checks, then runs each
// test level with mocha and prints one line per level and a final "N passed, N failed".
// Plain JS with no dependencies so it runs on a fresh clone before node_modules exists.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
process.chdir(root);
// Each level is a folder of *.test.ts; `integration` runs inside the real VS Code extension host
// (code-server + headless Chromium, see test/setup/integration.js), the others run in mocha.
const LEVELS = ['unit', 'lsp', 'interop', 'integration', 'e2e'];
const HOSTED = { integration: path.join('test', 'setup', 'integration.js') };
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const levels = wanted.length ? LEVELS.filter((l) => wanted.includes(l)) : LEVELS;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.error) throw r.error;
  return r.status;
}

function ensureAptPackages() {
  const pkgs = fs.readFileSync(path.join(__dirname, 'setup', 'apt-packages.txt'), 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
  const missing = pkgs.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (!missing.length) return;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    console.error(`Missing Debian packages: ${missing.join(' ')}. Install them (as root: apt-get install -y ${missing.join(' ')}) and run again.`);
    process.exit(2);
  }
  console.log(`Installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update', '-qq'], { env }) !== 0 || run('apt-get', ['install', '-y', '-qq', ...missing], { env }) !== 0) {
    console.error('apt-get install failed');
    process.exit(2);
  }
}

function testFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...testFiles(p));
    else if (e.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

function main() {
  if (!fs.existsSync(path.join(root, 'node_modules', '.bin', 'mocha'))) {
    if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) process.exit(2);
  }
  if (process.platform === 'linux') ensureAptPackages();
  if (levels.some((l) => HOSTED[l] || l === 'e2e')) {
    try { require('./setup/code-server').ensureCodeServer(); } catch (e) { console.error(`code-server setup failed: ${e.message}`); process.exit(2); }
  }
  if (run(process.execPath, ['esbuild.js']) !== 0) { console.error('build failed'); process.exit(1); }
  if (run(process.execPath, [path.join('node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', '.']) !== 0) { console.error('type-check failed'); process.exit(1); }

  let passed = 0, failed = 0;
  const lines = [];
  for (const level of levels) {
    const files = testFiles(path.join('out', 'test', level));
    if (!files.length) { lines.push(`${level}: no test files`); failed++; continue; }
    const report = path.join(root, 'test-output', `${level}.json`);
    fs.mkdirSync(path.dirname(report), { recursive: true });
    const started = Date.now();
    fs.rmSync(report, { force: true });
    const args = HOSTED[level] ? [HOSTED[level], report] : [path.join('node_modules', 'mocha', 'bin', 'mocha.js'), '--timeout', '240000', '--exit',
      '--reporter', 'json', '--reporter-option', `output=${report}`, ...files];
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    let stats = { passes: 0, failures: 1 };
    try { stats = JSON.parse(fs.readFileSync(report, 'utf8')).stats; } catch { /* mocha crashed: counted as a failure */ }
    const fails = stats.failures + (r.status !== 0 && stats.failures === 0 ? 1 : 0);
    passed += stats.passes; failed += fails;
    lines.push(`${level}: ${stats.passes} passed, ${fails} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    if (fails) {
      try {
        for (const f of JSON.parse(fs.readFileSync(report, 'utf8')).failures) console.log(`FAILED ${f.fullTitle}\n  ${f.err && f.err.message}`);
      } catch { /* no report */ }
    }
  }
  for (const l of lines) console.log(l);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
