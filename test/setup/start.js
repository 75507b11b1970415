#!/usr/bin/env node
// `npm start`: builds Stevedore, sets up code-server if missing (into .tools/), and serves VS Code
// (code-server 4.100.3) with Stevedore installed, on the examples/ workspace. Prints the URL and
// runs until Ctrl-C. Options: --port N (default 8080 or $PORT), --workspace DIR, --state DIR
// (code-server's user data and extensions; default .tools/start).
// The extension is installed by linking this checkout into code-server's extensions folder, so
// a rebuild (`npm run watch` in another terminal) plus "Developer: Reload Window" picks up changes.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { startCodeServer, freePort, root } = require('./vscode-host');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function portFree(port) {
  const net = require('net');
  return new Promise((resolve) => {
    const s = net.createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function main() {
  if (!fs.existsSync(path.join(root, 'node_modules', '.bin', 'esbuild'))) {
    if (spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(2);
  }
  if (spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);

  const state = path.resolve(arg('--state', path.join(root, '.tools', 'start')));
  const extensionsDir = path.join(state, 'extensions');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  fs.mkdirSync(extensionsDir, { recursive: true });
  for (const e of fs.readdirSync(extensionsDir)) if (e.startsWith(`${pkg.publisher}.${pkg.name}-`)) fs.rmSync(path.join(extensionsDir, e), { recursive: true, force: true });
  fs.symlinkSync(root, path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`));

  let port = Number(arg('--port', process.env.PORT || 8080));
  if (!(await portFree(port))) port = await freePort();
  const workspace = path.resolve(arg('--workspace', path.join(root, 'examples')));
  console.log('Starting code-server (VS Code 1.100.3) with Stevedore...');
  const server = await startCodeServer({ workspace, port, extensionsDir, userDataDir: path.join(state, 'user-data'), logFile: path.join(state, 'code-server.log') });
  console.log(`\nStevedore is running in VS Code at:\n\n  ${server.url}/?folder=${encodeURIComponent(workspace)}\n`);
  console.log(`Workspace: ${workspace}\nLog: ${server.logFile}\nPress Ctrl-C to stop.`);
  const stop = async () => { await server.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.child.on('exit', (code) => { console.error(`code-server exited (${code}); see ${server.logFile}`); process.exit(1); });
}

main().catch((e) => {
  console.error(`npm start: ${e.message}`);
  process.exit(1);
});
