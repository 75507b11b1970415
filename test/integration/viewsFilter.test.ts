import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import type { ContainerNode, ContainersTreeProvider } from '../../client/src/ui/tree/containers';
import type { ImagesTreeProvider, RepositoryNode } from '../../client/src/ui/tree/images';
import { makeBusyboxImage } from '../support/images';
import { api } from './helpers';

async function repositories(tree: ImagesTreeProvider): Promise<string[]> {
  return ((await tree.getChildren()) as RepositoryNode[]).map((r) => r.name);
}

describe('filters of the Images and Containers views', function () {
  this.timeout(60_000);

  after(async () => {
    await vscode.commands.executeCommand('stevedore.images.clearFilter');
    await vscode.commands.executeCommand('stevedore.containers.clearFilter');
    await vscode.commands.executeCommand('stevedore.images.toggleDangling', false);
  });

  it('Filter Images keeps the matching tags (repository, tag or ID); the view says so; Clear shows all again', async () => {
    const { engineHost, trees } = await api();
    const engine = await engineHost.get();
    await makeBusyboxImage(engine.location, 'filt/alpha:1', { files: { 'a.txt': 'alpha' } });
    const beta = await makeBusyboxImage(engine.location, 'filt/beta:2', { files: { 'b.txt': 'beta' } });
    const tree = trees['stevedore.images'] as ImagesTreeProvider;
    const all = await repositories(tree);
    assert.ok(all.includes('filt/alpha') && all.includes('filt/beta'));

    assert.equal(await vscode.commands.executeCommand('stevedore.images.filter', 'ALPHA'), 'ALPHA');
    assert.deepEqual(await repositories(tree), ['filt/alpha']);
    assert.equal(tree.view!.description, 'filter: ALPHA');

    await vscode.commands.executeCommand('stevedore.images.filter', 'filt/beta:2');
    assert.deepEqual(await repositories(tree), ['filt/beta']);
    await vscode.commands.executeCommand('stevedore.images.filter', beta.id.replace(/^sha256:/, '').slice(0, 12));
    assert.deepEqual(await repositories(tree), ['filt/beta'], 'a short image ID matches');

    await vscode.commands.executeCommand('stevedore.images.filter', 'no-such-image-anywhere');
    assert.deepEqual(await tree.getChildren(), []);
    assert.match(tree.view!.message ?? '', /No images match "no-such-image-anywhere"/);

    assert.equal(await vscode.commands.executeCommand('stevedore.images.clearFilter'), '');
    assert.deepEqual(await repositories(tree), all);
    assert.equal(tree.view!.description, undefined);
    assert.equal(tree.view!.message, undefined);
  });

  it('Show Dangling Images toggles the untagged images (with the filter too)', async () => {
    const { engineHost, trees } = await api();
    const engine = await engineHost.get();
    const dangling = await makeBusyboxImage(engine.location, undefined, { files: { 'dangling.txt': 'no tag' } });
    const tree = trees['stevedore.images'] as ImagesTreeProvider;
    await vscode.commands.executeCommand('stevedore.images.toggleDangling', false);
    assert.ok(!(await repositories(tree)).includes('<none>'));
    assert.equal(await vscode.commands.executeCommand('stevedore.images.toggleDangling'), true);
    const none = ((await tree.getChildren()) as RepositoryNode[]).find((r) => r.name === '<none>');
    assert.ok(none, 'the <none> group shows');
    assert.ok(none.images.some((i) => i.image.id === dangling.id));
    assert.equal(tree.view!.description, 'dangling shown');
    await vscode.commands.executeCommand('stevedore.images.filter', dangling.id.replace(/^sha256:/, '').slice(0, 16));
    assert.deepEqual(await repositories(tree), ['<none>']);
    assert.equal(tree.view!.description, `filter: ${dangling.id.replace(/^sha256:/, '').slice(0, 16)} · dangling shown`);
    await vscode.commands.executeCommand('stevedore.images.clearFilter');
    assert.equal(await vscode.commands.executeCommand('stevedore.images.toggleDangling'), false);
    assert.ok(!(await repositories(tree)).includes('<none>'));
  });

  it('Filter Containers keeps the matching containers (name, image, state); Clear shows all again', async function () {
    const { engineHost, trees } = await api();
    const engine = await engineHost.get();
    if (!(await engine.capabilities()).containers.supported) this.skip();
    const e = await engineHost.get();
    await makeBusyboxImage(engine.location, 'filt/ctr:1');
    const one = (await e.containers.create({ image: 'filt/ctr:1', name: 'filter-one', cmd: ['true'] })).Id;
    const two = (await e.containers.create({ image: 'filt/ctr:1', name: 'filter-two', cmd: ['true'] })).Id;
    try {
      const tree = trees['stevedore.containers'] as ContainersTreeProvider;
      const names = async () => ((await tree.getChildren()) as ContainerNode[]).map((n) => n.name).sort();
      const all = await names();
      assert.ok(all.includes('filter-one') && all.includes('filter-two'));

      await vscode.commands.executeCommand('stevedore.containers.filter', 'filter-one');
      assert.deepEqual(await names(), ['filter-one']);
      assert.equal(tree.view!.description, 'filter: filter-one');
      await vscode.commands.executeCommand('stevedore.containers.filter', 'filt/ctr');
      assert.deepEqual(await names(), ['filter-one', 'filter-two']);
      await vscode.commands.executeCommand('stevedore.containers.filter', two.slice(0, 12));
      assert.deepEqual(await names(), ['filter-two']);
      await vscode.commands.executeCommand('stevedore.containers.filter', 'zzz-nothing');
      assert.deepEqual(await names(), []);
      assert.match(tree.view!.message ?? '', /No containers match "zzz-nothing"/);

      await vscode.commands.executeCommand('stevedore.containers.clearFilter');
      assert.deepEqual(await names(), all);
      assert.equal(tree.view!.description, undefined);
      assert.equal(tree.view!.message, undefined);
    } finally {
      await e.containers.remove(one, { force: true }).catch(() => undefined);
      await e.containers.remove(two, { force: true }).catch(() => undefined);
    }
  });
});
