// Starts a real VS Code (code-server 4.100.3) with Stevedore under development, and opens it in
// headless Chromium. Used by `npm start`, the integration level (tests inside the extension host)
// and the e2e level (clicking through the workbench). Plain JS so the runner needs no build.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { ensureCodeServer } = require('./code-server');

const root = path.resolve(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Flags that keep Chromium off the (closed) network and quiet in a sandbox as root. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, child, timeoutMs, logFile) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer at ${url} within ${timeoutMs} ms; see ${logFile}`);
}

/**
 * Starts code-server on 127.0.0.1 with a fresh user-data dir (trust prompts and the welcome page
 * off) and returns its URL, the workbench URL for `workspace`, and stop().
 * `env` reaches the extension host (it is forked from the server process).
 */
async function startCodeServer({ workspace, port, env = {}, settings = {}, extensionsDir, userDataDir, logFile } = {}) {
  const entry = ensureCodeServer();
  port = port || (await freePort());
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-vscode-'));
  userDataDir = userDataDir || path.join(base, 'user-data');
  extensionsDir = extensionsDir || path.join(base, 'extensions');
  logFile = logFile || path.join(base, 'code-server.log');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    ...settings,
  }, null, 2));
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', ...(workspace ? [workspace] : [])],
  { stdio: ['ignore', log, log], env: { ...process.env, ...env }, detached: true });
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
    await new Promise((r) => { const t = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } r(); }, 3000); child.once('exit', () => { clearTimeout(t); r(); }); });
  };
  try {
    await waitForHttp(`${url}/healthz`, child, 60_000, logFile);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, port, child, userDataDir, extensionsDir, logFile, base, stop };
}

/** The workbench URL that loads the extension at `extensionPath` (and optionally runs tests). */
function workbenchUrl(server, { folder, extensionPath = root, testsPath } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extensionPath)]];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  const q = new URLSearchParams();
  if (folder) q.set('folder', folder);
  q.set('payload', JSON.stringify(payload));
  return `${server.url}/?${q.toString()}`;
}

/** Headless Debian Chromium driven by playwright-core (never a downloaded browser). */
async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const { chromium } = require(require.resolve('playwright-core', { paths: [root] }));
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

module.exports = { startCodeServer, workbenchUrl, launchBrowser, freePort, root };
