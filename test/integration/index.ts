import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

/**
 * Entry point the VS Code extension host loads (`extensionTestsPath`). Runs every
 * `*.test.js` beside it with mocha inside the real extension host and writes a result in
 * mocha's JSON-reporter shape to $STEVEDORE_TEST_RESULT, because the browser that hosts the
 * workbench does not exit when the tests finish: the runner waits for that file instead.
 */
export async function run(): Promise<void> {
  const resultFile = process.env.STEVEDORE_TEST_RESULT;
  // STEVEDORE_TEST_GREP (a mocha --grep pattern) runs only the matching tests while working on them.
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, ...(process.env.STEVEDORE_TEST_GREP ? { grep: process.env.STEVEDORE_TEST_GREP } : {}) });
  for (const f of testFiles(__dirname)) mocha.addFile(f);
  const passes: Array<{ fullTitle: string; duration?: number }> = [];
  const failures: Array<{ fullTitle: string; err: { message: string; stack?: string } }> = [];
  const lines: string[] = [];
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => { passes.push({ fullTitle: t.fullTitle(), duration: t.duration }); lines.push(`  ok ${t.fullTitle()}`); });
    runner.on('fail', (t, err: Error) => {
      failures.push({ fullTitle: t.fullTitle(), err: { message: err.message, stack: err.stack } });
      lines.push(`  FAIL ${t.fullTitle()}: ${err.message}`);
    });
  });
  const result = { stats: { passes: passes.length, failures: failures.length }, passes, failures, log: lines, notes: integrationNotes };
  if (resultFile) fs.writeFileSync(resultFile, JSON.stringify(result, null, 2));
  if (failures.length) throw new Error(`${failures.length} integration test(s) failed`);
}

/** Figures tests report for the runner to print (e.g. activation time); not assertions. */
export const integrationNotes: string[] = [];

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...testFiles(p));
    else if (e.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}
