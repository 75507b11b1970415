import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../client/src/extension';
import type { ImageTagNode, ImagesTreeProvider, RepositoryNode } from '../../client/src/ui/tree/images';
import { makeBusyboxImage } from '../support/images';
import { makeLayeredImage } from '../support/layers';
import { Registry, startRegistry } from '../support/registry';

const api = (): Thenable<StevedoreApi> => vscode.extensions.getExtension('stevedore.stevedore')!.activate();

/** The Images tree's node for `repository:tag`, as the user would right-click it. */
async function imageNode(repository: string, tag: string): Promise<ImageTagNode> {
  const tree = (await api()).trees['stevedore.images'] as ImagesTreeProvider;
  const repo = (await tree.getChildren()).find((n) => n.kind === 'repository' && n.name === repository) as RepositoryNode | undefined;
  assert.ok(repo, `${repository} is in the Images tree`);
  const node = (await tree.getChildren(repo)).find((n) => n.kind === 'image' && n.tag === tag) as ImageTagNode | undefined;
  assert.ok(node, `${repository}:${tag} is in the Images tree`);
  return node;
}

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
