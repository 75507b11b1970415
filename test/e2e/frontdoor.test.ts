import * as assert from 'assert/strict';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { launchBrowser, REPO, SCREENSHOTS, Workbench } from '../support/workbench';

const VIEWS = ['IMAGES', 'CONTAINERS', 'REGISTRIES', 'VOLUMES'];
const codeServerEntry = path.join(REPO, '.tools', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

describe('the front door: npm run package and npm start', function () {
  this.timeout(300_000);

  it('npm run package makes a .vsix that code-server installs, and the installed extension shows its views', async () => {
    const r = spawnSync('npm', ['run', 'package'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const vsix = path.join(REPO, 'dist', 'stevedore.vsix');
    assert.ok(fs.statSync(vsix).size > 50_000);
    const extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-vsix-'));
    try {
      const install = spawnSync(process.execPath, [codeServerEntry, '--user-data-dir', path.join(extensionsDir, '.user-data'), '--extensions-dir', extensionsDir, '--install-extension', vsix], { encoding: 'utf8' });
      assert.equal(install.status, 0, install.stdout + install.stderr);
      assert.match(install.stdout, /stevedore/i);
      const installed = fs.readdirSync(extensionsDir).find((d) => d.startsWith('stevedore.stevedore-'));
      assert.ok(installed, `installed into ${extensionsDir}: ${fs.readdirSync(extensionsDir).join(', ')}`);
      // Every bundle the build wrote ships: the .vsix once left out the container supervisor, the
      // CLI's bundle, the API server and the Docker backend, which the extension loads on demand.
      const bundles = fs.readdirSync(path.join(REPO, 'dist')).filter((f) => f.endsWith('.js'));
      for (const f of ['extension.js', 'engine.js', 'docker.js', 'daemon.js', 'shim.js', 'server.js', 'cli.js', 'cli-main.js']) assert.ok(bundles.includes(f), `the build writes dist/${f}`);
      for (const f of [...bundles.map((b) => `dist/${b}`), 'package.json']) assert.ok(fs.existsSync(path.join(extensionsDir, installed, f)), `${f} is in the .vsix`);
      // The installed CLI runs on its own (its launcher loads dist/cli-main.js beside it).
      const dataRoot = path.join(extensionsDir, '.data-root');
      const images = spawnSync(process.execPath, [path.join(extensionsDir, installed, 'dist', 'cli.js'), '--data-root', dataRoot, 'images'], { encoding: 'utf8' });
      assert.equal(images.status, 0, images.stdout + images.stderr);
      assert.match(images.stdout, /^REPOSITORY\s+TAG\s+IMAGE ID/);
      const wb = await Workbench.open({ extensionsDir });
      try {
        await wb.openStevedore();
        const titles = (await wb.viewTitles()).map((t) => t.toUpperCase());
        for (const v of VIEWS) assert.ok(titles.includes(v), `${v} in ${titles}`);
        await wb.screenshot('installed-vsix');
      } finally {
        await wb.close();
      }
    } finally {
      fs.rmSync(extensionsDir, { recursive: true, force: true });
    }
  });

  it('npm start serves VS Code with Stevedore on the examples workspace and prints the URL', async () => {
    const state = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-start-'));
    const child = spawn(process.execPath, [path.join(REPO, 'test', 'setup', 'start.js'), '--port', '0', '--state', state], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, STEVEDORE_ROOT: path.join(state, 'data-root') } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no URL printed within 120 s:\n${out}`)), 120_000);
        const check = () => {
          const m = /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(out);
          if (m) { clearTimeout(t); resolve(m[1]); }
        };
        child.stdout.on('data', check);
        child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
      });
      assert.ok(decodeURIComponent(url).endsWith(path.join(REPO, 'examples')), url);
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        await page.goto(url);
        await page.click('.activitybar [aria-label^="Stevedore"]', { timeout: 60_000 });
        await page.waitForSelector('.pane-header[aria-label*="Volumes"]', { timeout: 30_000 });
        const titles = (await page.$$eval('.sidebar .pane-header h3.title', (els) => els.map((e) => (e.textContent ?? '').trim().toUpperCase())));
        for (const v of VIEWS) assert.ok(titles.includes(v), `${v} in ${titles}`);
        fs.mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, 'npm-start.png') });
      } finally {
        await browser.close();
      }
    } finally {
      try { process.kill(-child.pid!, 'SIGINT'); } catch { /* gone */ }
      await new Promise((r) => setTimeout(r, 500));
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
      fs.rmSync(state, { recursive: true, force: true });
    }
  });
});
