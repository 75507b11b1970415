import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';

/** The repository root (this file runs from out/test/support). */
export const REPO = path.resolve(__dirname, '..', '..', '..');

interface HostModule {
  startCodeServer(opts: { workspace?: string; env?: Record<string, string>; settings?: Record<string, unknown>; extensionsDir?: string }): Promise<CodeServer>;
  workbenchUrl(server: CodeServer, opts: { folder?: string; extensionPath?: string; testsPath?: string }): string;
  launchBrowser(): Promise<Browser>;
}
export interface CodeServer {
  url: string;
  port: number;
  logFile: string;
  stop(): Promise<void>;
}

// The launcher is plain JS (npm start and the runner use it before any build), loaded by path.
const host: HostModule = require(path.join(REPO, 'test', 'setup', 'vscode-host.js'));

/** Headless Debian Chromium with the flags this closed network needs. */
export const launchBrowser = (): Promise<Browser> => host.launchBrowser();

/** Where e2e screenshots go (git-ignored). */
export const SCREENSHOTS = path.join(REPO, 'test-output', 'e2e');

/**
 * A real VS Code workbench (code-server) with Stevedore under development, opened in headless
 * Chromium on a scratch copy of examples/ and its own data root.
 */
export class Workbench {
  private constructor(readonly server: CodeServer, readonly browser: Browser, readonly page: Page, readonly workspace: string, readonly dataRoot: string, readonly scratch: string) {}

  /**
   * `extensionsDir`: use the extensions installed there (e.g. from the .vsix) instead of loading
   * this checkout as the extension under development.
   */
  static async open(opts: { dataRoot?: string; env?: Record<string, string>; extensionsDir?: string } = {}): Promise<Workbench> {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-e2e-'));
    const workspace = path.join(scratch, 'workspace');
    fs.cpSync(path.join(REPO, 'examples'), workspace, { recursive: true });
    const dataRoot = opts.dataRoot ?? path.join(scratch, 'data-root');
    const server = await host.startCodeServer({ workspace, env: { STEVEDORE_ROOT: dataRoot, ...opts.env }, extensionsDir: opts.extensionsDir });
    let browser: Browser | undefined;
    try {
      browser = await host.launchBrowser();
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(opts.extensionsDir ? `${server.url}/?folder=${encodeURIComponent(workspace)}` : host.workbenchUrl(server, { folder: workspace }));
      await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: 60_000 });
      return new Workbench(server, browser, page, workspace, dataRoot, scratch);
    } catch (e) {
      await browser?.close().catch(() => undefined);
      await server.stop();
      throw e;
    }
  }

  /** Clicks the Stevedore item in the activity bar and waits for its views. */
  async openStevedore(): Promise<void> {
    await this.page.click('.activitybar [aria-label^="Stevedore"]', { timeout: 30_000 });
    await this.page.waitForSelector('.pane-header[aria-label*="Images"]', { timeout: 30_000 });
  }

  /** The titles of the view panes in the side bar. */
  async viewTitles(): Promise<string[]> {
    return this.page.$$eval('.sidebar .pane-header h3.title', (els) => els.map((e) => (e.textContent ?? '').trim()));
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const file = path.join(SCREENSHOTS, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
    fs.rmSync(this.scratch, { recursive: true, force: true });
  }
}
