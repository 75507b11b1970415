import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startFaultProxy } from '../test/support/faultproxy';
import { makeRawImage, pushRawImage, startRegistry } from '../test/support/registry';
import { RegistryClient } from '../client/src/engine/registry/client';
import type { BenchResult as BenchRow } from './run';
import { runAlone } from './run';

/**
 * Time to a clear error when a registry stalls mid-blob (headers and 1,000 bytes, then silence
 * with the connection open; test/support/faultproxy.ts in front of a real docker-registry):
 * `stevedore pull` with a 2 s deadline (STEVEDORE_REGISTRY_TIMEOUT=2: 3 attempts, back-off
 * between them) beside `skopeo copy`, which has no stall deadline of its own (capped here at
 * 60 s and reported as 60 s when it is still waiting). The tests assert the behaviour
 * (test/interop/registry/deadlines.test.ts); this measures how long it takes.
 */
const CAP_S = 60;

function timedExit(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const p = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    const cap = setTimeout(() => p.kill('SIGKILL'), CAP_S * 1000);
    p.on('close', (code) => {
      clearTimeout(cap);
      resolve({ seconds: Math.min(CAP_S, Number(process.hrtime.bigint() - t0) / 1e9), code, stderr });
    });
  });
}

export async function run(): Promise<BenchRow[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sv-bench-deadlines-'));
  const reg = await startRegistry();
  const proxy = await startFaultProxy({ host: '127.0.0.1', port: reg.port });
  try {
    const img = makeRawImage([2_000_000], { seed: 'bench-deadlines' });
    await pushRawImage(new RegistryClient(reg.host), 'bench/stall', img, 'latest');
    proxy.add({ method: 'GET', path: new RegExp(`/blobs/${img.layers[0].desc.digest}`), fault: { kind: 'stall', afterBytes: 1000 }, times: Infinity });
    const ref = `${proxy.host}/bench/stall:latest`;
    const ours = await timedExit(process.execPath, [path.resolve(__dirname, '../../dist/cli.js'), '--data-root', path.join(tmp, 'root'), 'pull', ref], { ...process.env, STEVEDORE_REGISTRY_TIMEOUT: '2' });
    if (ours.code === 0 || !/stopped responding/.test(ours.stderr)) throw new Error(`stevedore pull did not report the stall: ${ours.stderr}`);
    process.stderr.write(`deadlines: stevedore: ${ours.stderr.trim()}\n`);
    const theirs = await timedExit('skopeo', ['copy', '--src-tls-verify=false', `docker://${ref}`, `oci:${path.join(tmp, 'layout')}:x`], process.env);
    process.stderr.write(`deadlines: skopeo ${theirs.seconds >= CAP_S ? `still waiting after ${CAP_S} s (killed)` : `exited ${theirs.code}: ${theirs.stderr.trim()}`}\n`);
    return [
      { name: 'stalled pull: time to error (deadline 2 s)', ours: ours.seconds, theirs: theirs.seconds, unit: 's', peer: `skopeo copy (no stall deadline; capped at ${CAP_S} s)`, target: 0.5 },
    ];
  } finally {
    await proxy.stop();
    await reg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) runAlone(run);
