import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ImageAnalysis } from '../../client/src/engine/layer/analyze';
import type { PullResult, RemoteManifest } from '../../client/src/engine/registry/api';
import type { SystemPruneResult } from '../../client/src/ui/commands/system';
import type { Engine } from '../../client/src/engine/engine';
import { ANALYSIS_SCHEME } from '../../client/src/ui/analysis';
import { INSPECT_SCHEME } from '../../client/src/ui/inspect';
import type { ImagesNode } from '../../client/src/ui/tree/images';
import type { RegistriesNode, RegistryNode, RepositoryNode as RegistryRepositoryNode, TagNode } from '../../client/src/ui/tree/registries';
import { makeBusyboxImage } from '../support/images';
import { makeLayeredImage } from '../support/layers';
import { Registry, startRegistry } from '../support/registry';
import { api, EXTENSION_ID, imageNode, imagesTree, nextChange, registriesTree, settings, tooltipOf, until } from './helpers';

describe('issue 7 remaining: analyze layers, image view settings, registry tag actions, system commands', function () {
  this.timeout(120_000);
  let scratch: string;

  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-it-remaining-'));
  });
  after(async () => {
    for (const k of ['images.groupBy', 'images.sortBy', 'images.description']) await settings().update(k, undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  describe('Analyze Layers', () => {
    it('opens a document with the per-layer table and the wasted file with its size and reason', async () => {
      const engine = await (await api()).engineHost.get();
      await makeLayeredImage(engine.location, 'analysis/app:1', [
        { createdBy: 'COPY big.tar /tmp/', entries: [{ name: 'tmp/' }, { name: 'tmp/big.tar', data: 'x'.repeat(50_000) }, { name: 'app' }, { name: 'app/main', data: 'm'.repeat(1000) }] },
        { createdBy: 'RUN rm /tmp/big.tar', entries: [{ name: 'tmp/' }, { name: 'tmp/.wh.big.tar' }] },
      ]);
      const node = await imageNode('analysis/app', '1');
      const analysis = await vscode.commands.executeCommand<ImageAnalysis>('stevedore.images.analyze', node);
      assert.ok(analysis, 'the command returns the analysis');
      assert.equal(analysis.wastedBytes, 50_000);
      const doc = vscode.window.activeTextEditor?.document;
      assert.equal(doc?.uri.scheme, ANALYSIS_SCHEME);
      const text = doc!.getText();
      assert.match(text, /^# Layer analysis of analysis\/app:1/);
      assert.match(text, /\| 0 \| 51(\.0)?kB \| 50(\.0)?kB \| \d+ \|  \| COPY big\.tar \/tmp\/ \|/, text);
      assert.match(text, /\| 1 \| 0B \| - \| \d+ \|  \| RUN rm \/tmp\/big\.tar \|/, text);
      assert.match(text, /\| \/tmp\/big\.tar \| 50(\.0)?kB \| 50000 \| 0 \| deleted by layer 1/, text);
      assert.ok(!text.includes('/app/main |'), 'files nothing wastes are not in the wasted list');
    });

    it('names the Dockerfile lines of a layer this engine built', async () => {
      const { engineHost } = await api();
      const engine = await engineHost.get();
      await makeBusyboxImage(engine.location, 'busybox:1.36');
      const dir = path.join(scratch, 'ctx');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'big.bin'), Buffer.alloc(30_000, 7));
      fs.writeFileSync(path.join(dir, 'small.bin'), 'small\n');
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM busybox:1.36\nCOPY big.bin /data/blob\nCOPY small.bin /data/blob\n');
      const built = await vscode.commands.executeCommand<{ id: string }>('stevedore.images.build', vscode.Uri.file(path.join(dir, 'Dockerfile')), 'analysis/built:1');
      assert.ok(built, 'the build succeeded');
      const analysis = await vscode.commands.executeCommand<ImageAnalysis>('stevedore.images.analyze', await imageNode('analysis/built', '1'));
      assert.equal(analysis?.layers.at(-2)?.instruction?.startLine, 1);
      const text = vscode.window.activeTextEditor!.document.getText();
      assert.match(text, /\[Dockerfile:2\]\(file:\/\/[^)]*#L2\) `COPY big\.bin \/data\/blob`/, text);
      assert.match(text, /\| \/data\/blob \| 30(\.0)?kB \| 30000 \| \d+ \| overwritten by layer \d+ \(\[Dockerfile:3\]/, text);
    });
  });

  describe('Images view settings', () => {
    before(async () => {
      const engine = await (await api()).engineHost.get();
      // Newest: zz:new, aa:mid, zz:old. By name: aa:mid, zz:new, zz:old. Largest: zz:old, aa:mid, zz:new.
      await makeBusyboxImage(engine.location, 'ordering/zz:old', { created: '2020-01-01T00:00:00Z', files: { 'z/old': 'z'.repeat(200_000) } });
      await makeBusyboxImage(engine.location, 'ordering/zz:new', { created: '2023-06-01T00:00:00Z', files: { 'z/new': 'z' } });
      await makeBusyboxImage(engine.location, 'ordering/aa:mid', { created: '2022-01-01T00:00:00Z', files: { 'a/mid': 'a'.repeat(100_000) } });
    });
    afterEach(async () => {
      for (const k of ['images.groupBy', 'images.sortBy', 'images.description']) await settings().update(k, undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('stevedore.images.clearFilter');
    });

    const labels = async (nodes: ImagesNode[]) => { const t = await imagesTree(); return nodes.map((n) => String(t.getTreeItem(n).label)); };

    it('sortBy orders the tags (created: newest first, name, size: largest first)', async () => {
      const tree = await imagesTree();
      await vscode.commands.executeCommand('stevedore.images.filter', 'ordering/zz');
      const zz = async () => labels(await tree.getChildren((await tree.getChildren()).find((n) => n.kind === 'repository' && n.name === 'ordering/zz')));
      assert.deepEqual(await zz(), ['new', 'old']);
      await settings().update('images.sortBy', 'size', vscode.ConfigurationTarget.Global);
      assert.deepEqual(await zz(), ['old', 'new']);
      await settings().update('images.sortBy', 'name', vscode.ConfigurationTarget.Global);
      assert.deepEqual(await zz(), ['new', 'old']);
      await settings().update('images.groupBy', 'none', vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('stevedore.images.filter', 'ordering/');
      assert.deepEqual(await labels(await tree.getChildren()), ['ordering/aa:mid', 'ordering/zz:new', 'ordering/zz:old']);
      await settings().update('images.sortBy', 'created', vscode.ConfigurationTarget.Global);
      assert.deepEqual(await labels(await tree.getChildren()), ['ordering/zz:new', 'ordering/aa:mid', 'ordering/zz:old']);
      await settings().update('images.sortBy', 'size', vscode.ConfigurationTarget.Global);
      assert.deepEqual(await labels(await tree.getChildren()), ['ordering/zz:old', 'ordering/aa:mid', 'ordering/zz:new']);
    });

    it('groupBy none lists repository:tag rows; repository groups them again', async () => {
      const tree = await imagesTree();
      await vscode.commands.executeCommand('stevedore.images.filter', 'ordering/');
      const changed = nextChange(tree, 'groupBy none');
      await settings().update('images.groupBy', 'none', vscode.ConfigurationTarget.Global);
      await changed; // the setting refreshes the view
      const flat = await tree.getChildren();
      assert.ok(flat.every((n) => n.kind === 'image'), 'no repository rows');
      assert.equal(flat.length, 3);
      await settings().update('images.groupBy', 'repository', vscode.ConfigurationTarget.Global);
      const grouped = await tree.getChildren();
      assert.deepEqual(grouped.map((n) => (n.kind === 'repository' ? n.name : n.kind)), ['ordering/aa', 'ordering/zz']);
    });

    it('description follows its template; the tooltip has ID, digest, created and size', async () => {
      const tree = await imagesTree();
      const node = await imageNode('ordering/aa', 'mid');
      assert.match(String(tree.getTreeItem(node).description), /^\d+ years ago · [\d.]+[kM]B$/);
      await settings().update('images.description', '{size} · {id} · {digest}', vscode.ConfigurationTarget.Global);
      const item = tree.getTreeItem(await imageNode('ordering/aa', 'mid'));
      assert.equal(item.description, `${/[\d.]+[kM]B/.exec(String(item.description))![0]} · ${node.image.id.slice(7, 19)}`, 'an empty {digest} drops its separator');
      const tooltip = await tooltipOf(tree, node);
      for (const want of [node.image.id, 'Digest', '2022-01-01T00:00:00', 'Size']) assert.ok(tooltip.includes(want), `tooltip has ${want}: ${tooltip}`);
    });
  });

  describe('Registries: tag actions', () => {
    let registry: Registry;
    let locked: Registry;
    let repo: string;
    const digests: Record<string, string> = {};

    before(async () => {
      registry = await startRegistry();
      locked = await startRegistry({ users: [{ user: 'bob', password: 'pa55-w0rd-secret' }] });
      repo = `${registry.host}/rem/app`;
      const engine = await (await api()).engineHost.get();
      await makeBusyboxImage(engine.location, `${repo}:1`, { files: { 'v': '1' } });
      await makeBusyboxImage(engine.location, `${repo}:2`, { files: { 'v': '2' } });
      for (const t of ['1', '2']) digests[t] = (await engine.images.push(`${repo}:${t}`))[0].digest;
      await vscode.commands.executeCommand('stevedore.registries.add', registry.host, true);
      await vscode.commands.executeCommand('stevedore.registries.add', locked.host, true);
    });
    after(async () => {
      await settings().update('registries', undefined, vscode.ConfigurationTarget.Global);
      await registry?.stop();
      await locked?.stop();
    });

    async function registryNode(host: string): Promise<RegistryNode> {
      const node = (await (await registriesTree()).getChildren()).find((n) => n.kind === 'registry' && n.host === host) as RegistryNode | undefined;
      assert.ok(node, `${host} is in the Registries tree`);
      return node;
    }
    async function repositoryNode(): Promise<RegistryRepositoryNode> {
      const node = (await (await registriesTree()).getChildren(await registryNode(registry.host))).find((n) => n.kind === 'repository' && n.name === 'rem/app');
      assert.ok(node, 'rem/app is in the registry');
      return node as RegistryRepositoryNode;
    }
    async function tags(): Promise<RegistriesNode[]> {
      return (await registriesTree()).getChildren(await repositoryNode());
    }
    async function tagNode(tag: string): Promise<TagNode> {
      const node = (await tags()).find((n) => n.kind === 'tag' && n.tag === tag);
      assert.ok(node, `tag ${tag} is in the Registries tree`);
      return node as TagNode;
    }

    it('Copy Digest puts the tag\'s manifest digest on the clipboard', async () => {
      const digest = await vscode.commands.executeCommand<string>('stevedore.registries.copyDigest', await tagNode('1'));
      assert.equal(digest, digests['1']);
      assert.equal(await vscode.env.clipboard.readText(), digests['1']);
    });

    it('Inspect Manifest opens the manifest as read-only JSON', async () => {
      const m = await vscode.commands.executeCommand<RemoteManifest>('stevedore.registries.inspectManifest', await tagNode('2'));
      assert.equal(m?.digest, digests['2']);
      const doc = vscode.window.activeTextEditor?.document;
      assert.equal(doc?.uri.scheme, INSPECT_SCHEME);
      assert.equal(doc?.languageId, 'json');
      const [json] = JSON.parse(doc!.getText()) as RemoteManifest[];
      assert.equal(json.digest, digests['2']);
      assert.equal((json.manifest as { schemaVersion: number }).schemaVersion, 2);
    });

    it('Copy Reference puts registry/repository:tag on the clipboard; Pull on the tag stores that image; Refresh reloads the view', async () => {
      const node = await tagNode('1');
      assert.equal(await vscode.commands.executeCommand<string>('stevedore.registries.copyReference', node), `${repo}:1`);
      assert.equal(await vscode.env.clipboard.readText(), `${repo}:1`);
      const engine = await (await api()).engineHost.get();
      await engine.images.remove(`${repo}:1`, { force: true });
      const results = await vscode.commands.executeCommand<PullResult[]>('stevedore.registries.pullTag', node);
      assert.deepEqual(results?.map((r) => r.digest), [digests['1']]);
      assert.ok((await engine.images.inspect(`${repo}:1`)).RepoDigests.includes(`${repo}@${digests['1']}`));
      const refreshed = nextChange(await registriesTree(), 'Refresh Registries');
      await vscode.commands.executeCommand('stevedore.registries.refresh');
      await refreshed;
    });

    it('Pull All Tags on a repository pulls every tag', async () => {
      const engine = await (await api()).engineHost.get();
      for (const t of ['1', '2']) await engine.images.remove(`${repo}:${t}`, { force: true });
      const results = await vscode.commands.executeCommand<PullResult[]>('stevedore.registries.pullRepository', await repositoryNode());
      assert.deepEqual(results?.map((r) => r.reference.split(':').pop()).sort(), ['1', '2']);
      for (const t of ['1', '2']) assert.ok((await engine.images.inspect(`${repo}:${t}`)).RepoDigests.includes(`${repo}@${digests[t]}`));
    });

    it('Delete Tag deletes the manifest from the registry; the tag leaves the registry and the tree', async () => {
      const engine = await (await api()).engineHost.get();
      const deleted = await vscode.commands.executeCommand<string>('stevedore.registries.deleteTag', await tagNode('2'), true);
      assert.equal(deleted, digests['2']);
      assert.deepEqual(await engine.tags(repo), ['1']);
      assert.deepEqual((await tags()).map((n) => (n.kind === 'tag' ? n.tag : n.kind)), ['1']);
      await assert.rejects(engine.inspectRemote(`${repo}:2`), /not found|unknown/i);
      assert.ok(await engine.images.inspect(`${repo}:2`), 'the local image stays');
    });

    it('an unauthorized pull fails with a notification and an engine log line (no secret in the log)', async () => {
      const { engineHost } = await api();
      const engine = await engineHost.get();
      await engine.images.tag(`${repo}:1`, `${locked.host}/sec/app:1`);
      await vscode.commands.executeCommand('stevedore.registries.login', locked.host, 'bob', 'pa55-w0rd-secret');
      await engine.images.push(`${locked.host}/sec/app:1`);
      await vscode.commands.executeCommand('stevedore.registries.logout', locked.host);
      await engine.images.remove(`${locked.host}/sec/app:1`);
      const r = await vscode.commands.executeCommand('stevedore.images.pull', `${locked.host}/sec/app:1`);
      assert.equal(r, undefined);
      const log = await vscode.commands.executeCommand<string[]>('stevedore.showLog');
      assert.ok(log?.some((l) => l.includes(`[error] Pull of ${locked.host}/sec/app:1 failed:`) && /unauthorized|authentication required/i.test(l)), log?.slice(-5).join('\n'));
      assert.ok(log!.some((l) => l.includes('image.pushed')), 'engine events are logged');
      assert.ok(!log!.some((l) => l.includes('pa55-w0rd-secret')), 'the password is not in the log');
    });

    it('Disconnect removes the registry from the view and forgets its login', async () => {
      const { engineHost } = await api();
      await vscode.commands.executeCommand('stevedore.registries.login', locked.host, 'bob', 'pa55-w0rd-secret');
      assert.equal(await engineHost.credentials!.has(locked.host), true);
      await vscode.commands.executeCommand('stevedore.registries.disconnect', await registryNode(locked.host));
      assert.equal(await engineHost.credentials!.has(locked.host), false);
      const hosts = (await (await registriesTree()).getChildren()).map((n) => (n.kind === 'registry' ? n.host : ''));
      assert.ok(!hosts.includes(locked.host) && hosts.includes(registry.host), hosts.join(', '));
    });
  });

  describe('palette commands', () => {
    it('Push Image, Run Image, System Prune, Show Engine Log and Choose Data Root are in the palette', () => {
      const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: Array<{ command: string; title: string; category: string }>; menus: { commandPalette: Array<{ command: string; when: string }> } } };
      const hidden = new Set(pkg.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command));
      const title = (id: string) => { const c = pkg.contributes.commands.find((x) => x.command === id); return c && `${c.category}: ${c.title}`; };
      for (const id of ['stevedore.images.push', 'stevedore.images.run', 'stevedore.system.prune', 'stevedore.showLog', 'stevedore.chooseDataRoot']) {
        assert.ok(title(id), `${id} is contributed`);
        assert.ok(!hidden.has(id), `${id} is not hidden from the palette`);
      }
      assert.equal(title('stevedore.system.prune'), 'Stevedore: System Prune...');
      assert.equal(title('stevedore.showLog'), 'Stevedore: Show Engine Log');
      assert.equal(title('stevedore.chooseDataRoot'), 'Stevedore: Choose Data Root...');
    });

    it('System Prune removes stopped containers, dangling images and unused anonymous volumes; a running container and tagged images stay', async () => {
      const { engineHost } = await api();
      const engine = await engineHost.get();
      const caps = await engine.capabilities();
      const dangling = await makeBusyboxImage(engine.location, 'prune/victim:1', { files: { 'tmp/p': 'prune' } });
      await makeBusyboxImage(engine.location, 'prune/victim:1', { files: { 'tmp/p': 'kept' } }); // the first loses its tag
      const kept = await makeBusyboxImage(engine.location, 'prune/kept:1', { files: { 'tmp/k': 'kept' } });
      let stopped: string | undefined;
      let running: string | undefined;
      let volume: string | undefined;
      const ce = engine as Engine;
      if (caps.containers.supported) {
        // A stopped container with an anonymous volume (`-v /data`): both go. A running one stays.
        stopped = (await ce.containers.create({ image: 'prune/kept:1', name: 'prune-stopped', cmd: ['true'], binds: ['/data'] })).Id;
        volume = (await ce.containers.inspect(stopped)).Mounts.find((m) => m.Destination === '/data')?.Name;
        assert.ok(volume, 'the container has an anonymous volume');
        running = (await ce.containers.create({ image: 'prune/kept:1', name: 'prune-running', cmd: ['sleep', '60'] })).Id;
        await ce.containers.start(running);
      } else {
        console.log(`containers cannot run here (${caps.containers.reason}): System Prune checked on images only`);
      }
      try {
        const r = await vscode.commands.executeCommand<SystemPruneResult>('stevedore.system.prune', true);
        assert.ok(r, 'the prune returned what it removed');
        assert.ok(r.images.includes(dangling.id), JSON.stringify(r));
        assert.ok(!r.images.includes(kept.id));
        assert.ok(r.spaceReclaimed > 0);
        await assert.rejects(engine.images.inspect(dangling.id), /No such image|not found/i);
        assert.ok(await engine.images.inspect('prune/kept:1'));
        if (stopped) {
          assert.ok(r.containers.includes(stopped), JSON.stringify(r));
          assert.ok(!r.containers.includes(running!));
          const ids = (await ce.containers.list({ all: true })).map((c) => c.Id);
          assert.ok(!ids.includes(stopped) && ids.includes(running!));
          assert.ok(r.volumes.includes(volume!), JSON.stringify(r));
          assert.ok(!(await ce.volumes.list()).some((v) => v.Name === volume));
        }
      } finally {
        if (running) await ce.containers.remove(running, { force: true });
      }
    });

    it('Choose Data Root switches the engine to another root (its images show) and back', async () => {
      const { engineHost } = await api();
      const original = (await engineHost.get()).location;
      const other = path.join(scratch, 'other-root');
      await makeBusyboxImage(other, 'otherroot/only:1');
      try {
        const tree = await imagesTree();
        const location = await vscode.commands.executeCommand<string>('stevedore.chooseDataRoot', vscode.Uri.file(other));
        assert.equal(location, other);
        assert.equal(settings().get('dataRoot'), other);
        assert.equal((await engineHost.get()).location, other);
        const repos = async () => (await tree.getChildren()).map((n) => (n.kind === 'repository' ? n.name : ''));
        assert.deepEqual(await repos(), ['otherroot/only']);
        const status = await vscode.commands.executeCommand<{ dataRoot: string }>('stevedore.engine.showStatus', { quiet: true });
        assert.equal(status?.dataRoot, other);
        assert.equal(await vscode.commands.executeCommand<string>('stevedore.chooseDataRoot', ''), original);
        await until('the original images', async () => (await repos()).includes('analysis/app'));
      } finally {
        await settings().update('dataRoot', undefined, vscode.ConfigurationTarget.Global);
        await until('the original data root', async () => (await engineHost.get()).location === original);
      }
    });
  });
});
