import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { openRegistryService } from '../../client/src/engine/registry/index';
import { RegistryClient } from '../../client/src/engine/registry/client';
import type { SearchItem } from '../../client/src/ui/commands/images/search';
import { MirrorNode, RegistryNode } from '../../client/src/ui/tree/registries';
import { startHubSearchStandIn } from '../support/hubsearch';
import { makeBusyboxImage } from '../support/images';
import { makeRawImage, pushRawImage, Registry, startRegistry } from '../support/registry';
import { api, findImageNode, registriesTree, settings, until } from './helpers';

describe('registry mirrors in the Registries view, and the Search Images quick pick (real registry)', function () {
  this.timeout(120_000);
  let mirror: Registry;
  let registry: Registry;
  let seed: string;

  before(async () => {
    [mirror, registry] = await Promise.all([startRegistry(), startRegistry()]);
    // The mirror holds a copy of Docker Hub's busybox (Hub itself is not reachable here).
    seed = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-int-seed-'));
    await makeBusyboxImage(seed, `${mirror.host}/library/busybox:latest`);
    await openRegistryService(seed, { env: {} }).push(`${mirror.host}/library/busybox:latest`);
    const img = makeRawImage([3_000], { seed: 'searchme' });
    const c = new RegistryClient(registry.host);
    await pushRawImage(c, 'team/searchme', img, 'v1');
    await pushRawImage(c, 'team/searchme', img, 'v2');
    await pushRawImage(c, 'team/other', img, 'v1');
  });
  after(async () => {
    await settings().update('registries.mirrors', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('registries.list', undefined, vscode.ConfigurationTarget.Global);
    const engine = await (await api()).engineHost.get();
    for (const ref of ['busybox:latest', `${registry.host}/team/searchme:v2`]) await engine.images.remove(ref).catch(() => undefined);
    await Promise.all([mirror?.stop(), registry?.stop()]);
    fs.rmSync(seed, { recursive: true, force: true });
  });

  const hubMirrors = async (): Promise<string[]> => {
    const tree = await registriesTree();
    const hub = (await tree.getChildren()).find((n) => n.kind === 'registry' && n.host === 'docker.io') as RegistryNode;
    return (await tree.getChildren(hub)).filter((n): n is MirrorNode => n.kind === 'mirror').map((n) => n.url);
  };

  it('shows a mirror from stevedore.registries.mirrors under Docker Hub, adds one with Add Mirror, and pulls busybox through it', async () => {
    await settings().update('registries.mirrors', [`http://${mirror.host}`], vscode.ConfigurationTarget.Global);
    await until('the mirror under Docker Hub', async () => ((await hubMirrors()).includes(`http://${mirror.host}`) ? true : undefined));
    const tree = await registriesTree();
    const hub = (await tree.getChildren()).find((n) => n.kind === 'registry' && n.host === 'docker.io')!;
    const node = (await tree.getChildren(hub)).find((n) => n.kind === 'mirror')!;
    const item = tree.getTreeItem(node);
    assert.equal(item.label, `http://${mirror.host}`);
    assert.equal(item.description, 'mirror');
    assert.equal(item.contextValue, 'mirror');

    const added = await vscode.commands.executeCommand<string>('stevedore.registries.addMirror', 'https://second-mirror.invalid');
    assert.equal(added, 'https://second-mirror.invalid');
    assert.deepEqual(settings().get('registries.mirrors'), [`http://${mirror.host}`, 'https://second-mirror.invalid']);
    await until('both mirrors, in order', async () => {
      const m = await hubMirrors();
      return m.length === 2 && m[0] === `http://${mirror.host}` && m[1] === 'https://second-mirror.invalid' ? true : undefined;
    });
    // The engine behind the views pulls a Docker Hub name through the first mirror.
    const results = await vscode.commands.executeCommand<Array<{ reference: string; source?: string }>>('stevedore.images.pull', 'busybox');
    assert.ok(results?.length === 1, 'the pull succeeded');
    assert.equal(results[0].source, `http://${mirror.host}`);
    assert.ok(await until('busybox in the Images view', () => findImageNode('busybox', 'latest')));

    await vscode.commands.executeCommand('stevedore.registries.removeMirror', 'https://second-mirror.invalid');
    await until('one mirror left', async () => ((await hubMirrors()).length === 1 ? true : undefined));
  });

  it('Search... on a registry finds a pushed repository as the user types; choosing it and a tag pulls it into the Images view', async () => {
    const { search } = await api();
    await vscode.commands.executeCommand('stevedore.registries.add', registry.host, true);
    const done = vscode.commands.executeCommand<Array<{ reference: string }> | undefined>('stevedore.registries.search', registry.host);
    const qp = await until('the search quick pick', () => (search.stage === 'search' ? search.current : undefined));
    assert.equal(qp.title, `Search ${registry.host}`);
    qp.value = 'searchm'; // typed, as a user would: the pick asks the registry after a pause
    const hit = await until('the repository among the results', () => (qp.busy ? undefined : qp.items.find((i: SearchItem) => i.label === `${registry.host}/team/searchme`)));
    assert.ok(!qp.items.some((i) => i.label.includes('team/other')), 'only matching repositories');
    qp.activeItems = [hit];
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const tags = await until('the tag picker with the registry tags', () => (search.stage === 'tag' && search.current && !search.current.busy && search.current.items.length ? search.current : undefined));
    assert.deepEqual(tags.items.map((i) => i.label), ['v2', 'v1']);
    tags.activeItems = [tags.items[0]];
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const pulled = await done;
    assert.equal(pulled?.[0].reference, `${registry.host}/team/searchme:v2`);
    assert.ok(await until('the pulled image in the Images view', () => findImageNode(`${registry.host}/team/searchme`, 'v2')));
  });

  it('Search Images... asks Docker Hub\'s search API (a local STAND-IN, through stevedore.search.index) and marks official images', async () => {
    const hub = await startHubSearchStandIn();
    try {
      await settings().update('search.index', hub.url, vscode.ConfigurationTarget.Global);
      const { search, engineHost } = await api();
      await until('the engine reopened with the index setting', async () => ((await (await engineHost.get()).search('mysql', { limit: 1 }).catch(() => [])).length === 1 ? true : undefined));
      const done = vscode.commands.executeCommand('stevedore.images.search');
      const qp = await until('the search quick pick', () => (search.stage === 'search' ? search.current : undefined));
      assert.equal(qp.title, 'Search Images (Docker Hub)');
      qp.value = 'mysql';
      const items = await until('Hub results', () => (qp.busy || !qp.items.length ? undefined : qp.items));
      assert.deepEqual(items.slice(0, 3).map((i) => i.label), ['$(verified-filled) mysql', '$(verified-filled) mariadb', 'bitnami/mysql']);
      assert.match(items[0].description!, /15042 · Official/);
      assert.match(items[0].detail!, /MySQL is a widely used/);
      assert.equal(hub.queries.at(-1), 'mysql');
      qp.hide();
      assert.equal(await done, undefined);
    } finally {
      await settings().update('search.index', undefined, vscode.ConfigurationTarget.Global);
      await hub.close();
    }
  });

  it('a search that fails shows why in the pick instead of hanging (a registry that is not there)', async () => {
    const { search } = await api();
    const done = vscode.commands.executeCommand('stevedore.registries.search', '127.0.0.1:1', 'app');
    const qp = await until('the search quick pick', () => (search.stage === 'search' ? search.current : undefined));
    const row = await until('an error row', () => (qp.busy ? undefined : qp.items.find((i) => i.label.startsWith('$(error)'))), 40_000);
    assert.match(row.label, /127\.0\.0\.1:1/);
    qp.hide();
    assert.equal(await done, undefined);
  });
});
