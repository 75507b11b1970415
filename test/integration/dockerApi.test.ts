import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { makeBusyboxImage } from '../support/images';
import { api, containerNodes, engine, until } from './helpers';

const IMAGE = 'dockerapi/app:1';

/**
 * The Docker Engine API served from the extension host with the embedded engine
 * (stevedore.dockerApi.enabled, on by default): a VS Code terminal gets DOCKER_HOST at the socket,
 * and the real docker CLI typed there sees the engine the views show.
 */
describe('the Docker API socket and DOCKER_HOST in VS Code terminals (embedded engine)', function () {
  this.timeout(120_000);
  let scratch: string;
  let id: string | undefined;

  before(async function () {
    const caps = await (await (await api()).engineHost.get()).capabilities();
    assert.ok(caps.containers.supported, `containers cannot run here: ${caps.containers.reason}`);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-it-dockerapi-'));
    await makeBusyboxImage((await engine()).location, IMAGE);
  });
  after(async () => {
    if (id) await (await engine()).containers.remove(id, { force: true }).catch(() => undefined);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('a terminal has DOCKER_HOST at the served socket, and docker ps typed there lists a container the Containers view shows', async () => {
    const a = await api();
    await a.dockerApi.refresh();
    const status = a.dockerApi.status;
    assert.ok(status, 'the Docker API is not served');
    assert.match(status.host, /^unix:\/\/\/.+\/docker\.sock$/);
    assert.equal(status.terminals, true);
    const e = await engine();
    ({ Id: id } = await e.containers.create({ image: IMAGE, name: 'seen-by-docker-ps', cmd: ['sleep', '120'], network: 'none' }));
    await e.containers.start(id);
    await until('the container in the Containers view', async () => (await containerNodes()).some((n) => n.name === 'seen-by-docker-ps'));

    const out = path.join(scratch, 'terminal.txt');
    const term = vscode.window.createTerminal({ name: 'docker api test', shellPath: '/bin/sh' });
    try {
      term.sendText(`{ echo "DOCKER_HOST=$DOCKER_HOST"; /usr/local/bin/docker ps --format '{{.Names}} {{.State}}'; } > ${out}.tmp 2>&1; mv ${out}.tmp ${out}`);
      const text = await until('the terminal to write its output', () => (fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : undefined), 60_000);
      const lines = text.trim().split('\n');
      assert.equal(lines[0], `DOCKER_HOST=${status.host}`);
      assert.ok(lines.includes('seen-by-docker-ps running'), text);
    } finally {
      term.dispose();
    }
  });

  it('the status bar tooltip names the socket, and Copy DOCKER_HOST Export Command copies the export line', async () => {
    const a = await api();
    await a.statusBar.update();
    const tooltip = a.statusBar.item.tooltip;
    const text = typeof tooltip === 'string' ? tooltip : tooltip?.value ?? '';
    assert.ok(text.includes(a.dockerApi.status!.host), text);
    const line = await vscode.commands.executeCommand<string>('stevedore.dockerApi.copyExport');
    assert.equal(line, `export DOCKER_HOST=${a.dockerApi.status!.host}`);
    assert.equal(await vscode.env.clipboard.readText(), line);
  });
});
