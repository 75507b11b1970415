import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { unmountUnder } from '../support/containers';
import { makeBusyboxImage } from '../support/images';
import { REPO, Workbench } from '../support/workbench';

const CLI = path.join(REPO, 'dist', 'cli.js');

function cli(root: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, '--data-root', root, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The rows of one Stevedore view (by its title) in the side bar. */
const rowsOf = (view: string) => `.pane:has(.pane-header[aria-label*="${view}"]) .monaco-list-row`;

describe('the workbench in a browser', function () {
  this.timeout(180_000);
  let wb: Workbench | undefined;
  let dataRoot: string;

  before(async () => {
    dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-e2e-root-'));
    await makeBusyboxImage(dataRoot, 'busybox:latest');
    const r = cli(dataRoot, ['run', '-d', '--name', 'e2e-sleeper', 'busybox', 'sleep', '600']);
    assert.equal(r.status, 0, r.stderr);
  });
  afterEach(async () => {
    await wb?.close();
    wb = undefined;
  });
  after(() => {
    const ids = cli(dataRoot, ['ps', '-a', '-q', '--no-trunc']).stdout.split('\n').filter(Boolean);
    if (ids.length) cli(dataRoot, ['rm', '-f', ...ids]);
    unmountUnder(dataRoot);
    fs.rmSync(dataRoot, { recursive: true, force: true });
  });

  it('shows the Stevedore item in the activity bar, its four views, and the running containers (one started while watching)', async () => {
    wb = await Workbench.open({ dataRoot });
    await wb.openStevedore();
    const titles = (await wb.viewTitles()).map((t) => t.toUpperCase());
    for (const view of ['IMAGES', 'CONTAINERS', 'REGISTRIES', 'VOLUMES']) assert.ok(titles.includes(view), `view ${view} in ${JSON.stringify(titles)}`);
    // Containers run here: the Containers view lists them instead of a "cannot run" message.
    await wb.page.locator(rowsOf('Containers'), { hasText: /e2e-sleeper · Up / }).first().waitFor({ timeout: 30_000 });
    assert.equal(await wb.page.locator('text=Containers cannot run here').count(), 0);
    assert.equal(await wb.page.locator('text=There is no data provider').count(), 0);
    // A container the CLI starts now (another process) appears without a refresh.
    const r = cli(dataRoot, ['run', '-d', '--name', 'e2e-latecomer', '-v', 'e2e-data:/data', 'busybox', 'sleep', '600']);
    assert.equal(r.status, 0, r.stderr);
    await wb.page.locator(rowsOf('Containers'), { hasText: /e2e-latecomer · Up / }).first().waitFor({ timeout: 30_000 });
    await wb.page.locator(rowsOf('Volumes'), { hasText: 'e2e-data' }).first().waitFor({ timeout: 30_000 });
    const shot = await wb.screenshot('stevedore-views');
    assert.ok(fs.statSync(shot).size > 10_000, 'the screenshot has content');
  });

  it('where containers cannot run, the Containers view says why (the engine\'s reason)', async () => {
    // An OCI runtime that does not exist stands for a host without one.
    wb = await Workbench.open({ dataRoot, env: { STEVEDORE_RUNTIME: '/nonexistent/runc' } });
    await wb.openStevedore();
    await wb.page.waitForSelector('text=Containers cannot run here', { timeout: 30_000 });
    await wb.page.getByText('/nonexistent/runc').first().waitFor({ timeout: 5_000 });
    assert.equal(await wb.page.locator('text=There is no data provider').count(), 0);
    assert.equal(await wb.page.locator(rowsOf('Containers'), { hasText: 'e2e-sleeper' }).count(), 0);
    await wb.screenshot('stevedore-containers-unsupported');
  });
});
