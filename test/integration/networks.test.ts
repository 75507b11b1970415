import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ContainerGroupNode, ContainerNode } from '../../client/src/ui/tree/containers';
import type { NetworkNode, NetworksNode, NetworksTreeProvider } from '../../client/src/ui/tree/networks';
import { cli, stopNetworkHelper, tunForUsers } from '../support/containers';
import { makeBusyboxImage } from '../support/images';
import { api, containersTree, engine, tooltipOf, until } from './helpers';

const networksTree = async (): Promise<NetworksTreeProvider> => (await api()).trees['stevedore.networks'] as NetworksTreeProvider;

async function networkNode(name: string): Promise<NetworkNode | undefined> {
  return ((await (await networksTree()).getChildren()) as NetworksNode[]).find((n) => n.kind === 'network' && n.name === name) as NetworkNode | undefined;
}

describe('the Networks view and Compose Up with the embedded engine', function () {
  this.timeout(180_000);
  let root: string;
  let scratch: string;

  before(async function () {
    const caps = await (await (await api()).engineHost.get()).capabilities();
    if (!caps.containers.supported) {
      console.log(`containers cannot run here: ${caps.containers.reason}`);
      this.skip();
    }
    tunForUsers();
    root = (await engine()).location;
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-it-networks-'));
    await makeBusyboxImage(root, 'busybox:latest', { files: { 'www/index.html': 'hello from the it web service\n' } });
  });
  after(async () => {
    const e = await engine();
    for (const c of await e.containers.list({ all: true })) if (/^(it-net|itcompose)/.test(c.Names[0]?.slice(1) ?? '')) await e.containers.remove(c.Id, { force: true, volumes: true }).catch(() => undefined);
    const host = await (await api()).engineHost.get();
    for (const n of ['it-net', 'itcompose_default']) await host.networks.remove(n).catch(() => undefined);
    await vscode.workspace.getConfiguration('stevedore').update('containers.groupBy', undefined, vscode.ConfigurationTarget.Global);
    stopNetworkHelper(root);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('shows a network the CLI created, the containers on it with their addresses, and refuses to remove it while one runs', async () => {
    assert.equal(cli(root, ['network', 'create', '--subnet', '172.29.0.0/16', 'it-net']).status, 0);
    const node = await until('the CLI-made network in the view', () => networkNode('it-net'));
    const item = (await networksTree()).getTreeItem(node);
    assert.equal(item.description, 'bridge · 172.29.0.0/16');
    assert.equal(item.contextValue, 'network');
    const run = cli(root, ['run', '-d', '--name', 'it-net-web', '--network', 'it-net', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/www']);
    assert.equal(run.status, 0, run.stderr);
    const withOne = await until('the running container under the network', async () => {
      const n = await networkNode('it-net');
      return n && n.containers.length === 1 ? n : undefined;
    });
    assert.match(withOne.containers[0].ip, /^172\.29\.0\.2\/16$/);
    assert.equal(withOne.containers[0].name, 'it-net-web');
    assert.match((await networksTree()).getTreeItem(withOne).description as string, /1 container$/);
    // The container's tooltip names its network and address.
    const ctree = await containersTree();
    const cnode = await until('the container in the Containers view', async () => ((await ctree.getChildren()) as ContainerNode[]).find((c) => c.kind === 'container' && c.name === 'it-net-web' && c.container.State === 'running'));
    assert.match(await tooltipOf(ctree, cnode), /it-net 172\.29\.0\.2/);
    // Remove refuses while it runs (Docker's error), and the network stays.
    const kept = await vscode.commands.executeCommand<string[]>('stevedore.networks.remove', withOne);
    assert.deepEqual(kept, []);
    assert.ok(await networkNode('it-net'));
    const json = await vscode.commands.executeCommand<{ Name: string; Containers: Record<string, { Name: string }> }>('stevedore.networks.inspect', withOne);
    assert.equal(json.Name, 'it-net');
    assert.deepEqual(Object.values(json.Containers).map((c) => c.Name), ['it-net-web']);
    assert.equal(cli(root, ['rm', '-f', 'it-net-web']).status, 0);
    assert.deepEqual(await vscode.commands.executeCommand<string[]>('stevedore.networks.remove', await networkNode('it-net')), ['it-net']);
    await until('the network gone from the view', async () => !(await networkNode('it-net')));
    // Create from the command, then Prune removes it (no container uses it).
    assert.match(await vscode.commands.executeCommand<string>('stevedore.networks.create', 'it-net', { internal: true }), /^[0-9a-f]{64}$/);
    assert.match((await networksTree()).getTreeItem((await until('created', () => networkNode('it-net')))).description as string, /internal/);
    const pruned = await vscode.commands.executeCommand<{ NetworksDeleted: string[] }>('stevedore.networks.prune', true);
    assert.deepEqual(pruned.NetworksDeleted, ['it-net']);
  });

  it('Compose Up (detached) on a compose file starts its containers, which the Containers view groups by compose project', async function () {
    const dir = path.join(scratch, 'itcompose');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'docker-compose.yml');
    fs.copyFileSync(path.join(__dirname, '..', '..', '..', 'examples', 'compose', 'docker-compose.yml'), file);
    // The example publishes 8088; the test uses any free port.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('127.0.0.1:8088:80', '127.0.0.1::80'));
    const term = await vscode.commands.executeCommand<vscode.Terminal | undefined>('stevedore.compose.upDetached', vscode.Uri.file(file));
    assert.ok(term, 'a terminal runs the compose tool (docker compose or docker-compose must be installed)');
    await vscode.workspace.getConfiguration('stevedore').update('containers.groupBy', 'compose', vscode.ConfigurationTarget.Global);
    const group = await until('the compose project in the Containers view', async () => {
      const groups = (await (await containersTree()).getChildren()) as ContainerGroupNode[];
      const g = groups.find((x) => x.kind === 'containerGroup' && x.name === 'itcompose');
      return g && g.containers.length === 2 && g.containers.every((c) => c.container.State === 'running') ? g : undefined;
    }, 120_000, 500);
    assert.deepEqual(group.containers.map((c) => c.name).sort(), ['itcompose_client_1', 'itcompose_web_1']);
    // The client fetched the web service by its name over the project's network.
    const e = await engine();
    const logs: string[] = [];
    await until('the client fetched the page', async () => {
      logs.length = 0;
      for await (const l of e.containers.logs('itcompose_client_1')) logs.push(l.line.toString());
      return logs.join('').includes('hello from the web service');
    }, 60_000, 500);
    const down = await vscode.commands.executeCommand<vscode.Terminal | undefined>('stevedore.compose.down', vscode.Uri.file(file));
    assert.ok(down);
    await until('compose down removed the containers', async () => (await e.containers.list({ all: true })).every((c) => !c.Names[0]?.startsWith('/itcompose_')), 120_000, 500);
    term?.dispose();
    down?.dispose();
  });
});
