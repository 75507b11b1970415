import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../client/src/extension';
import type { EngineStatus } from '../../client/src/ui/statusBar';

const api = (): Thenable<StevedoreApi> => vscode.extensions.getExtension('stevedore.stevedore')!.activate();

describe('the engine status bar item', () => {
  it('shows the embedded engine and whether containers can run here; the tooltip has the data root', async () => {
    const { statusBar, engineHost } = await api();
    const engine = await engineHost.get();
    const caps = await engine.capabilities();
    const status = await vscode.commands.executeCommand<EngineStatus>('stevedore.engine.showStatus', { quiet: true });
    assert.equal(status.kind, 'embedded');
    assert.equal(status.dataRoot, engine.location);
    assert.equal(status.containers.supported, caps.containers.supported);
    assert.equal(statusBar.item.text, caps.containers.supported ? '$(vm-running) Stevedore: embedded' : '$(vm-outline) Stevedore: embedded (images only)');
    // A click opens the engine picker (issue 8); Show Status stays a command of its own.
    assert.equal(statusBar.item.command, 'stevedore.engine.choose');
    const tooltip = (statusBar.item.tooltip as vscode.MarkdownString).value;
    assert.ok(tooltip.includes(engine.location), 'the tooltip names the data root');
    assert.ok(tooltip.includes(caps.containers.supported ? 'can run here' : `cannot run here: ${caps.containers.reason}`), tooltip);
    if (caps.containers.supported) assert.ok(tooltip.includes(caps.containers.runtime!), 'the tooltip names the runtime');
  });

  it('Show Engine Status reports whether containers run here', async () => {
    const { engineHost } = await api();
    const caps = await (await engineHost.get()).capabilities();
    const status = await vscode.commands.executeCommand<EngineStatus>('stevedore.engine.showStatus');
    assert.equal(status.containers.supported, caps.containers.supported);
  });
});
