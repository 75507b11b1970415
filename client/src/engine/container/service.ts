import { spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import type { Readable, Writable } from 'stream';
import { applyChanges } from '../archive';
import type { ContentStore } from '../content/store';
import { EngineError } from '../../core/errors';
import type { EventJournal } from '../events';
import { humanDuration } from '../../core/format';
import type { FsckProblem, ImageStore } from '../image/store';
import { ImageConfig, Manifest, MediaTypes } from '../image/types';
import { applyLayer } from '../layer/apply';
import { treeAdditions, writeLayerTar } from '../layer/diff';
import { resolveInRoot } from '../layer/rootpath';
import { normalizeImageRef } from '../../core/reference';
import type { InitEntry, Snapshotter } from '../snapshot';
import type {
  AttachStreams, ContainerInspect, ContainersApi, ContainerStats, ContainerSummary, CreateContainerOptions, ExecOptions, LogLine, LogsOptions, MountPoint, MountSpec, PathStat, PortBinding,
} from './api';
import { Frame, frame, FrameReader } from './frames';
import { checkPortFree, findSlirp4netns, freePort, freePortIn } from './network';
import { allocate, bridged, checkEndpointOptions, cleared, endpoint, helperEndpoints, writeEtc } from './endpoints';
import type { EndpointSettings, NetworkConnectOptions, NetworkContainer } from '../network/api';
import { binary, configureInside, ensureNetd, netdPaths, netdRequest } from '../network/infra';
import type { NetworkStore } from '../network/store';
import { removeContainerFiles } from './remove';
import { reapRuns } from './oneshot';
import { detectRuntime, requireRuntime, Runtime, runtimeMessage, shimScript, startFailureStatus } from './runtime';
import { resizeTerminal, spawnWithTerminal } from './terminal';
import { parseLogLine } from './shim';
import { DEFAULT_PATH, ociSpec, resolveUser, resolveUserIn } from './spec';
import { mergeEnv, parseEnv, parseExpose, parsePublish, parseRestart, parseVolume } from '../../core/flags';
import { ContainerRecord, ContainerStore, ListRecord, NAME_RE, randomName, socketPath } from './store';
import { treeSize, VolumeStore } from './volumes';
import { pidAlive, run } from '../process';
import { atomicTempWriter, withLock } from '../fsutil';
import { nodeChildEnv } from '../extraCa';

const ZERO_TIME = '0001-01-01T00:00:00Z';

/** An EngineError that carries the exit status Docker's CLI would use (125/126/127). */
export class ContainerStartError extends EngineError {
  constructor(readonly status: number, message: string) {
    super(status === 125 ? 'internal' : 'invalid-argument', message);
  }
}

export interface ContainerServiceDeps {
  root: string;
  content: ContentStore;
  images: ImageStore;
  events: EventJournal;
  snapshots: Snapshotter;
  volumes: VolumeStore;
  networks: NetworkStore;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether a runtime process doing `verb` on container `id` is still running (started by a killed process). */
function runtimeCallRunning(id: string, verb: string): boolean {
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const argv = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      if (argv.includes(verb) && argv.includes(id)) return true;
    } catch {
      // gone
    }
  }
  return false;
}
const shortId = (id: string) => id.slice(0, 12);

/**
 * Containers of the embedded engine: create (image + snapshot + runtime bundle), then a detached
 * supervisor per running container (shim.ts) that the CLI and the extension talk to through the
 * record on disk, the runtime and the attach socket. Any process sharing the data root sees the
 * same containers; `reconcile` fixes records whose supervisor died (kill -9, a reboot).
 */
export class ContainerService implements ContainersApi {
  readonly store: ContainerStore;
  constructor(private readonly d: ContainerServiceDeps) {
    this.store = new ContainerStore(d.root);
    d.images.isImageInUse = async (imageId) => (await this.store.all()).find((c) => c.Image === imageId)?.Id;
    d.volumes.usedBy = async (name) => (await this.store.all()).filter((c) => c.Mounts.some((m) => m.Type === 'volume' && m.Name === name)).map((c) => c.Id);
    d.networks.members = async (net) => (await this.store.all()).filter((c) => Object.values(c.NetworkSettings.Networks ?? {}).some((e) => e.NetworkID === net.Id)).map((c) => c.Id);
    d.networks.endpoints = async (nets) => {
      const out = new Map(nets.map((n) => [n.Id, {} as Record<string, NetworkContainer>]));
      const running = (c: ContainerRecord) => c.State.Running || c.State.Paused || c.State.Restarting;
      for (let c of await this.store.all()) {
        const eps = Object.values(c.NetworkSettings.Networks ?? {}).filter((e) => e.IPAddress && out.has(e.NetworkID));
        if (!eps.length || !running(c)) continue;
        c = await this.reconcile(c);
        if (!running(c)) continue;
        for (const ep of eps) out.get(ep.NetworkID)![c.Id] = { Name: c.Name.slice(1), EndpointID: ep.EndpointID, MacAddress: ep.MacAddress, IPv4Address: `${ep.IPAddress}/${ep.IPPrefixLen}`, IPv6Address: '' };
      }
      return out;
    };
  }

  /** `--network`, `--network-alias`, `--ip` and the API's extra endpoints: the mode and the networks a new container is on. */
  private async networkChoice(o: CreateContainerOptions): Promise<{ mode: string; networks: Record<string, EndpointSettings>; gateway?: string }> {
    const wanted = !o.network || o.network === 'bridge' ? 'default' : o.network;
    if (wanted.startsWith('container:')) throw new EngineError('invalid-argument', `network mode ${wanted} is not supported by the embedded engine`);
    const primary = await this.d.networks.resolve(wanted === 'default' ? 'bridge' : wanted);
    const mode = wanted === 'default' ? 'default' : primary.Name;
    const first = { aliases: o.networkAliases, ip: o.ip };
    checkEndpointOptions(primary, first);
    const networks: Record<string, EndpointSettings> = { [primary.Name]: endpoint(primary, first) };
    for (const [name, e] of Object.entries(o.endpoints ?? {})) {
      // API clients name the default network `default` (HostConfig.NetworkMode's word) or `bridge`.
      const net = await this.d.networks.resolve(name === 'default' ? 'bridge' : name);
      if (net.Id === primary.Id) {
        const merged = { aliases: [...(first.aliases ?? []), ...(e.aliases ?? [])], ip: first.ip ?? e.ip };
        checkEndpointOptions(net, merged);
        networks[net.Name] = endpoint(net, merged);
        continue;
      }
      if (net.Driver !== 'bridge' || primary.Driver !== 'bridge') throw new EngineError('invalid-argument', `container cannot be connected to ${net.Name} and ${primary.Name} at once: host and none are exclusive`);
      checkEndpointOptions(net, e);
      networks[net.Name] = endpoint(net, e);
    }
    if (primary.Driver === 'bridge' && !findSlirp4netns()) {
      throw new EngineError('unavailable', 'container networks need slirp4netns, which is not installed (Debian/Ubuntu: sudo apt-get install slirp4netns); or use --network none or --network host');
    }
    return { mode, networks, gateway: primary.IPAM.Config[0]?.Gateway };
  }

  private runtime(rec?: Pick<ContainerRecord, 'Stevedore'>): Runtime {
    return new Runtime(rec?.Stevedore.runtime ?? requireRuntime().path, this.d.root);
  }

  // ---- create ----------------------------------------------------------------------------

  async create(o: CreateContainerOptions): Promise<{ Id: string; Warnings: string[] }> {
    const rt = requireRuntime();
    const img = await this.d.images.resolve(o.image).catch((e) => {
      if ((e as EngineError).code === 'not-found') throw new EngineError('not-found', `No such image: ${o.image}`);
      throw e;
    });
    const icfg = img.config.config ?? {};
    const { mode: network, networks, gateway } = await this.networkChoice(o);
    const restart = parseRestart(o.restart);
    if (o.autoRemove && restart.Name && restart.Name !== 'no') throw new EngineError('invalid-argument', 'conflicting options: cannot specify both --restart and --rm');
    const entrypoint = o.entrypoint !== undefined ? o.entrypoint.filter((s) => s !== '') : icfg.Entrypoint ?? [];
    const cmd = o.cmd?.length ? o.cmd : o.entrypoint !== undefined ? [] : icfg.Cmd ?? [];
    const argv = [...entrypoint, ...cmd];
    if (!argv.length) throw new ContainerStartError(125, 'No command specified');
    const workingDir = o.workingDir ?? icfg.WorkingDir ?? '';
    if (workingDir && !workingDir.startsWith('/')) throw new EngineError('invalid-argument', `the working directory '${workingDir}' is invalid, it needs to be an absolute path`);
    const { exposed, bindings } = parsePublish(o.publish ?? []);
    for (const k of Object.keys(parseExpose(o.exposedPorts ?? []))) exposed[k] ??= {};
    if (network === 'none' && Object.keys(bindings).length) throw new EngineError('invalid-argument', 'conflicting options: port publishing and the container type network mode');
    const mounts: MountSpec[] = [...(o.binds ?? []).map(parseVolume), ...(o.mounts ?? [])];
    for (const v of Object.keys(icfg.Volumes ?? {})) if (!mounts.some((m) => m.Target === path.posix.normalize(v))) mounts.push({ Type: 'volume', Source: '', Target: path.posix.normalize(v) });
    const targets = new Set<string>();
    for (const m of mounts) {
      if (targets.has(m.Target)) throw new EngineError('invalid-argument', `Duplicate mount point: ${m.Target}`);
      targets.add(m.Target);
    }

    const id = crypto.randomBytes(32).toString('hex');
    const name = await this.store.withNames(async (taken) => {
      let n = o.name;
      if (n !== undefined) {
        if (!NAME_RE.test(n)) throw new EngineError('invalid-argument', `Invalid container name (${n}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
        n = n.replace(/^\//, '');
        const clash = taken.get(`/${n}`);
        if (clash) throw new EngineError('conflict', `Conflict. The container name "/${n}" is already in use by container "${clash}". You have to remove (or rename) that container to be able to reuse that name.`);
      } else n = randomName(taken);
      // Reserve the name under the lock (the record is written below, outside it): a create in
      // another process sees the folder and its reservation until the record replaces them.
      await fs.promises.mkdir(this.store.containerDir(id), { recursive: true });
      await this.store.reserveName(id, n);
      return n;
    });
    const dir = this.store.containerDir(id);
    const created: string[] = [];
    try {
      const hostname = o.hostname ?? (network === 'host' ? os.hostname() : shortId(id));
      const hostConfig = {
        Binds: (o.binds ?? []).length ? o.binds! : null, NetworkMode: network, PortBindings: bindings, RestartPolicy: restart, AutoRemove: !!o.autoRemove,
        ...(o.mounts?.length ? { Mounts: o.mounts } : {}),
        ...(o.readonlyRootfs ? { ReadonlyRootfs: true } : {}),
        ...(o.init ? { Init: true } : {}),
      };
      // Volumes first (named ones are made when missing, as docker does).
      const points: MountPoint[] = [];
      const fresh = new Set<string>();
      for (const m of mounts) {
        if (m.Type === 'bind') {
          if (!fs.existsSync(m.Source)) await fs.promises.mkdir(m.Source, { recursive: true });
          points.push({ Type: 'bind', Source: m.Source, Destination: m.Target, Mode: m.ReadOnly ? 'ro' : '', RW: !m.ReadOnly, Propagation: 'rprivate' });
        } else if (m.Type === 'tmpfs') {
          points.push({ Type: 'tmpfs', Source: '', Destination: m.Target, Mode: '', RW: !m.ReadOnly, Propagation: '' });
        } else {
          const existed = m.Source ? await this.d.volumes.has(m.Source) : false;
          const v = await this.d.volumes.create({ name: m.Source || undefined, anonymous: !m.Source });
          if (!m.Source) created.push(v.Name);
          if (!existed) fresh.add(v.Name);
          points.push({ Type: 'volume', Name: v.Name, Source: v.Mountpoint, Destination: m.Target, Driver: 'local', Mode: m.ReadOnly ? 'ro' : 'z', RW: !m.ReadOnly, Propagation: '' });
        }
      }
      const init: InitEntry[] = [
        { path: 'proc', type: 'dir' }, { path: 'sys', type: 'dir' }, { path: 'dev', type: 'dir' },
        { path: 'etc/hosts', type: 'file' }, { path: 'etc/hostname', type: 'file' }, { path: 'etc/resolv.conf', type: 'file' },
        ...points.map((p) => ({ path: p.Destination.slice(1), type: p.Type === 'bind' && fs.statSync(p.Source).isFile() ? 'file' as const : 'dir' as const })),
      ];
      // Not mounted: the root filesystem is mounted at start and unmounted at stop, as dockerd
      // does; what create needs from the image's tree comes from imageFacts (kept per image).
      // The image's layer chain as resolved above (by ID the snapshotter would resolve it again).
      const snap = await this.d.snapshots.prepare(id, { layers: img.manifestJson.layers, diffIds: img.config.rootfs.diff_ids, image: img.id }, { init, mount: false });
      const workRel = workingDir.replace(/^\/+/, '');
      const facts = await this.d.snapshots.imageFacts(id, { files: ['etc/passwd', 'etc/group'], dirs: workRel ? [workRel] : [] });
      const copyUps = points.filter((p) => p.Type === 'volume' && fresh.has(p.Name!));
      if ((workRel && !facts.dirs[workRel]) || copyUps.length) {
        await this.d.snapshots.withRootfs(id, async ({ rootfs }) => {
          // The working directory is made in the container's own layer, as dockerd does.
          if (workRel) await fs.promises.mkdir(path.join(rootfs, resolveInRoot(rootfs, workRel, true)), { recursive: true });
          // A new volume starts with what the image has at its mount point (docker's copy-up).
          for (const p of copyUps) {
            const src = path.join(rootfs, resolveInRoot(rootfs, p.Destination.slice(1), true));
            if (fs.existsSync(src) && fs.statSync(src).isDirectory() && fs.readdirSync(src).length) await run('cp', ['-a', '--', `${src}/.`, p.Source]);
          }
        });
      }
      const user = resolveUserIn({ passwd: facts.files['etc/passwd'], group: facts.files['etc/group'] }, o.user ?? icfg.User);
      const env = mergeEnv(icfg.Env?.length ? icfg.Env : [DEFAULT_PATH], [`HOSTNAME=${hostname}`], o.tty ? ['TERM=xterm'] : [], parseEnv(o.env ?? []));
      if (!env.some((e) => e.startsWith('HOME='))) env.push(`HOME=${user.home}`);
      // Config.Env is docker's: the -e values first, then the image's that they do not override
      // (what inspect shows and commit keeps); HOSTNAME, TERM and HOME belong to the process only.
      const envKey = (e: string) => e.split('=')[0];
      const userEnv = (o.env ?? []).map((e) => (e.includes('=') || process.env[e] === undefined ? e : `${e}=${process.env[e]}`));
      const configEnv = [...userEnv, ...(icfg.Env ?? []).filter((e) => !userEnv.some((u) => envKey(u) === envKey(e)))];
      const etc = { hosts: path.join(dir, 'hosts'), hostname: path.join(dir, 'hostname'), resolvConf: path.join(dir, 'resolv.conf') };
      await fs.promises.writeFile(etc.hostname, hostname + '\n');
      await fs.promises.writeFile(etc.hosts, [
        '127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', 'fe00::0\tip6-localnet', 'ff00::0\tip6-mcastprefix', 'ff02::1\tip6-allnodes', 'ff02::2\tip6-allrouters',
      ].join('\n') + '\n');
      const hostResolv = (() => {
        try {
          return fs.readFileSync('/etc/resolv.conf', 'utf8');
        } catch {
          return '';
        }
      })();
      await fs.promises.writeFile(etc.resolvConf, network !== 'host' && network !== 'none' && gateway ? `nameserver ${gateway}\noptions ndots:0\n` : hostResolv);
      const config: ContainerInspect['Config'] = {
        ...icfg,
        Hostname: hostname, Domainname: '', User: o.user ?? icfg.User ?? '', AttachStdin: !!o.openStdin, AttachStdout: true, AttachStderr: true,
        ExposedPorts: { ...(icfg.ExposedPorts ?? {}), ...exposed }, Tty: !!o.tty, OpenStdin: !!o.openStdin, StdinOnce: !!o.openStdin,
        Env: configEnv, Cmd: cmd, Image: o.image, Volumes: icfg.Volumes ?? null, WorkingDir: workingDir, Entrypoint: entrypoint.length ? entrypoint : null,
        Labels: { ...(icfg.Labels ?? {}), ...(o.labels ?? {}) }, ...(o.stopSignal ? { StopSignal: o.stopSignal } : {}), ...(o.stopTimeout !== undefined ? { StopTimeout: o.stopTimeout } : {}),
      };
      delete (config as { OnBuild?: unknown }).OnBuild;
      const rec: ContainerRecord = {
        Id: id, Created: new Date().toISOString(), Path: argv[0], Args: argv.slice(1),
        State: { Status: 'created', Running: false, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 0, ExitCode: 0, Error: '', StartedAt: ZERO_TIME, FinishedAt: ZERO_TIME },
        Image: img.id, ResolvConfPath: etc.resolvConf, HostnamePath: etc.hostname, HostsPath: etc.hosts, LogPath: path.join(dir, `${id}-json.log`),
        Name: `/${name}`, RestartCount: 0, Driver: snap.mode === 'overlay' ? 'overlay2' : 'vfs', Platform: 'linux',
        HostConfig: hostConfig, Mounts: points, Config: config,
        NetworkSettings: { Ports: Object.fromEntries(Object.keys({ ...(icfg.ExposedPorts ?? {}), ...exposed }).map((k) => [k, bindings[k] ?? null])), IPAddress: '', Gateway: '', IPPrefixLen: 0, MacAddress: '', SandboxKey: '', Networks: networks },
        Stevedore: {
          runtime: rt.path, attachSocket: socketPath(this.d.root, id, 'attach'), netSocket: socketPath(this.d.root, id, 'net'), anonymousVolumes: created, rootless: rt.rootless,
        },
      };
      // --init: the host's static docker-init (tini) mounted at /sbin/docker-init runs the command as its child, as dockerd does.
      const initBin = o.init ? initBinary() : undefined;
      const spec = ociSpec({
        rootfs: snap.rootfs, args: initBin ? [INIT_PATH, '--', ...argv] : argv, env, cwd: workingDir || '/', user, hostname, terminal: !!o.tty, network, etcFiles: etc, rootless: rt.rootless, readonlyRootfs: !!o.readonlyRootfs,
        mounts: [
          ...points.map((p) => ({ source: p.Source, destination: p.Destination, readOnly: !p.RW, type: p.Type === 'tmpfs' ? 'tmpfs' as const : 'bind' as const })),
          ...(initBin ? [{ source: initBin, destination: INIT_PATH, readOnly: true, type: 'bind' as const }] : []),
        ],
        ...(network !== 'host' && network !== 'none' ? { createRuntimeHook: { path: process.execPath, args: [process.execPath, shimScript(), 'net-attach', this.d.root, id] },
          // The createRuntime hook cannot enter the container's network namespace while the
          // runtime keeps the process undumpable (it does when joining the helper's user
          // namespace); a createContainer hook already runs inside it, as root of that namespace.
          createContainerHook: { path: binary('ip'), args: ['ip', '-force', '-batch', path.join(dir, 'net-inside.batch')] } } : {}),
      });
      await fs.promises.mkdir(path.join(dir, 'bundle'), { recursive: true });
      await fs.promises.writeFile(path.join(dir, 'bundle', 'config.json'), JSON.stringify(spec, null, 2));
      await this.store.write(rec);
    } catch (e) {
      await this.d.snapshots.remove(id).catch(() => undefined);
      await fs.promises.rm(dir, { recursive: true, force: true });
      for (const v of created) await this.d.volumes.remove(v, { force: true }).catch(() => undefined);
      throw e;
    }
    this.d.events.emit('container.create', id, { name, image: o.image });
    return { Id: id, Warnings: [] };
  }

  // ---- state -----------------------------------------------------------------------------

  /** Records whose supervisor is gone while they claim to run are marked exited (the engine's restart). */
  private async reconcile<T extends ListRecord>(rec: T): Promise<T> {
    return (await this.reconcileRecord(rec)) as T;
  }

  /** reconcile's work: what it changes comes back as the whole record (store.update), which has every field of T. */
  private async reconcileRecord(rec: ListRecord): Promise<ListRecord> {
    const by = rec.Stevedore.pausedBy;
    if (by && by.pid !== process.pid && !pidAlive(by.pid)) {
      // A commit was killed while it had the container paused: undo its pause, once a runtime
      // `pause` it started (which outlives it) has finished.
      for (let i = 0; i < 100 && runtimeCallRunning(rec.Id, 'pause'); i++) await sleep(20);
      await this.runtime(rec).resume(rec.Id).catch(() => undefined);
      rec = await this.store.update(rec.Id, (r) => ({ ...r, State: { ...r.State, Status: r.State.Running ? 'running' : r.State.Status, Paused: false }, Stevedore: { ...r.Stevedore, pausedBy: undefined } }));
      this.d.events.emit('container.unpause', rec.Id, { name: rec.Name.slice(1), image: rec.Config.Image });
    }
    const live = rec.State.Running || rec.State.Paused || rec.State.Restarting;
    if (!live || pidAlive(rec.Stevedore.shimPid, rec.Id)) return rec;
    const runtime = this.runtime(rec);
    await runtime.kill(rec.Id, 'KILL', true).catch(() => undefined);
    await runtime.delete(rec.Id);
    const next = await this.store.update(rec.Id, (r) => {
      if (!(r.State.Running || r.State.Paused || r.State.Restarting) || pidAlive(r.Stevedore.shimPid, r.Id)) return r;
      return { ...cleared(r), State: { ...r.State, Status: 'exited', Running: false, Paused: false, Restarting: false, Pid: 0, ExitCode: r.State.ExitCode || 255, Error: 'the container supervisor exited unexpectedly (killed, or the host restarted)', FinishedAt: new Date().toISOString() }, Stevedore: { ...r.Stevedore, shimPid: undefined } };
    });
    this.d.events.emit('container.die', rec.Id, { exitCode: String(next.State.ExitCode), name: rec.Name.slice(1), image: rec.Config.Image });
    return next;
  }

  // ---- networks ------------------------------------------------------------------------

  /** `docker network connect`: the container is on the network from its next start, or at once when it runs. */
  async connectNetwork(network: string, idOrName: string, o: NetworkConnectOptions = {}): Promise<void> {
    const net = await this.d.networks.resolve(network);
    const rec = await this.get(idOrName);
    if (['host', 'none'].includes(net.Name) || !bridged(rec)) throw new EngineError('invalid-argument', `container cannot be disconnected from host network or connected to host network`);
    checkEndpointOptions(net, { aliases: o.aliases, ip: o.ip });
    await this.store.update(rec.Id, (r) => {
      const have = r.NetworkSettings.Networks ?? {};
      if (have[net.Name] || Object.values(have).some((e) => e.NetworkID === net.Id)) throw new EngineError('forbidden', `endpoint with name ${r.Name.slice(1)} already exists in network ${net.Name}`);
      return { ...r, NetworkSettings: { ...r.NetworkSettings, Networks: { ...have, [net.Name]: endpoint(net, { aliases: o.aliases, ip: o.ip }) } } };
    });
    if (rec.State.Running || rec.State.Paused) {
      try {
        const next = await allocate(this.store, this.d.networks, rec.Id, net.Name);
        await ensureNetd(this.d.root);
        const r = await netdRequest<{ inside: string[] }>(this.d.root, { op: 'attach', id: rec.Id, pid: next.State.Pid, endpoints: helperEndpoints(next, await this.d.networks.all(), net.Name), ports: [] });
        await configureInside(this.d.root, next.State.Pid, r.inside).catch(async (e) => {
          await netdRequest(this.d.root, { op: 'detach', id: rec.Id, network: net.Id }).catch(() => undefined);
          throw e;
        });
      } catch (e) {
        await this.store.update(rec.Id, (r) => {
          const { [net.Name]: _gone, ...rest } = r.NetworkSettings.Networks ?? {};
          return { ...r, NetworkSettings: { ...r.NetworkSettings, Networks: rest } };
        });
        throw e;
      }
    }
    this.d.events.emit('network.connect', net.Id, { container: rec.Id, name: net.Name, type: 'bridge' });
  }

  /** `docker network disconnect`: the endpoint goes (at once when the container runs). */
  async disconnectNetwork(network: string, idOrName: string, _o: { force?: boolean } = {}): Promise<void> {
    const net = await this.d.networks.resolve(network);
    const rec = await this.get(idOrName);
    const name = Object.entries(rec.NetworkSettings.Networks ?? {}).find(([k, e]) => k === net.Name || e.NetworkID === net.Id)?.[0];
    if (!name) throw new EngineError('forbidden', `container ${rec.Id} is not connected to network ${net.Name}`);
    if (['host', 'none'].includes(net.Name)) throw new EngineError('invalid-argument', 'container cannot be disconnected from host network or connected to host network');
    if (rec.State.Running || rec.State.Paused) await netdRequest(this.d.root, { op: 'detach', id: rec.Id, network: net.Id }).catch(() => undefined);
    await this.store.update(rec.Id, (r) => {
      const { [name]: _gone, ...rest } = r.NetworkSettings.Networks ?? {};
      const top = name === 'bridge' ? { IPAddress: '', Gateway: '', IPPrefixLen: 0, MacAddress: '' } : {};
      return { ...r, NetworkSettings: { ...r.NetworkSettings, ...top, Networks: rest } };
    });
    this.d.events.emit('network.disconnect', net.Id, { container: rec.Id, name: net.Name, type: 'bridge' });
  }

  /** What the network helper has wired (for tests and `system` diagnostics); undefined when it is not running. */
  async networkHelperState(): Promise<unknown> {
    if (!fs.existsSync(netdPaths(this.d.root).pid)) return undefined;
    return netdRequest(this.d.root, { op: 'state' }).catch(() => undefined);
  }

  private async get(idOrName: string): Promise<ContainerRecord> {
    return this.reconcile(await this.store.resolve(idOrName));
  }

  async inspect(idOrName: string): Promise<ContainerInspect> {
    const { Stevedore: _private, ...rest } = await this.get(idOrName);
    return rest;
  }

  async list(opts: { all?: boolean; size?: boolean; filters?: Record<string, string[]> } = {}): Promise<ContainerSummary[]> {
    const out: ContainerSummary[] = [];
    const f = opts.filters ?? {};
    const ancestors = f.ancestor ? await Promise.all(f.ancestor.map((a) => this.d.images.find(a).then((i) => i?.id).catch(() => undefined))) : [];
    for (let rec of await this.store.listRecords()) {
      rec = await this.reconcile(rec);
      const st = rec.State.Status;
      if (!opts.all && !f.status && st !== 'running' && st !== 'paused' && st !== 'restarting') continue;
      if (f.status && !f.status.includes(st)) continue;
      if (f.name && !f.name.some((n) => new RegExp(n).test(rec.Name.slice(1)))) continue;
      if (f.id && !f.id.some((i) => rec.Id.startsWith(i))) continue;
      if (f.exited && !(st === 'exited' && f.exited.includes(String(rec.State.ExitCode)))) continue;
      if (f.label && !f.label.every((l) => {
        const [k, v] = l.split('=');
        const labels = rec.Config.Labels ?? {};
        return v === undefined ? k in labels : labels[k] === v;
      })) continue;
      if (f.ancestor && !f.ancestor.some((a, i) => ancestors[i] === rec.Image || rec.Config.Image === a)) continue;
      if (f.volume && !f.volume.some((v) => rec.Mounts.some((m) => m.Name === v || m.Destination === v))) continue;
      // COMMAND as docker's daemon makes it: arguments with a space in single quotes.
      const summary: ContainerSummary = {
        Id: rec.Id, Names: [rec.Name], Image: rec.Config.Image, ImageID: rec.Image, Command: [rec.Path, ...rec.Args.map((a) => (a.includes(' ') ? `'${a}'` : a))].join(' '),
        Created: Math.floor(Date.parse(rec.Created) / 1000), State: st, Status: statusText(rec),
        Ports: Object.entries(rec.NetworkSettings.Ports ?? {}).flatMap(([k, bs]) => {
          const [port, type] = k.split('/');
          return bs?.length ? bs.map((b) => ({ IP: b.HostIp || '0.0.0.0', PrivatePort: Number(port), PublicPort: b.HostPort ? Number(b.HostPort) : undefined, Type: type })) : [{ PrivatePort: Number(port), Type: type }];
        }),
        Mounts: rec.Mounts,
        Labels: rec.Config.Labels ?? {},
        NetworkSettings: { Networks: Object.fromEntries(Object.entries(rec.NetworkSettings.Networks ?? {}).map(([k, e]) => [k, { NetworkID: e.NetworkID, IPAddress: e.IPAddress, Aliases: e.Aliases }])) },
      };
      if (opts.size) {
        const snap = await this.d.snapshots.get(rec.Id).catch(() => undefined);
        summary.SizeRw = snap ? treeSize(snap.upperDir ?? snap.rootfs) : 0;
        summary.SizeRootFs = (await this.d.images.get(rec.Image, { sizes: true }).then((i) => i.size ?? 0).catch(() => 0)) + summary.SizeRw;
      }
      out.push(summary);
    }
    return out;
  }

  // ---- lifecycle -------------------------------------------------------------------------

  /** Spawns the supervisor; `ready` settles once the process started (or failed to). */
  private spawnShim(rec: ContainerRecord, attachWait: boolean): { ready: Promise<void> } {
    const dir = this.store.containerDir(rec.Id);
    const logFd = fs.openSync(path.join(dir, 'shim.log'), 'a');
    const child = spawn(process.execPath, [shimScript(), 'supervise', this.d.root, rec.Id, ...(attachWait ? ['--attach-wait'] : [])], {
      detached: true, stdio: ['ignore', logFd, logFd, 'pipe'], cwd: '/', env: nodeChildEnv(),
    });
    fs.closeSync(logFd);
    const pipe = child.stdio[3] as NodeJS.ReadableStream & { destroy(): void };
    const ready = new Promise<void>((resolve, reject) => {
      let text = '';
      pipe.on('data', (d: Buffer) => (text += d.toString()));
      pipe.on('error', () => undefined);
      pipe.on('close', () => {
        const line = text.split('\n')[0] ?? '';
        if (line === 'ok') return resolve();
        const m = /^error (\d+) ([\s\S]*)$/.exec(line);
        if (m) return reject(new ContainerStartError(Number(m[1]), `failed to create task for container: ${m[2]}`));
        let log = '';
        try {
          log = fs.readFileSync(path.join(dir, 'shim.log'), 'utf8').trim().split('\n').slice(-3).join(' ');
        } catch {
          // none
        }
        reject(new EngineError('internal', `the container supervisor exited before starting the container${log ? `: ${log}` : ''}`));
      });
    });
    child.unref();
    return { ready };
  }

  private async prepareStart(idOrName: string): Promise<ContainerRecord | undefined> {
    const rec = await this.get(idOrName);
    if (rec.State.Paused) throw new EngineError('conflict', `cannot start a paused container, try unpause instead`);
    if (rec.State.Running || rec.State.Restarting) return undefined;
    await this.d.snapshots.mount(rec.Id);
    const ports: Record<string, PortBinding[] | null> = {};
    for (const [k, bs] of Object.entries(rec.NetworkSettings.Ports ?? {})) {
      const want = rec.HostConfig.PortBindings[k];
      if (!want?.length) {
        ports[k] = bs;
        continue;
      }
      ports[k] = [];
      for (const b of want) {
        const port = b.HostPort.includes('-') ? await freePortIn(b.HostIp, b.HostPort) : b.HostPort ? Number(b.HostPort) : await freePort(b.HostIp);
        if (b.HostPort && !b.HostPort.includes('-')) await checkPortFree(b.HostIp, port);
        ports[k]!.push({ HostIp: b.HostIp || '0.0.0.0', HostPort: String(port) });
      }
    }
    const next = await this.store.update(rec.Id, (r) => ({ ...r, NetworkSettings: { ...r.NetworkSettings, Ports: ports }, Stevedore: { ...r.Stevedore, stopRequested: false } }));
    if (!bridged(next)) return next;
    const withAddresses = await allocate(this.store, this.d.networks, next.Id);
    writeEtc(withAddresses);
    return withAddresses;
  }

  /**
   * One start of a container at a time, across processes: from reading "not running" until its
   * supervisor has recorded the process (or the failure). Two starts racing each spawned a
   * supervisor; the runtime refused the second ("already exists") and its record overwrote the
   * first's, leaving a running container marked exited.
   */
  private startLocked<T>(idOrName: string, fn: (id: string) => Promise<T>): Promise<T> {
    return this.get(idOrName).then(({ Id }) => withLock(this.d.root, `start-${Id}`, () => fn(Id), { stale: 30_000 }));
  }

  async start(idOrName: string): Promise<void> {
    await this.startLocked(idOrName, async (id) => {
      const rec = await this.prepareStart(id);
      if (rec) await this.spawnShim(rec, false).ready;
    });
  }

  /** `docker run` without -d / `start -a`: starts with this caller attached from the first byte. */
  async startAttached(idOrName: string, streams: AttachStreams): Promise<{ StatusCode: number }> {
    const { rec, pumped, failure } = await this.startLocked(idOrName, async (id) => {
      const rec = await this.prepareStart(id);
      if (!rec) throw new EngineError('conflict', `container ${idOrName} is already running`);
      const shim = this.spawnShim(rec, true);
      let failed: unknown;
      shim.ready.catch((e) => (failed = e));
      const sock = await this.connect(rec, shim.ready);
      // The supervisor starts the process once this client said hello (pump's first frame).
      const pumped = this.pump(sock, rec, streams);
      pumped.catch(() => undefined);
      await shim.ready.catch(() => undefined);
      return { rec, pumped, failure: () => failed };
    });
    const res = await pumped;
    if (failure()) throw failure();
    return { StatusCode: res.StatusCode ?? (await this.store.read(rec.Id))?.State.ExitCode ?? 0 };
  }

  private async connect(rec: ContainerRecord, failed?: Promise<void>): Promise<net.Socket> {
    let stop = false;
    failed?.catch(() => (stop = true));
    for (let i = 0; i < 2000; i++) {
      try {
        return await new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect(rec.Stevedore.attachSocket);
          s.once('connect', () => resolve(s));
          s.once('error', reject);
        });
      } catch (e) {
        if (stop) throw e;
        await sleep(10);
      }
    }
    throw new EngineError('internal', `could not attach to container ${shortId(rec.Id)}: its supervisor does not answer`);
  }

  private pump(sock: net.Socket, rec: ContainerRecord, s: AttachStreams): Promise<{ StatusCode?: number }> {
    return new Promise((resolve, reject) => {
      let code: number | undefined;
      let sizing: { dispose(): void } | undefined;
      const applySize = () => {
        if (!s.terminal || !rec.Config.Tty) return;
        void this.resize(rec.Id, s.terminal.cols, s.terminal.rows).catch(() => undefined);
        sizing ??= s.terminal.onResize?.((cols, rows) => void this.resize(rec.Id, cols, rows).catch(() => undefined));
      };
      const reader = new FrameReader((kind, payload) => {
        if (kind === Frame.Stdout) s.stdout?.write(payload);
        else if (kind === Frame.Stderr) s.stderr?.write(payload);
        else if (kind === Frame.Exit) code = Number(payload.toString());
        else if (kind === Frame.Started) applySize();
      });
      if (rec.State.Running) applySize();
      sock.on('close', () => sizing?.dispose());
      sock.on('data', (d) => reader.push(d));
      sock.on('error', reject);
      sock.on('close', () => resolve({ StatusCode: code }));
      const size = s.terminal && rec.Config.Tty ? { cols: s.terminal.cols, rows: s.terminal.rows } : undefined;
      sock.write(frame(Frame.Hello, JSON.stringify({ stdin: !!s.stdin, ...(size ? { size } : {}) })));
      if (s.stdin && rec.Config.OpenStdin) {
        s.stdin.on('data', (d: Buffer) => sock.write(frame(Frame.Stdin, d)));
        s.stdin.on('end', () => {
          if (s.closeStdin !== false && !sock.destroyed) sock.write(frame(Frame.StdinEnd));
        });
      }
      s.signal?.addEventListener('abort', () => sock.destroy(), { once: true });
    });
  }

  async attach(idOrName: string, streams: AttachStreams): Promise<{ StatusCode?: number }> {
    const rec = await this.get(idOrName);
    if (!rec.State.Running) throw new EngineError('conflict', 'You cannot attach to a stopped container, start it first');
    return this.pump(await this.connect(rec), rec, streams);
  }

  private async waitStopped(id: string, ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    for (;;) {
      const r = await this.store.read(id);
      if (!r) return true;
      const rr = await this.reconcile(r);
      if (!rr.State.Running && !rr.State.Restarting && !pidAlive(rr.Stevedore.shimPid, id)) return true;
      if (Date.now() >= until) return false;
      await sleep(20);
    }
  }

  async stop(idOrName: string, opts: { timeout?: number; signal?: string } = {}): Promise<void> {
    let rec = await this.get(idOrName);
    if (!rec.State.Running && !rec.State.Restarting) return;
    rec = await this.store.update(rec.Id, (r) => ({ ...r, Stevedore: { ...r.Stevedore, stopRequested: true } }));
    const rt = this.runtime(rec);
    const sig = opts.signal ?? rec.Config.StopSignal ?? 'SIGTERM';
    const timeout = opts.timeout ?? rec.Config.StopTimeout ?? 10;
    if (timeout !== 0) await rt.kill(rec.Id, sig.replace(/^SIG/, '')).catch(() => undefined);
    if (rec.State.Paused) await rt.resume(rec.Id).catch(() => undefined);
    if (timeout < 0 ? await this.waitStopped(rec.Id, 2 ** 31) : await this.waitStopped(rec.Id, timeout * 1000)) {
      this.d.events.emit('container.stop', rec.Id, { name: rec.Name.slice(1), image: rec.Config.Image });
      return;
    }
    await rt.kill(rec.Id, 'KILL', true).catch(() => undefined);
    if (!(await this.waitStopped(rec.Id, 10_000))) throw new EngineError('internal', `container ${shortId(rec.Id)} did not stop after SIGKILL`);
    this.d.events.emit('container.stop', rec.Id, { name: rec.Name.slice(1), image: rec.Config.Image });
  }

  async restart(idOrName: string, opts: { timeout?: number } = {}): Promise<void> {
    await this.stop(idOrName, opts);
    await this.start(idOrName);
    const rec = await this.store.resolve(idOrName);
    this.d.events.emit('container.restart', rec.Id, { name: rec.Name.slice(1), image: rec.Config.Image });
  }

  async kill(idOrName: string, signal = 'KILL'): Promise<void> {
    const rec = await this.get(idOrName);
    if (!rec.State.Running) throw new EngineError('conflict', `Cannot kill container: ${idOrName}: Container ${rec.Id} is not running`);
    const sig = signal.replace(/^SIG/, '').toUpperCase();
    if (!/^\d+$/.test(sig) && !(`SIG${sig}` in os.constants.signals)) throw new EngineError('invalid-argument', `Invalid signal: ${signal}`);
    if (sig === 'KILL' || sig === '9') await this.store.update(rec.Id, (r) => ({ ...r, Stevedore: { ...r.Stevedore, stopRequested: true } }));
    await this.runtime(rec).kill(rec.Id, sig, sig === 'KILL' || sig === '9');
    this.d.events.emit('container.kill', rec.Id, { name: rec.Name.slice(1), image: rec.Config.Image, signal: sig });
  }

  async pause(idOrName: string): Promise<void> {
    const rec = await this.get(idOrName);
    if (!rec.State.Running) throw new EngineError('conflict', `Container ${rec.Id} is not running`);
    if (rec.State.Paused) throw new EngineError('conflict', `Container ${rec.Id} is already paused`);
    await this.runtime(rec).pause(rec.Id);
    await this.store.update(rec.Id, (r) => ({ ...r, State: { ...r.State, Status: 'paused', Paused: true } }));
    this.d.events.emit('container.pause', rec.Id, { name: rec.Name.slice(1), image: rec.Config.Image });
  }

  async unpause(idOrName: string): Promise<void> {
    const rec = await this.get(idOrName);
    if (!rec.State.Paused) throw new EngineError('conflict', `Container ${rec.Id} is not paused`);
    await this.runtime(rec).resume(rec.Id);
    await this.store.update(rec.Id, (r) => ({ ...r, State: { ...r.State, Status: 'running', Paused: false } }));
    this.d.events.emit('container.unpause', rec.Id, { name: rec.Name.slice(1), image: rec.Config.Image });
  }

  async remove(idOrName: string, opts: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    const rec = await this.get(idOrName);
    if (rec.State.Running || rec.State.Restarting) {
      if (!opts.force) {
        throw new EngineError('conflict', `cannot remove container "${rec.Name}": container is ${rec.State.Paused ? 'paused' : 'running'}: ${rec.State.Paused ? 'unpause and then stop' : 'stop'} the container before removing or force remove`);
      }
      await this.store.update(rec.Id, (r) => ({ ...r, Stevedore: { ...r.Stevedore, stopRequested: true } }));
      const rt = this.runtime(rec);
      await rt.kill(rec.Id, 'KILL', true).catch(() => undefined);
      if (rec.State.Paused) await rt.resume(rec.Id).catch(() => undefined);
      if (!(await this.waitStopped(rec.Id, 10_000))) throw new EngineError('internal', `container ${shortId(rec.Id)} did not stop after SIGKILL`);
    }
    // The supervisor writes the record until it exits; removal waits for it so nothing comes back.
    const until = Date.now() + 10_000;
    while (pidAlive((await this.store.read(rec.Id))?.Stevedore.shimPid, rec.Id) && Date.now() < until) await sleep(20);
    await removeContainerFiles(this.d.root, rec.Id, { volumes: opts.volumes, snapshotter: this.d.snapshots, volumeStore: this.d.volumes, events: this.d.events });
  }

  async prune(): Promise<{ ContainersDeleted: string[]; SpaceReclaimed: number }> {
    const deleted: string[] = [];
    let bytes = 0;
    for (const rec of await this.store.all()) {
      const r = await this.reconcile(rec);
      if (r.State.Running || r.State.Paused || r.State.Restarting) continue;
      const snap = await this.d.snapshots.get(r.Id).catch(() => undefined);
      if (snap) bytes += treeSize(snap.upperDir ?? snap.rootfs);
      await this.remove(r.Id);
      deleted.push(r.Id);
    }
    return { ContainersDeleted: deleted, SpaceReclaimed: bytes };
  }

  async wait(idOrName: string, opts: { signal?: AbortSignal } = {}): Promise<{ StatusCode: number }> {
    const rec = await this.get(idOrName);
    for (;;) {
      const r = await this.store.read(rec.Id);
      if (!r) return { StatusCode: rec.State.ExitCode };
      const rr = await this.reconcile(r);
      if (!rr.State.Running && !rr.State.Restarting) return { StatusCode: rr.State.ExitCode };
      if (opts.signal?.aborted) throw new EngineError('cancelled', 'wait cancelled');
      await sleep(50);
    }
  }

  async resize(idOrName: string, cols: number, rows: number): Promise<void> {
    const rec = await this.store.resolve(idOrName);
    if (!rec.Config.Tty) throw new EngineError('conflict', `container ${shortId(rec.Id)} has no terminal (it was not created with -t)`);
    if (!rec.State.Running) throw new EngineError('conflict', `Container ${rec.Id} is not running`);
    await resizeTerminal(rec.State.Pid, cols, rows);
  }

  async rename(idOrName: string, name: string): Promise<void> {
    const rec = await this.get(idOrName);
    const n = name.replace(/^\//, '');
    if (!NAME_RE.test(n)) throw new EngineError('invalid-argument', `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    await this.store.withNames(async (taken) => {
      if (taken.has(`/${n}`) && rec.Name !== `/${n}`) throw new EngineError('conflict', `Error when allocating new name: Conflict. The container name "/${n}" is already in use`);
      await this.store.update(rec.Id, (r) => ({ ...r, Name: `/${n}` }));
    });
    this.d.events.emit('container.rename', rec.Id, { name: n, oldName: rec.Name });
  }

  // ---- processes -------------------------------------------------------------------------

  async exec(idOrName: string, o: ExecOptions): Promise<{ ExitCode: number }> {
    const rec = await this.get(idOrName);
    if (rec.State.Paused) throw new EngineError('conflict', `Container ${rec.Id} is paused, unpause the container before exec`);
    if (!rec.State.Running) throw new EngineError('conflict', `Container ${rec.Id} is not running`);
    if (!o.cmd.length) throw new EngineError('invalid-argument', 'No exec command specified');
    const snap = await this.d.snapshots.get(rec.Id);
    const user = resolveUser(snap.rootfs, o.user ?? rec.Config.User);
    const rt = this.runtime(rec);
    const tag = crypto.randomBytes(4).toString('hex');
    const logFile = path.join(this.store.containerDir(rec.Id), `exec-${tag}.log`);
    const pidFile = path.join(this.store.containerDir(rec.Id), `exec-${tag}.pid`);
    const tty = !!o.tty && !o.detach;
    // The container's own process, as `runc exec` builds it from flags, but whole in a --process
    // file: flags would add the exec user's groups to the main process's, while docker gives an
    // exec only its user's own groups.
    const procFile = path.join(this.store.containerDir(rec.Id), `exec-${tag}.json`);
    const base = JSON.parse(await fs.promises.readFile(path.join(this.store.containerDir(rec.Id), 'bundle', 'config.json'), 'utf8')).process;
    // HOME is the exec user's (docker: `exec -u app` has /home/app) unless the container set one.
    const ownHome = (rec.Config.Env ?? []).some((e) => e.startsWith('HOME='));
    const execEnv = ownHome ? base.env as string[] : [...(base.env as string[]).filter((e) => !e.startsWith('HOME=')), `HOME=${user.home}`];
    // With a TTY the runtime's init sizes the pty from consoleSize before the process runs (and
    // script's terminal, which runc copies after the start, has the same size: spawnWithTerminal).
    const size = tty && o.terminal && o.terminal.cols > 0 && o.terminal.rows > 0 ? { width: Math.floor(o.terminal.cols), height: Math.floor(o.terminal.rows) } : undefined;
    delete base.consoleSize;
    await fs.promises.writeFile(procFile, JSON.stringify({
      ...base, ...(size ? { consoleSize: size } : {}), terminal: tty, args: o.cmd, env: [...execEnv, ...(o.env ?? [])], cwd: o.workingDir || base.cwd,
      user: { uid: user.uid, gid: user.gid, ...(user.additionalGids.length ? { additionalGids: user.additionalGids } : {}) },
    }));
    const args = rt.args('--log', logFile, '--log-format', 'json', 'exec', '--process', procFile, ...(tty ? ['--tty', '--pid-file', pidFile] : []), ...(o.detach ? ['--detach'] : []), rec.Id);
    const child = tty ? spawnWithTerminal([rt.binary, ...args], {}, o.terminal) : spawn(rt.binary, args, { stdio: [o.stdin ? 'pipe' : 'ignore', o.detach ? 'ignore' : 'pipe', o.detach ? 'ignore' : 'pipe'] });
    let sizing: { dispose(): void } | undefined;
    if (tty && o.terminal) {
      const term = o.terminal;
      void (async () => {
        for (let i = 0; i < 400 && child.exitCode === null; i++) {
          const pid = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8') : 0);
          if (pid) {
            await resizeTerminal(pid, term.cols, term.rows).catch(() => undefined);
            sizing = term.onResize?.((cols, rows) => void resizeTerminal(pid, cols, rows).catch(() => undefined));
            return;
          }
          await sleep(10);
        }
      })();
    }
    if (o.stdin && child.stdin) {
      child.stdin.on('error', () => undefined);
      o.stdin.pipe(child.stdin);
    }
    if (child.stdout) child.stdout.on('data', (d: Buffer) => o.stdout?.write(d));
    // The runtime's own start error (also in its log) becomes the thrown error below, not output.
    if (child.stderr) child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      if (/^(runc |crun )?exec failed: unable to start container process/m.test(text)) {
        const rest = text.split('\n').filter((l) => !/^(runc |crun )?exec failed: unable to start container process/.test(l)).join('\n');
        if (rest.trim()) o.stderr?.write(rest);
        return;
      }
      o.stderr?.write(d);
    });
    o.signal?.addEventListener('abort', () => child.kill('SIGKILL'), { once: true });
    const code = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c, sig) => resolve(c ?? 128 + (sig ? os.constants.signals[sig] : 0)));
    });
    sizing?.dispose();
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    fs.rmSync(logFile, { force: true });
    fs.rmSync(pidFile, { force: true });
    fs.rmSync(procFile, { force: true });
    const failure = runtimeMessage(log);
    if (failure && /exec failed|unable to start|starting container process/.test(failure)) {
      throw new ContainerStartError(startFailureStatus(failure) === 127 ? 127 : 126, `OCI runtime exec failed: ${failure.replace(/^runc exec failed: /, '')}`);
    }
    this.d.events.emit('container.exec_start', rec.Id, { name: rec.Name.slice(1), execCommand: o.cmd.join(' ') });
    return { ExitCode: code };
  }

  async top(idOrName: string): Promise<{ Titles: string[]; Processes: string[][] }> {
    const rec = await this.get(idOrName);
    if (!rec.State.Running) throw new EngineError('conflict', `Container ${rec.Id} is not running`);
    const pids = new Set((await this.runtime(rec).pids(rec.Id)).map(String));
    const { stdout } = await run('ps', ['-ef']);
    const lines = stdout.trimEnd().split('\n');
    const titles = lines[0].trim().split(/\s+/);
    const pidCol = titles.indexOf('PID');
    const processes = lines.slice(1).map((l) => {
      const f = l.trim().split(/\s+/);
      return [...f.slice(0, titles.length - 1), f.slice(titles.length - 1).join(' ')];
    }).filter((f) => pids.has(f[pidCol]));
    return { Titles: titles, Processes: processes };
  }

  /**
   * `docker stats --no-stream`: read from the container's own cgroup, found through its init
   * process (v1: cpuacct, memory, pids controllers; v2: cpu.stat, memory.current, pids.current).
   * A rootless container shares the engine's cgroup (no delegation), so it has no figures of its
   * own: `unsupported`.
   */
  async stats(idOrName: string): Promise<ContainerStats> {
    const rec = await this.get(idOrName);
    if (!rec.State.Running || !rec.State.Pid) throw new EngineError('conflict', `Container ${rec.Id} is not running`);
    const cgroups = (pid: number | 'self') => {
      const m = new Map<string, string>();
      try {
        for (const line of fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n')) {
          const [, controllers, p] = /^\d+:([^:]*):(.*)$/.exec(line) ?? [];
          if (p !== undefined) for (const c of controllers.split(',')) m.set(c, p);
        }
      } catch {
        // gone
      }
      return m;
    };
    const mine = cgroups(rec.State.Pid);
    const ours = cgroups('self');
    const read = (file: string) => {
      try {
        return fs.readFileSync(file, 'utf8').trim();
      } catch {
        return '';
      }
    };
    const kv = (text: string) => Object.fromEntries(text.split('\n').filter(Boolean).map((l) => l.split(' ')).map(([k, v]) => [k, Number(v)]));
    const v1 = fs.existsSync('/sys/fs/cgroup/cpuacct');
    const key = v1 ? 'cpuacct' : '';
    if (!mine.has(key) || mine.get(key) === ours.get(key)) {
      throw new EngineError('unsupported', `stats need the container's own cgroup, which this ${process.getuid?.() === 0 ? '' : 'rootless '}engine did not get for ${rec.Name.slice(1)}; run the engine as root, or with cgroup v2 delegation`);
    }
    const dir = (controller: string) => (v1 ? path.join('/sys/fs/cgroup', controller, mine.get(controller) ?? '') : path.join('/sys/fs/cgroup', mine.get('') ?? ''));
    let cpuNs: number;
    let memory: { usage: number; limit: string; stats: Record<string, number> };
    if (v1) {
      cpuNs = Number(read(path.join(dir('cpuacct'), 'cpuacct.usage'))) || 0;
      memory = { usage: Number(read(path.join(dir('memory'), 'memory.usage_in_bytes'))) || 0, limit: read(path.join(dir('memory'), 'memory.limit_in_bytes')), stats: kv(read(path.join(dir('memory'), 'memory.stat'))) };
    } else {
      cpuNs = (kv(read(path.join(dir(''), 'cpu.stat'))).usage_usec ?? 0) * 1000;
      memory = { usage: Number(read(path.join(dir(''), 'memory.current'))) || 0, limit: read(path.join(dir(''), 'memory.max')), stats: kv(read(path.join(dir(''), 'memory.stat'))) };
    }
    const pids = v1 ? dir('pids') : dir('');
    const limit = Number(memory.limit);
    // /proc/stat's first line: jiffies (USER_HZ, 100 on Linux) of all CPUs, as docker's system_cpu_usage (ns).
    const hostCpu = read('/proc/stat').split('\n')[0].trim().split(/\s+/).slice(1, 8).map(Number).reduce((a, b) => a + b, 0) * 1e7;
    const pidsMax = read(path.join(pids, 'pids.max'));
    return {
      read: new Date().toISOString(), id: rec.Id, name: rec.Name,
      pids_stats: { current: Number(read(path.join(pids, 'pids.current'))) || 0, ...(pidsMax && pidsMax !== 'max' ? { limit: Number(pidsMax) } : {}) },
      cpu_stats: { cpu_usage: { total_usage: cpuNs }, system_cpu_usage: hostCpu, online_cpus: os.cpus().length },
      // One reading: no earlier one to compare with.
      precpu_stats: { cpu_usage: { total_usage: 0 } },
      // A limit past the machine's memory (v1's "no limit" is a huge number, v2's is "max") is the machine's memory.
      memory_stats: { usage: memory.usage, limit: Number.isFinite(limit) && limit > 0 && limit < os.totalmem() ? limit : os.totalmem(), stats: memory.stats },
    };
  }

  async port(idOrName: string): Promise<Record<string, PortBinding[] | null>> {
    return (await this.get(idOrName)).NetworkSettings.Ports ?? {};
  }

  // ---- filesystem ------------------------------------------------------------------------

  async diff(idOrName: string): Promise<Array<{ Kind: 0 | 1 | 2; Path: string }>> {
    const rec = await this.get(idOrName);
    const changes = await this.d.snapshots.changes(rec.Id);
    const kind = { C: 0, A: 1, D: 2 } as const;
    return [...changes].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((c) => ({ Kind: kind[c.kind], Path: `/${c.path}` }));
  }

  async export(idOrName: string, out: Writable, opts: { signal?: AbortSignal } = {}): Promise<void> {
    const rec = await this.get(idOrName);
    await this.d.snapshots.exportRootfs(rec.Id, out, opts);
    this.d.events.emit('container.export', rec.Id, { name: rec.Name.slice(1) });
  }

  /** `docker commit`: the container's changes as a new top layer of its image, with a history entry. */
  async commit(idOrName: string, o: { reference?: string; message?: string; author?: string; changes?: string[]; pause?: boolean } = {}): Promise<{ Id: string }> {
    const rec = await this.get(idOrName);
    const paused = rec.State.Running && !rec.State.Paused && o.pause !== false;
    if (paused) {
      await this.store.update(rec.Id, (r) => ({ ...r, Stevedore: { ...r.Stevedore, pausedBy: { op: 'commit', pid: process.pid } } }));
      await this.pause(rec.Id);
    }
    let layer: Awaited<ReturnType<Snapshotter['commitToContent']>>;
    try {
      layer = await this.d.snapshots.commitToContent(rec.Id);
    } finally {
      if (paused) {
        await this.unpause(rec.Id).catch(() => undefined);
        await this.store.update(rec.Id, (r) => ({ ...r, Stevedore: { ...r.Stevedore, pausedBy: undefined } })).catch(() => undefined);
      }
    }
    const base = await this.d.images.get(rec.Image);
    const { Hostname: _h, Domainname: _d, AttachStdin: _a, ...runtimeCfg } = rec.Config;
    const cfg = applyChanges({ ...runtimeCfg, Image: rec.Image }, o.changes ?? []);
    const created = new Date().toISOString();
    const config: ImageConfig = {
      ...base.config,
      created,
      ...(o.author ? { author: o.author } : {}),
      config: cfg,
      container: rec.Id,
      rootfs: { type: 'layers', diff_ids: [...base.config.rootfs.diff_ids, layer.diffId] },
      history: [...(base.config.history ?? []), { created, created_by: [rec.Path, ...rec.Args].join(' '), ...(o.author ? { author: o.author } : {}), ...(o.message ? { comment: o.message } : {}) }],
    };
    delete config.container_config;
    // docker keeps -m as the image's own comment too (inspect's Comment), not the base image's.
    if (o.message) config.comment = o.message;
    else delete config.comment;
    const cfgDesc = await this.d.content.put(Buffer.from(JSON.stringify(config)));
    const manifest: Manifest = {
      schemaVersion: 2, mediaType: MediaTypes.dockerManifest,
      config: { mediaType: MediaTypes.dockerConfig, ...cfgDesc },
      layers: [...base.manifestJson.layers, { mediaType: MediaTypes.dockerLayer, digest: layer.digest, size: layer.size }],
    };
    const m = await this.d.content.put(Buffer.from(JSON.stringify(manifest)));
    const desc = { mediaType: MediaTypes.dockerManifest, ...m };
    const img = o.reference ? await this.d.images.tag(o.reference, desc) : await this.d.images.register(desc);
    this.d.events.emit('container.commit', rec.Id, { name: rec.Name.slice(1), imageID: img.id, ...(o.reference ? { image: normalizeImageRef(o.reference).familiarString } : {}) });
    return { Id: img.id };
  }

  /** `docker cp CONTAINER:SRC -`: a tar of SRC (named by its base name), resolved inside the rootfs. */
  async copyFrom(idOrName: string, srcPath: string, out: Writable): Promise<void> {
    const rec = await this.get(idOrName);
    await this.d.snapshots.withRootfs(rec.Id, async (snap) => {
      const followFinal = /\/\.?$/.test(srcPath);
      const rel = resolveInRoot(snap.rootfs, srcPath.replace(/^\/+/, ''), followFinal);
      const abs = path.join(snap.rootfs, rel);
      if (!fs.lstatSync(abs, { throwIfNoEntry: false })) throw new EngineError('not-found', `Could not find the file ${srcPath} in container ${idOrName}`);
      // The path itself (named by its base name), or for the root its contents.
      const [base, names] = rel ? [path.dirname(abs), [path.basename(abs)]] : [abs, fs.readdirSync(abs)];
      await writeLayerTar(base, treeAdditions(base, names), out);
    });
  }

  /** `docker cp - CONTAINER:DST`: extracts a tar into DST (a directory), contained in the rootfs. */
  async copyTo(idOrName: string, dstPath: string, tar: Readable): Promise<void> {
    const rec = await this.get(idOrName);
    await this.d.snapshots.withRootfs(rec.Id, async (snap) => {
      const rel = resolveInRoot(snap.rootfs, dstPath.replace(/^\/+/, ''), true);
      const abs = path.join(snap.rootfs, rel);
      if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw new EngineError('not-found', `Could not find the file ${dstPath} in container ${idOrName}`);
      // applyLayer keeps every entry inside `abs`'s root view: it resolves like a chroot at the rootfs.
      await applyLayer(tar, abs);
    });
  }

  async statPath(idOrName: string, p: string): Promise<PathStat> {
    const rec = await this.get(idOrName);
    return this.d.snapshots.withRootfs(rec.Id, (snap) => {
      const rel = resolveInRoot(snap.rootfs, p.replace(/^\/+/, ''), false);
      const abs = path.join(snap.rootfs, rel);
      const st = fs.lstatSync(abs, { throwIfNoEntry: false });
      if (!st) throw new EngineError('not-found', `Could not find the file ${p} in container ${idOrName}`);
      let linkTarget = '';
      if (st.isSymbolicLink()) linkTarget = '/' + resolveInRoot(snap.rootfs, rel, true);
      return { name: rel ? path.basename(rel) : '/', size: st.size, mode: goFileMode(st), mtime: st.mtime.toISOString(), linkTarget };
    });
  }

  /** `system df`'s Containers row: the writable layers' bytes; stopped containers' are reclaimable. */
  async usage(): Promise<{ total: number; active: number; size: number; reclaimable: number }> {
    let total = 0;
    let active = 0;
    let size = 0;
    let reclaimable = 0;
    for (const rec of await this.store.all()) {
      total++;
      const running = rec.State.Running || rec.State.Paused || rec.State.Restarting;
      if (running) active++;
      const snap = await this.d.snapshots.get(rec.Id).catch(() => undefined);
      const bytes = snap ? treeSize(snap.upperDir ?? snap.rootfs) : 0;
      size += bytes;
      if (!running) reclaimable += bytes;
    }
    return { total, active, size, reclaimable };
  }

  // ---- consistency -----------------------------------------------------------------------

  /**
   * Finds what interrupted operations (a process killed mid-create, mid-rm, a host restart) left
   * behind and, with `repair`, finishes their work: half-created containers are deleted (their
   * creation never returned an ID), interrupted removals are completed, root filesystems and
   * runtime state of containers that no longer exist are removed, and records of containers whose
   * supervisor is gone are marked exited. What cannot be repaired is an error.
   */
  async fsck(opts: { repair?: boolean } = {}): Promise<{ ok: boolean; containers: number; problems: FsckProblem[] }> {
    const problems: FsckProblem[] = [];
    const note = (severity: 'error' | 'warning', subject: string, message: string, repaired?: boolean) => problems.push({ severity, subject, message, ...(opts.repair && repaired !== undefined ? { repaired } : {}) });
    const dir = this.store.dir;
    const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
    const live = new Set<string>();
    for (const n of names) {
      const p = path.join(dir, n);
      if (n.startsWith('.trash-')) {
        const id = n.slice(7);
        note('warning', `container ${shortId(id)}`, 'its removal was interrupted; the rest of it is deleted by --repair');
        if (opts.repair) {
          await this.d.snapshots.remove(id).catch(() => undefined);
          await fs.promises.rm(p, { recursive: true, force: true });
        }
        continue;
      }
      // The names cache's atomic write of a process killed mid-write.
      const writer = atomicTempWriter(n);
      if (writer !== undefined && writer !== process.pid && !pidAlive(writer)) {
        note('warning', p, 'stray temporary file (left by an interrupted operation); deleted by --repair');
        if (opts.repair) await fs.promises.rm(p, { force: true });
        continue;
      }
      if (!/^[a-f0-9]{64}$/.test(n)) continue;
      let rec = await this.store.read(n);
      if (!rec) {
        // A create makes its folder and then its name reservation under the names lock: asked
        // under that lock, a folder without a record is a create still running in another process
        // (its reservation's owner lives), left alone with what it has made so far (its snapshot:
        // live), or a create that was interrupted. One that finished or failed meanwhile is seen so.
        const running = await this.store.withNames(async () => {
          rec = await this.store.read(n);
          return !rec && this.store.creating(n);
        });
        if (running) {
          live.add(n);
          continue;
        }
        if (!rec && !fs.existsSync(p)) continue;
      }
      if (!rec) {
        note('warning', `container ${shortId(n)}`, 'its creation was interrupted (no record was written); deleted by --repair');
        if (opts.repair) {
          await this.d.snapshots.remove(n).catch(() => undefined);
          await fs.promises.rm(p, { recursive: true, force: true });
        }
        continue;
      }
      live.add(n);
      const was = rec.State.Status;
      const now = await this.reconcile(rec);
      if (rec.Stevedore.pausedBy && !now.Stevedore.pausedBy) note('warning', `container ${shortId(n)}`, 'was left paused by an interrupted commit; unpaused', true);
      if (now.State.Status === 'exited' && was !== 'exited') note('warning', `container ${shortId(n)}`, `was ${was} but its supervisor is gone; marked exited`, true);
      if (!(await this.d.snapshots.get(n).catch(() => undefined))) note('error', `container ${shortId(n)}`, 'its root filesystem is missing; remove the container (rm -f)');
      if (!(await this.d.images.find(rec.Image).catch(() => undefined))) note('warning', `container ${shortId(n)}`, `its image ${shortId(rec.Image.replace(/^sha256:/, ''))} is no longer in the store (removed with -f); the container still runs from its unpacked layers`);
    }
    // Overlay probes of a process killed mid-probe: unmounted and removed.
    const snapDir = path.join(this.d.root, 'snapshots');
    for (const n of await fs.promises.readdir(snapDir).catch(() => [] as string[])) {
      const m = /^\.probe-(\d+)-/.exec(n);
      if (!m || Number(m[1]) === process.pid || pidAlive(Number(m[1]))) continue;
      note('warning', `overlay probe ${n}`, 'left by a process killed while probing overlay support; deleted by --repair');
      if (opts.repair) {
        const p = path.join(snapDir, n);
        await run('umount', [path.join(p, 'm')]).catch(() => undefined);
        if (!fs.readFileSync('/proc/self/mountinfo', 'utf8').includes(` ${p}/`)) await fs.promises.rm(p, { recursive: true, force: true });
      }
    }
    for (const s of await this.d.snapshots.list()) {
      if (/^[a-f0-9]{64}$/.test(s.id) && !live.has(s.id)) {
        note('warning', `snapshot ${shortId(s.id)}`, 'root filesystem of a container that no longer exists; deleted by --repair');
        if (opts.repair) await this.d.snapshots.remove(s.id);
      }
    }
    const stateDir = path.join(this.d.root, 'runtime');
    for (const n of await fs.promises.readdir(stateDir).catch(() => [] as string[])) {
      if (n.startsWith('build-')) continue; // a build step's: reapRuns() below knows whether its build still runs
      const rec = live.has(n) ? await this.store.read(n) : undefined;
      if (rec && (rec.State.Running || rec.State.Paused || rec.State.Restarting)) continue;
      note('warning', `runtime state ${shortId(n)}`, 'left by a container that is not running; deleted by --repair');
      if (opts.repair) {
        const rt = new Runtime(rec?.Stevedore.runtime ?? detectRuntime().path ?? 'runc', this.d.root);
        await rt.kill(n, 'KILL', true).catch(() => undefined);
        await rt.delete(n);
        await fs.promises.rm(path.join(stateDir, n), { recursive: true, force: true });
      }
    }
    for (const n of await fs.promises.readdir(this.d.volumes.dir).catch(() => [] as string[])) {
      if (!n.startsWith('.trash-')) continue;
      note('warning', `volume ${n.slice(7).replace(/-\d+$/, '')}`, 'its removal was interrupted; deleted by --repair');
      if (opts.repair) await fs.promises.rm(path.join(this.d.volumes.dir, n), { recursive: true, force: true });
    }
    // Build steps of a killed build: their containers, slirp4netns and bundles; then their
    // snapshots, stale mounts and the unpacked layers nothing uses.
    for (const id of await reapRuns(this.d.root, { dryRun: !opts.repair })) note('warning', `build step ${id}`, `left running by an interrupted build; ${opts.repair ? 'stopped and removed' : 'stopped and removed by --repair'}`, true);
    problems.push(...(await this.d.snapshots.fsck({ repair: opts.repair })));
    return { ok: !problems.some((p) => p.severity === 'error'), containers: live.size, problems };
  }

  // ---- logs ------------------------------------------------------------------------------

  async *logs(idOrName: string, o: LogsOptions = {}): AsyncGenerator<LogLine> {
    const rec = await this.get(idOrName);
    let offset = 0;
    let pending = '';
    const read = (): LogLine[] => {
      let fd: number;
      try {
        fd = fs.openSync(rec.LogPath, 'r');
      } catch {
        return [];
      }
      try {
        const size = fs.fstatSync(fd).size;
        if (size <= offset) return [];
        const buf = Buffer.alloc(size - offset);
        fs.readSync(fd, buf, 0, buf.length, offset);
        offset = size;
        const text = pending + buf.toString('utf8');
        const cut = text.lastIndexOf('\n') + 1;
        pending = text.slice(cut);
        return text.slice(0, cut).split('\n').filter(Boolean).map(parseLogLine).filter((l): l is LogLine => !!l);
      } finally {
        fs.closeSync(fd);
      }
    };
    const keep = (l: LogLine) => {
      const t = Date.parse(l.time);
      return (o.since === undefined || t >= o.since) && (o.until === undefined || t <= o.until);
    };
    let first = read().filter(keep);
    if (o.tail !== undefined && o.tail >= 0) first = o.tail === 0 ? [] : first.slice(-o.tail);
    for (const l of first) yield l;
    if (!o.follow) return;
    for (;;) {
      if (o.signal?.aborted) return;
      const r = await this.store.read(rec.Id);
      const running = !!r && (r.State.Running || r.State.Restarting) && pidAlive(r.Stevedore.shimPid, rec.Id);
      for (const l of read().filter(keep)) yield l;
      if (!running) {
        for (const l of read().filter(keep)) yield l;
        return;
      }
      await sleep(50);
    }
  }
}

/** Where `--init` puts the init binary in the container (dockerd's path). */
const INIT_PATH = '/sbin/docker-init';

/** The host's docker-init: a static tini (Debian's docker.io and tini-static packages ship it). */
function initBinary(): string {
  for (const p of ['/usr/bin/docker-init', '/usr/libexec/docker/docker-init', '/usr/bin/tini-static', '/usr/local/bin/docker-init']) if (fs.existsSync(p)) return fs.realpathSync(p);
  throw new EngineError('unavailable', '--init needs docker-init (a static tini) on the host: install tini-static (Debian/Ubuntu: sudo apt-get install tini)');
}

/** Node's stat as Go's os.FileMode (type bits high, permissions low), the way Docker's path stat carries it. */
function goFileMode(st: fs.Stats): number {
  let m = st.mode & 0o777;
  if (st.isDirectory()) m |= 2 ** 31;
  else if (st.isSymbolicLink()) m |= 2 ** 27;
  else if (st.isFIFO()) m |= 2 ** 25;
  else if (st.isSocket()) m |= 2 ** 24;
  else if (st.isCharacterDevice()) m |= 2 ** 26 | 2 ** 21;
  else if (st.isBlockDevice()) m |= 2 ** 26;
  if (st.mode & 0o4000) m |= 2 ** 23;
  if (st.mode & 0o2000) m |= 2 ** 22;
  if (st.mode & 0o1000) m |= 2 ** 20;
  return m >>> 0;
}

/** Docker's STATUS column: `Up 5 seconds`, `Up 2 minutes (Paused)`, `Exited (0) 3 seconds ago`, `Created`. */
export function statusText(rec: Pick<ContainerInspect, 'State'>, now = Date.now()): string {
  const s = rec.State;
  if (s.Restarting) return `Restarting (${s.ExitCode}) ${humanDuration(now - Date.parse(s.FinishedAt))} ago`;
  if (s.Running) return `Up ${humanDuration(now - Date.parse(s.StartedAt))}${s.Paused ? ' (Paused)' : ''}`;
  if (s.Status === 'created') return 'Created';
  if (s.Status === 'dead') return 'Dead';
  if (s.FinishedAt === ZERO_TIME) return 'Created';
  return `Exited (${s.ExitCode}) ${humanDuration(now - Date.parse(s.FinishedAt))} ago`;
}

export { detectRuntime };
