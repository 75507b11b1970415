import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { canRunContainers, cli, tempRoot } from '../support/containers';
import { makeBusyboxImage } from '../support/images';
import { Registry, startRegistry } from '../support/registry';
import { Workbench } from '../support/workbench';
import { answerInputBox, contextMenu, expand, problemRows, rowParts, rowsParts, runFromPalette, viewRow, widenSideBar, viewRowByLabel, viewRows } from '../support/workbenchActions';

/** `1.23MB`, `512B`, `5kB` — a size as the views print it (Docker's units). */
const SIZE = /\d+(\.\d+)?\s?(B|kB|MB|GB)\b/;

/**
 * The issue 7 flows, clicked through the real workbench (code-server) in headless Chromium
 * with the embedded engine on a temp data root: pull from a real local registry through the
 * palette, run the image from its context menu, a layer-cache problem in the Problems panel,
 * and the layer explorer. Every check reads what the DOM shows; each step leaves a
 * screenshot in test-output/e2e/flows-*.png.
 */
describe('the issue 7 flows in the workbench', function () {
  this.timeout(240_000);
  let registry: Registry;
  let data: { root: string; cleanup(): void };
  let seed: { root: string; cleanup(): void };
  let wb: Workbench;
  let repo: string;
  const TAG = '1.0';

  before(async function () {
    registry = await startRegistry();
    // The image lives in the registry only: the CLI builds it on its own data root (busybox plus
    // a COPY and a RUN layer, so the layer explorer has several layers) and pushes it there.
    seed = tempRoot('stevedore-e2e-seed-');
    await makeBusyboxImage(seed.root, 'busybox:latest');
    repo = `${registry.host}/e2e/app`;
    const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-e2e-ctx-'));
    try {
      fs.writeFileSync(path.join(ctx, 'greeting.txt'), 'hello from the e2e flows\n'.repeat(200));
      const steps = ['FROM busybox:latest', 'COPY greeting.txt /srv/greeting.txt'];
      if (canRunContainers()) steps.push('RUN mkdir -p /srv/data && seq 1 5000 > /srv/data/numbers.txt');
      steps.push('CMD ["sh"]');
      fs.writeFileSync(path.join(ctx, 'Dockerfile'), steps.join('\n') + '\n');
      const b = cli(seed.root, ['build', '-q', '-t', `${repo}:${TAG}`, ctx], { timeout: 120_000 });
      assert.equal(b.status, 0, b.stderr);
    } finally {
      fs.rmSync(ctx, { recursive: true, force: true });
    }
    const p = cli(seed.root, ['push', '-q', `${repo}:${TAG}`]);
    assert.equal(p.status, 0, p.stderr);

    data = tempRoot('stevedore-e2e-flows-');
    wb = await Workbench.open({ dataRoot: data.root });
    await wb.openStevedore();
    await widenSideBar(wb.page, 640);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.screenshot(`flows-failed-${this.currentTest.title.slice(1, 2)}`).catch(() => undefined);
  });

  after(async () => {
    await wb?.close();
    data?.cleanup();
    seed?.cleanup();
    await registry?.stop();
  });

  it('(a) Pull Image from the palette: the pulled image appears in the Images tree', async () => {
    const { page } = wb;
    assert.equal(await viewRow(page, 'Images', repo).count(), 0, 'the image is not local before the pull');
    await runFromPalette(page, 'Stevedore Images: Pull Image');
    await answerInputBox(page, 'Pull Image', `${repo}:${TAG}`);
    const repoRow = viewRow(page, 'Images', repo);
    await repoRow.waitFor({ timeout: 60_000 });
    await expand(repoRow);
    const tagRow = viewRowByLabel(page, 'Images', TAG);
    await tagRow.waitFor({ timeout: 15_000 });
    const { description } = await rowParts(tagRow);
    assert.match(description, SIZE, `the tag row shows the image's size: ${description}`);
    await wb.screenshot('flows-1-pulled');
  });

  it('(b) Run… from the image\'s context menu: the container appears running in the Containers tree', async function () {
    if (!canRunContainers()) this.skip();
    const { page } = wb;
    const tagRow = viewRowByLabel(page, 'Images', TAG);
    await contextMenu(page, tagRow, 'Run...');
    await answerInputBox(page, /^Run .*\(detached\)/, 'sleep 300');
    const running = viewRow(page, 'Containers', new RegExp(`${repo.replace(/[.]/g, '\\.')}:${TAG.replace('.', '\\.')}.*· Up `));
    await running.waitFor({ timeout: 60_000 });
    const { label, description } = await rowParts(running);
    assert.equal(label, `${repo}:${TAG}`);
    assert.match(description, / · Up /, description);
    // Cross-check with the engine (another process, the CLI): one running container of that image.
    const ps = cli(data.root, ['ps', '--format', '{{.Image}} {{.Command}} {{.Status}}']);
    assert.equal(ps.status, 0, ps.stderr);
    assert.match(ps.stdout, new RegExp(`${repo}:${TAG} .*sleep 300.* Up`));
    await wb.screenshot('flows-2-running');
  });

  it('(c) a Dockerfile with a layer-cache problem: the Problems panel lists it', async () => {
    const { page } = wb;
    const dir = path.join(wb.workspace, 'flows');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'Dockerfile'), ['FROM debian:bookworm-slim', 'RUN apt-get update && apt-get install -y curl', 'CMD ["curl", "--version"]', ''].join('\n'));
    await runFromPalette(page, 'Go to File');
    const quick = page.locator('.quick-input-widget .quick-input-box input');
    await quick.fill('flows/Dockerfile');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Dockerfile' }).first().waitFor({ timeout: 15_000 });
    await quick.press('Enter');
    await page.locator('.editor-instance .view-lines', { hasText: 'apt-get install -y curl' }).first().waitFor({ timeout: 15_000 });
    await runFromPalette(page, 'View: Focus Problems');
    await page.locator('.markers-panel').first().waitFor({ timeout: 15_000 });
    const marker = page.locator('.markers-panel .monaco-list-row', { hasText: 'layer-cache' }).first();
    await marker.waitFor({ timeout: 60_000 });
    const rows = await problemRows(page);
    const row = rows.find((r) => r.includes('layer-cache'))!;
    assert.match(row, /apt/i, `the problem names the package manager: ${row}`);
    assert.match(row, /Ln 2\b/, `on the RUN line: ${row}`);
    assert.ok(rows.some((r) => r.includes('Dockerfile')), `the file row: ${JSON.stringify(rows)}`);
    await wb.screenshot('flows-3-problems');
  });

  it('(d) expanding the image in the Images tree shows its layers, each with its size', async () => {
    const { page } = wb;
    // The side bar still shows Stevedore (the Problems panel is below the editor); clicking its
    // activity-bar item again would hide it.
    if (!(await page.locator('.pane-header[aria-label*="Images"]').isVisible())) await wb.openStevedore();
    const tagRow = viewRowByLabel(page, 'Images', TAG);
    await tagRow.waitFor({ timeout: 15_000 });
    await expand(tagRow);
    const level = Number(await tagRow.getAttribute('aria-level'));
    const layers = viewRows(page, 'Images').and(page.locator(`[aria-level="${level + 1}"]`));
    await layers.first().waitFor({ timeout: 60_000 });
    const rows = await rowsParts(layers);
    const expected = canRunContainers() ? 3 : 2;
    assert.equal(rows.length, expected, `one row per layer: ${JSON.stringify(rows)}`);
    for (const r of rows) assert.match(r.description, new RegExp(`^${SIZE.source}`), `a layer row with its size: ${JSON.stringify(r)}`);
    assert.ok(rows.some((r) => r.label.includes('busybox')), `the base layer: ${JSON.stringify(rows)}`);
    assert.ok(rows.some((r) => r.label.includes('COPY greeting.txt')), `the COPY layer: ${JSON.stringify(rows)}`);
    if (canRunContainers()) assert.ok(rows.some((r) => r.label.includes('numbers.txt')), `the RUN layer: ${JSON.stringify(rows)}`);
    await wb.screenshot('flows-4-layers');
  });
});
