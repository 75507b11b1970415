import * as assert from 'assert/strict';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ImagesTreeProvider } from '../../client/src/ui/tree/images';
import { INSPECT_SCHEME } from '../../client/src/ui/inspect';
import { makeBusyboxImage } from '../support/images';
import { makeLayeredImage } from '../support/layers';
import { Registry, startRegistry } from '../support/registry';
import { api, imageNode, imagesTree, nextChange } from './helpers';

describe('image actions from the Images view', function () {
  this.timeout(120_000);
  let registry: Registry;
  let scratch: string;

  before(async () => {
    registry = await startRegistry();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-it-images-'));
    const engine = await (await api()).engineHost.get();
    await makeBusyboxImage(engine.location, 'actions/app:1.0', { files: { 'etc/app.conf': 'x=1\n' } });
  });
  after(async () => {
    await registry?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('Tag adds a reference the engine resolves to the same image', async () => {
    const node = await imageNode('actions/app', '1.0');
    const target = `${registry.host}/actions/app:1.0`;
    assert.equal(await vscode.commands.executeCommand('stevedore.images.tag', node, target), target);
    const engine = await (await api()).engineHost.get();
    assert.equal((await engine.images.inspect(target)).Id, node.image.id);
  });

  it('Push sends the image to the registry (its tags list shows it)', async () => {
    const node = await imageNode(`${registry.host}/actions/app`, '1.0');
    const results = await vscode.commands.executeCommand<unknown[]>('stevedore.images.push', node);
    assert.ok(results && results.length === 1);
    const engine = await (await api()).engineHost.get();
    assert.deepEqual(await engine.tags(`${registry.host}/actions/app`), ['1.0']);
  });

  it('Inspect opens the image\'s read-only JSON; Copy ID and Copy Full Tag put them on the clipboard; Refresh reloads the view', async () => {
    const node = await imageNode('actions/app', '1.0');
    await vscode.commands.executeCommand('stevedore.images.inspect', node);
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.uri.scheme, INSPECT_SCHEME);
    assert.equal(doc?.languageId, 'json');
    const [json] = JSON.parse(doc!.getText()) as Array<{ Id: string; RepoTags: string[] }>;
    assert.equal(json.Id, node.image.id);
    assert.ok(json.RepoTags.includes('actions/app:1.0'), JSON.stringify(json.RepoTags));
    await vscode.commands.executeCommand('stevedore.images.copyId', node);
    assert.equal(await vscode.env.clipboard.readText(), node.image.id);
    await vscode.commands.executeCommand('stevedore.images.copyFullTag', node);
    assert.equal(await vscode.env.clipboard.readText(), node.fullTag);
    const refreshed = nextChange(await imagesTree(), 'Refresh');
    await vscode.commands.executeCommand('stevedore.images.refresh');
    await refreshed;
  });

  it('Pull shows its progress (percent of the bytes) and Cancel stops it: nothing is stored', async () => {
    const engine = await (await api()).engineHost.get();
    const ref = `${registry.host}/actions/big:1`;
    // An image large enough that the pull is still running at its first progress report.
    await makeBusyboxImage(engine.location, ref, { files: { 'big.bin': crypto.randomBytes(24 << 20).toString('base64') } });
    await engine.images.push(ref);
    await engine.images.remove(ref);
    // The notification's Cancel button is the workbench's: here the progress API is stood in for,
    // reporting to the test and cancelling at the first report, through the same token.
    const reports: Array<{ message?: string; increment?: number }> = [];
    const cancel = new vscode.CancellationTokenSource();
    const withProgress = vscode.window.withProgress;
    let options: vscode.ProgressOptions | undefined;
    (vscode.window as { withProgress: unknown }).withProgress = (o: vscode.ProgressOptions, task: (p: vscode.Progress<{ message?: string; increment?: number }>, t: vscode.CancellationToken) => Thenable<unknown>) => {
      options = o;
      return task({ report: (v) => { reports.push(v); cancel.cancel(); } }, cancel.token);
    };
    try {
      const result = await vscode.commands.executeCommand('stevedore.images.pull', ref);
      assert.equal(result, undefined, 'a cancelled pull returns nothing');
    } finally {
      (vscode.window as { withProgress: unknown }).withProgress = withProgress;
    }
    assert.equal(options?.location, vscode.ProgressLocation.Notification);
    assert.equal(options?.cancellable, true);
    assert.match(String(options?.title), /^Pulling .*actions\/big:1/);
    assert.ok(reports.length >= 1, 'progress was reported');
    assert.match(reports[0].message ?? '', /^\d+% of [\d.]+\s?(kB|MB)$/);
    assert.ok((reports[0].increment ?? 0) > 0 && (reports[0].increment ?? 0) < 100, JSON.stringify(reports[0]));
    await assert.rejects(engine.images.inspect(ref), /No such image|not found/i);
    const log = await vscode.commands.executeCommand<string[]>('stevedore.showLog');
    assert.ok(log?.some((l) => l.includes(`pull of ${ref} cancelled`)), log?.slice(-5).join('\n'));
  });

  it('History opens a document listing each layer', async () => {
    const rows = await vscode.commands.executeCommand<Array<{ createdBy: string }>>('stevedore.images.history', await imageNode('actions/app', '1.0'));
    assert.ok(rows && rows.length >= 1);
    const text = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(text, /^IMAGE\s+CREATED\s+SIZE\s+CREATED BY/);
    assert.ok(text.includes(rows[0].createdBy));
  });

  it('Save writes a docker-loadable archive; Remove then Load brings the same image back', async () => {
    const node = await imageNode('actions/app', '1.0');
    const file = path.join(scratch, 'app.tar');
    assert.equal(await vscode.commands.executeCommand('stevedore.images.save', node, vscode.Uri.file(file)), file);
    assert.ok(fs.statSync(file).size > 100_000);
    const engine = await (await api()).engineHost.get();
    await engine.images.remove(`${registry.host}/actions/app:1.0`);
    await vscode.commands.executeCommand('stevedore.images.remove', node, true);
    await assert.rejects(engine.images.inspect('actions/app:1.0'), /No such image|not found/i);
    await vscode.commands.executeCommand('stevedore.images.load', vscode.Uri.file(file));
    assert.equal((await engine.images.inspect('actions/app:1.0')).Id, node.image.id);
  });

  it('expanding an image shows its layers with wasted bytes, and a layer its files (the layer explorer)', async () => {
    const engine = await (await api()).engineHost.get();
    await makeLayeredImage(engine.location, 'explorer/app:1', [
      { createdBy: 'COPY big.tar /tmp/', entries: [{ name: 'tmp/' }, { name: 'tmp/big.tar', data: 'x'.repeat(50_000) }, { name: 'app' }, { name: 'app/main', data: 'm'.repeat(1000) }] },
      { createdBy: 'RUN rm /tmp/big.tar', entries: [{ name: 'tmp/' }, { name: 'tmp/.wh.big.tar' }] },
    ]);
    const tree = (await api()).trees['stevedore.images'] as ImagesTreeProvider;
    const node = await imageNode('explorer/app', '1');
    const layers = await tree.getChildren(node);
    assert.deepEqual(layers.map((l) => (l.kind === 'layer' ? l.layer.createdBy : '')), ['COPY big.tar /tmp/', 'RUN rm /tmp/big.tar']);
    const first = tree.getTreeItem(layers[0]);
    assert.match(String(first.description), /50(\.0)?kB wasted/);
    const files = await tree.getChildren(layers[0]);
    const big = files.find((f) => f.kind === 'layerFile' && f.file.path === 'tmp/big.tar');
    assert.ok(big && big.kind === 'layerFile');
    assert.deepEqual(big.file.wasted, { reason: 'deleted', byLayer: 1 });
    assert.match(String(tree.getTreeItem(big).description), /wasted: deleted in layer 1/);
  });

  it('Prune removes dangling images only', async () => {
    const engine = await (await api()).engineHost.get();
    const old = await makeBusyboxImage(engine.location, 'actions/dangling:1', { files: { 'tmp/x': 'dangling' } });
    await engine.images.tag('actions/app:1.0', 'actions/dangling:1'); // the old image loses its only tag
    const tagged = (await engine.images.list()).filter((i) => i.repoTags.length > 0).map((i) => i.id);
    const r = await vscode.commands.executeCommand<{ deleted: string[] }>('stevedore.images.prune', false, true);
    assert.ok(r?.deleted.includes(old.id), JSON.stringify(r));
    for (const id of tagged) assert.ok(!r!.deleted.includes(id), `tagged image ${id} kept`);
    assert.equal((await engine.images.list({ filters: { dangling: ['true'] } })).length, 0);
    assert.ok(await engine.images.inspect('actions/app:1.0'));
  });
});
