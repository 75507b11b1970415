// Runs test/integration inside the real VS Code extension host: starts code-server on a copy of
// the examples workspace, opens the workbench in headless Chromium with extensionTestsPath set
// (out/test/integration/index.js), and waits for the result file the test index writes.
// Usage: node test/setup/integration.js <result.json>
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { startCodeServer, workbenchUrl, launchBrowser, root } = require('./vscode-host');

const TIMEOUT_MS = Number(process.env.STEVEDORE_INTEGRATION_TIMEOUT_MS || 15 * 60_000);

async function main() {
  const resultFile = path.resolve(process.argv[2] || path.join(root, 'test-output', 'integration.json'));
  fs.rmSync(resultFile, { force: true });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'stevedore-it-'));
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(root, 'examples'), workspace, { recursive: true });
  const dataRoot = path.join(scratch, 'data-root');
  const rawResult = path.join(scratch, 'result.json');
  const server = await startCodeServer({
    workspace,
    env: { STEVEDORE_TEST_RESULT: rawResult, STEVEDORE_ROOT: dataRoot, STEVEDORE_TEST_SCRATCH: scratch },
  });
  let browser;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage();
    const consoleLines = [];
    page.on('console', (m) => consoleLines.push(m.text()));
    await page.goto(workbenchUrl(server, { folder: workspace, testsPath: path.join(root, 'out', 'test', 'integration', 'index.js') }));
    const deadline = Date.now() + TIMEOUT_MS;
    while (!fs.existsSync(rawResult) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    if (!fs.existsSync(rawResult)) {
      throw new Error(`no result from the extension host within ${TIMEOUT_MS / 1000} s; code-server log: ${server.logFile}\n` +
        consoleLines.filter((l) => /error|fail/i.test(l)).slice(-20).join('\n'));
    }
    await new Promise((r) => setTimeout(r, 100)); // the writer has closed the file
    const result = JSON.parse(fs.readFileSync(rawResult, 'utf8'));
    for (const line of result.log || []) console.log(line);
    for (const note of result.notes || []) console.log(`  note: ${note}`);
    fs.mkdirSync(path.dirname(resultFile), { recursive: true });
    fs.writeFileSync(resultFile, JSON.stringify(result, null, 2));
    return result.stats.failures ? 1 : 0;
  } finally {
    if (browser) await browser.close().catch(() => {});
    await server.stop();
    if (!process.env.STEVEDORE_KEEP_SCRATCH) fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (e) => {
  console.error(`integration: ${e.message}`);
  process.exit(1);
});
