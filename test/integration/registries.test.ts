import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { spawnSync } from 'child_process';
import { Registry, startRegistry } from '../support/registry';
import { api, imagesTree, nextChange } from './helpers';

describe('images and registries views with a real registry', function () {
  this.timeout(120_000);
  let registry: Registry;
  let dataRoot: string;
  const home = os.homedir();
  const dockerConfig = path.join(process.env.DOCKER_CONFIG ?? path.join(home, '.docker'), 'config.json');
  let dockerConfigBefore: string | undefined;

  before(async () => {
    registry = await startRegistry({ users: [{ user: 'alice', password: 's3cret-pw' }] });
    dataRoot = (await (await api()).engineHost.get()).location;
    dockerConfigBefore = fs.existsSync(dockerConfig) ? fs.readFileSync(dockerConfig, 'utf8') : undefined;
  });
  after(async () => {
    await vscode.workspace.getConfiguration('stevedore').update('registries.list', undefined, vscode.ConfigurationTarget.Global);
    await registry?.stop();
  });

  it('an image made by another process on the data root appears in the Images tree (event journal, no polling)', async () => {
    const { engineHost } = await api();
    await engineHost.get();
    const tree = await imagesTree();
    const changed = nextChange(tree, 'the Images tree after another process made an image');
    // Another process (as the CLI would be) writes the image; the tree hears of it through the event journal.
    const child = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(__dirname, '..', 'support', 'images.js'))}).makeBusyboxImage(${JSON.stringify(dataRoot)}, 'team/hello:1.0').catch((e) => { console.error(e); process.exit(1); })`], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    await changed;
    const repo = (await tree.getChildren()).find((n) => n.kind === 'repository' && n.name === 'team/hello');
    assert.ok(repo, 'team/hello is in the Images tree');
    const tags = await tree.getChildren(repo);
    assert.deepEqual(tags.map((t) => (t.kind === 'image' ? t.tag : '')), ['1.0']);
  });

  it('login goes to SecretStorage (not Docker\'s config.json); the registry then lists what was pushed; logout ends access', async () => {
    const { engineHost } = await api();
    await vscode.commands.executeCommand('stevedore.registries.add', registry.host, true);
    const engine = await engineHost.get();
    await assert.rejects(engine.catalog(registry.host), /unauthorized|authentication required|401/i);

    const login = await vscode.commands.executeCommand<{ registry: string }>('stevedore.registries.login', registry.host, 'alice', 's3cret-pw');
    assert.equal(login?.registry, registry.host);
    assert.equal(await engineHost.credentials!.has(registry.host), true, 'the login is in SecretStorage');
    const after = fs.existsSync(dockerConfig) ? fs.readFileSync(dockerConfig, 'utf8') : undefined;
    assert.equal(after, dockerConfigBefore, "Docker's config.json is untouched");
    if (after) assert.ok(!after.includes('s3cret-pw'));

    await (await engineHost.get()).images.tag('team/hello:1.0', `${registry.host}/team/hello:1.0`);
    await (await engineHost.get()).images.push(`${registry.host}/team/hello:1.0`);
    assert.deepEqual(await (await engineHost.get()).catalog(registry.host), ['team/hello']);
    assert.deepEqual(await (await engineHost.get()).tags(`${registry.host}/team/hello`), ['1.0']);

    await vscode.commands.executeCommand('stevedore.registries.logout', registry.host);
    assert.equal(await engineHost.credentials!.has(registry.host), false);
    await assert.rejects((await engineHost.get()).catalog(registry.host), /unauthorized|authentication required|401/i);
  });

  it('pulling a tag from the Registries view through the palette command stores the image', async () => {
    const { engineHost } = await api();
    await vscode.commands.executeCommand('stevedore.registries.login', registry.host, 'alice', 's3cret-pw');
    const engine = await engineHost.get();
    await engine.images.remove(`${registry.host}/team/hello:1.0`);
    const results = await vscode.commands.executeCommand<unknown[]>('stevedore.images.pull', `${registry.host}/team/hello:1.0`);
    assert.ok(results && results.length === 1);
    const inspect = await engine.images.inspect(`${registry.host}/team/hello:1.0`);
    assert.ok(inspect.RepoDigests.some((d) => d.startsWith(`${registry.host}/team/hello@sha256:`)));
  });
});
