import { Command, Option } from 'commander';
import { ApiServer } from '../../../daemon/server';
import { defaultSocketPath, groupId, parseHost } from '../../../daemon/hosts';
import { collect, group, openEngine } from '../../helpers';

/**
 * `stevedore system service`: the Docker Engine API for the engine in use (the embedded one on
 * its data root by default), like `podman system service`. The server lives in client/src/daemon.
 */
export function register(program: Command): void {
  group(program, 'system', 'Manage Stevedore')
    .command('service')
    .description('Serve the Docker Engine API (docker CLI, docker-py, Testcontainers ...) until killed or idle')
    .addOption(listenOption())
    .option('-t, --time <seconds>', 'stop after this many idle seconds (0 = never)', '0')
    .option('--group <group>', 'make unix sockets 0660 and owned by this group (default: 0600, only you)')
    .option('--tls', 'serve TCP with TLS (--tlscert, --tlskey)')
    .option('--tlsverify', 'serve TCP with TLS and accept only clients whose certificate --tlscacert signed')
    .option('--tlscacert <file>', 'CA that signs client certificates')
    .option('--tlscert <file>', 'server certificate')
    .option('--tlskey <file>', 'server key')
    .option('-D, --debug', 'print one line per request (never headers or bodies)')
    .action(async (o: { listen: string[]; time: string; group?: string; tls?: boolean; tlsverify?: boolean; tlscacert?: string; tlscert?: string; tlskey?: string; debug?: boolean }, cmd: Command) => {
      if (!/^\d+$/.test(o.time)) throw new Error(`invalid --time ${o.time}: expected seconds`);
      const engine = await openEngine(cmd);
      const gid = o.group !== undefined ? groupId(o.group) : undefined;
      const hosts = (o.listen.length ? o.listen : [`unix://${defaultSocketPath(engine.location)}`]).map((h) => parseHost(h, o, gid));
      let stopping = false;
      const stop = async (code: number) => {
        if (stopping) return;
        stopping = true;
        await server.close();
        await engine.dispose();
        process.exit(code);
      };
      const server = new ApiServer({
        engine,
        idleSeconds: Number(o.time),
        onIdle: () => void stop(0),
        log: o.debug ? (l) => process.stderr.write(`${new Date().toISOString()} ${l}\n`) : undefined,
      });
      await server.listen(hosts);
      for (const a of server.addresses) process.stdout.write(`Serving the Docker Engine API on ${a}  (export DOCKER_HOST=${a})\n`);
      process.on('SIGINT', () => void stop(0));
      process.on('SIGTERM', () => void stop(0));
      // Runs until a signal or the idle timeout.
      await new Promise(() => undefined);
    });
}

/**
 * dockerd's `-H, --host`, stored as `listen`: the program's own `--host` (the daemon an
 * `--engine docker` CLI talks to) reads the same attribute name through optsWithGlobals.
 */
function listenOption(): Option {
  const opt = new Option('-H, --host <url>', 'unix:///PATH or tcp://127.0.0.1:PORT; repeatable (default: $XDG_RUNTIME_DIR/stevedore/docker.sock, else <data root>/run/docker.sock)')
    .argParser(collect)
    .default([] as string[]);
  opt.attributeName = () => 'listen';
  return opt;
}
