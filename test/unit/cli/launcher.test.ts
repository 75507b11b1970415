import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFERRED_CA_ENV, nodeChildEnv } from '../../../client/src/engine/extraCa';

/**
 * The CLI's launcher line (dist/cli.js, run as a user runs `stevedore`: executed, through its
 * `#!` line) moves NODE_EXTRA_CA_CERTS out of Node's way, so Node does not parse its root store
 * at start-up; the registry client reads the file on first use (test/interop/registry/client.test.ts).
 */
describe('CLI launcher line and NODE_EXTRA_CA_CERTS', () => {
  const cli = path.join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
  let tmp: string;
  before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-launcher-')); });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** A script with dist/cli.js's own first line that prints what Node got. */
  const probe = () => {
    const line = fs.readFileSync(cli, 'utf8').split('\n')[0];
    assert.match(line, /^#!/);
    const file = path.join(tmp, 'probe.js');
    fs.writeFileSync(file, `${line}\nconsole.log(JSON.stringify({ node: process.env.NODE_EXTRA_CA_CERTS ?? null, deferred: process.env.${DEFERRED_CA_ENV} ?? null, args: process.argv.slice(2) }));\n`, { mode: 0o755 });
    return file;
  };
  const envWithout = () => { const e = { ...process.env }; delete e.NODE_EXTRA_CA_CERTS; delete e[DEFERRED_CA_ENV]; return e; };

  it('starts Node without NODE_EXTRA_CA_CERTS and hands its value on, spaces and arguments intact', () => {
    const out = JSON.parse(execFileSync(probe(), ['a b', '--x'], { env: { ...envWithout(), NODE_EXTRA_CA_CERTS: '/some dir/ca.pem' }, encoding: 'utf8' }));
    assert.deepStrictEqual(out, { node: null, deferred: '/some dir/ca.pem', args: ['a b', '--x'] });
  });

  it('hands on nothing when the variable is not set', () => {
    const out = JSON.parse(execFileSync(probe(), [], { env: envWithout(), encoding: 'utf8' }));
    assert.deepStrictEqual(out, { node: null, deferred: '', args: [] });
  });

  it('runs the real CLI when executed directly', () => {
    const out = execFileSync(cli, ['--version'], { env: { ...envWithout(), NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt' }, encoding: 'utf8' });
    assert.match(out.trim(), /^\d+\.\d+\.\d+/);
  });

  it('the engine starts its Node children the same way (nodeChildEnv)', () => {
    assert.deepStrictEqual(nodeChildEnv({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/ca.pem' }), { PATH: '/bin', [DEFERRED_CA_ENV]: '/ca.pem' });
    const untouched = { PATH: '/bin' };
    assert.strictEqual(nodeChildEnv(untouched), untouched);
  });
});
