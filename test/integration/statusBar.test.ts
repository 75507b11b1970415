import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import type { EngineStatus } from '../../client/src/ui/statusBar';
import { api } from './helpers';

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

  it('Retry (the unreachable-daemon welcome\'s button) answers true for the embedded engine, which is always there', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('stevedore.engine.retry'), true);
  });

  it('Show Engine Status reports whether containers run here', async () => {
    const { engineHost } = await api();
    const caps = await (await engineHost.get()).capabilities();
    const status = await vscode.commands.executeCommand<EngineStatus>('stevedore.engine.showStatus');
    assert.equal(status.containers.supported, caps.containers.supported);
  });
});
