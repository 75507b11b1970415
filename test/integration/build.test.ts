import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BuildResult } from '../../client/src/engine/build/api';
import type { ImagesTreeProvider } from '../../client/src/ui/tree/images';
import { makeBusyboxImage } from '../support/images';
import { api, nextChange } from './helpers';

describe('Build Image from the editor', function () {
  this.timeout(120_000);

  it('builds the Dockerfile of the examples workspace; the image appears in the Images tree', async () => {
    const { engineHost, trees } = await api();
    const engine = await engineHost.get();
    await makeBusyboxImage(engine.location, 'busybox:1.36');
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const dockerfile = vscode.Uri.file(path.join(folder, 'hello', 'Dockerfile'));
    assert.ok(fs.existsSync(dockerfile.fsPath));
    const tree = trees['stevedore.images'] as ImagesTreeProvider;
    const changed = nextChange(tree, 'the build', 120_000);
    const result = await vscode.commands.executeCommand<BuildResult>('stevedore.images.build', dockerfile, 'hello:dev');
    assert.ok(result, 'the build returned a result');
    assert.deepEqual(result.tags, ['hello:dev']);
    const inspect = await engine.images.inspect('hello:dev');
    assert.equal(inspect.Id, result.id);
    assert.deepEqual(inspect.Config?.Cmd, ['sh', '-c', 'echo "$GREETING"']);
    await changed;
    const repos = await tree.getChildren();
    assert.ok(repos.some((n) => n.kind === 'repository' && n.name === 'hello'), 'hello is in the Images tree');
  });

  it('a failing build reports the error and returns nothing (the store is unchanged)', async () => {
    const { engineHost } = await api();
    const engine = await engineHost.get();
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const file = path.join(folder, 'broken-build', 'Dockerfile');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'FROM busybox:1.36\nCOPY nothing-here /x\n');
    const before = (await engine.images.list()).length;
    const result = await vscode.commands.executeCommand<BuildResult | undefined>('stevedore.images.build', vscode.Uri.file(file), 'broken:1');
    assert.equal(result, undefined);
    assert.equal((await engine.images.list()).length, before);
  });
});
