import { DOCKER_HUB_AUTH_SERVER, IMAGE_EVENT_VERBS, registryLogin, type ApiAuthConfig, type ApiEvent } from '../../core/dockerWire';
import type { EngineEvent } from '../../engine/events';
import type { DaemonContext } from '../context';
import type { Router } from '../router';
import { containerSummary } from './containers';
import { imageSummary } from './images';
import { ApiError, filtersParam, MAX_API_VERSION, MIN_API_VERSION, readJson, timeParam } from '../wire';

/** The engine's past-tense image verbs as dockerd's present-tense actions (a build tags its image). */
const IMAGE_ACTIONS: Record<string, string> = { ...Object.fromEntries(Object.entries(IMAGE_EVENT_VERBS).map(([action, verb]) => [verb, action])), built: 'tag' };

type Event = ApiEvent & { Type: string; Action: string; Actor: { ID: string; Attributes: Record<string, string> } };

/** An Engine event in dockerd's events message shape (`docker events`, API /events). */
function dockerEvent(e: EngineEvent): Event {
  const dot = e.type.indexOf('.');
  const type = e.type.slice(0, dot);
  const verb = e.type.slice(dot + 1);
  const action = type === 'image'
    ? IMAGE_ACTIONS[verb] ?? verb
    : verb === 'exec_start' ? `exec_start: ${e.attributes?.execCommand ?? ''}`.trim() : verb;
  const dockerType = type === 'registry' ? 'daemon' : type;
  const attrs = { ...(e.attributes ?? {}) };
  const msg = {
    Type: dockerType, Action: action, Actor: { ID: e.id, Attributes: attrs }, scope: 'local',
    time: Math.floor(e.time / 1000), timeNano: e.time * 1_000_000,
  };
  // The pre-1.22 fields docker-py and older clients still read.
  return dockerType === 'container' || dockerType === 'image' ? { status: action, id: e.id, ...(attrs.image ? { from: attrs.image } : {}), ...msg } : msg;
}

function eventMatches(ev: Event, f: Record<string, string[]>): boolean {
  const any = (key: string, values: string[]) => !f[key] || f[key].some((v) => values.includes(v));
  const attrs = ev.Actor.Attributes;
  if (!any('type', [ev.Type])) return false;
  if (!any('event', [ev.Action, ev.Action.split(':')[0]])) return false;
  if (f.container && (ev.Type !== 'container' || !f.container.some((c) => ev.Actor.ID.startsWith(c) || attrs.name === c))) return false;
  if (f.image && !f.image.some((i) => ev.Actor.ID === i || attrs.image === i || attrs.name === i)) return false;
  if (f.volume && (ev.Type !== 'volume' || !f.volume.includes(ev.Actor.ID))) return false;
  if (f.label && !f.label.every((l) => {
    const [k, v] = l.split('=');
    return v === undefined ? k in attrs : attrs[k] === v;
  })) return false;
  return true;
}

export function register(r: Router, { engine }: DaemonContext): void {
  const ping = async (call: Parameters<Parameters<Router['get']>[1]>[0]) => {
    const headers = { 'Cache-Control': 'no-cache, no-store, must-revalidate', Pragma: 'no-cache', 'Builder-Version': '1', 'Swarm': 'inactive', 'Content-Type': 'text/plain; charset=utf-8' };
    if (call.method === 'HEAD') return call.reply.empty(200, { ...headers, 'Content-Length': '0' });
    call.reply.stream(headers['Content-Type'], headers).end('OK');
  };
  r.get('/_ping', ping).head('/_ping', ping);

  // The engine's version; the API versions are this server's.
  r.get('/version', async (call) => {
    const v = await engine.system.version();
    const api = { ApiVersion: MAX_API_VERSION, MinAPIVersion: MIN_API_VERSION };
    call.reply.json(200, {
      GitCommit: '', BuildTime: '', ...v, ...api,
      Components: (v.Components ?? [{ Name: 'Engine', Version: v.Version }]).map((c) => (c.Name === 'Engine' ? { ...c, Details: { ...(c.Details ?? {}), ...api } } : c)),
    });
  });

  // The engine's facts, over the fields the docker CLI and docker-py read that an engine has no notion of.
  r.get('/info', async (call) => {
    const [info, registries] = await Promise.all([engine.system.info(), engine.registryConfig()]);
    const runtime = info.DefaultRuntime || 'runc';
    call.reply.json(200, {
      DriverStatus: [['Data root', engine.location]], SystemStatus: null,
      Plugins: { Volume: ['local'], Network: ['bridge', 'host', 'null'], Authorization: null, Log: ['json-file'] },
      MemoryLimit: false, SwapLimit: false, KernelMemoryTCP: false, CpuCfsPeriod: false, CpuCfsQuota: false, CPUShares: false, CPUSet: false, PidsLimit: false,
      IPv4Forwarding: false, BridgeNfIptables: false, BridgeNfIp6tables: false, Debug: false, NFd: 0, OomKillDisable: false, NGoroutines: 0,
      SystemTime: new Date().toISOString(), LoggingDriver: 'json-file', CgroupDriver: 'none', CgroupVersion: '2', NEventsListener: 0,
      OSVersion: '', IndexServerAddress: 'https://index.docker.io/v1/', GenericResources: null, HttpProxy: '', HttpsProxy: '', NoProxy: '', Labels: [], ExperimentalBuild: false,
      Runtimes: { [runtime]: { path: runtime } }, Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null },
      LiveRestoreEnabled: true, Isolation: '', InitBinary: '', ContainerdCommit: { ID: '' }, RuncCommit: { ID: '' }, InitCommit: { ID: '' },
      ...info,
      RegistryConfig: registries.docker,
      Warnings: [...(info.Warnings ?? []), ...registries.warnings.map((w) => `WARNING: ${w}`), ...(registries.error ? [`WARNING: ${registries.error}`] : [])],
    });
  });

  r.get('/system/df', async (call) => {
    const [images, containers, volumes] = await Promise.all([
      engine.images.list(),
      engine.containers.list({ all: true, size: true }),
      engine.volumes.list(),
    ]);
    // Counted from the container list (an engine's image list may not know, e.g. dockerd's -1).
    const users = new Map<string, number>();
    for (const c of containers) users.set(c.ImageID, (users.get(c.ImageID) ?? 0) + 1);
    call.reply.json(200, {
      LayersSize: images.reduce((n, i) => n + i.size - i.sharedSize, 0) + images.reduce((m, i) => Math.max(m, i.sharedSize), 0),
      Images: images.map((i) => ({ ...imageSummary(i, call.version), VirtualSize: i.size, Containers: users.get(i.id) ?? 0 })),
      Containers: containers.map(containerSummary),
      Volumes: volumes.map((v) => ({ ...v, UsageData: v.UsageData ?? { Size: -1, RefCount: -1 } })),
      BuildCache: [],
    });
  });

  r.post('/auth', async (call) => {
    const body = (await readJson<ApiAuthConfig>(call.body)) ?? {};
    const server = body.serveraddress || undefined;
    await engine.login(server === DOCKER_HUB_AUTH_SERVER ? undefined : server, registryLogin(body) ?? {}, { signal: call.signal });
    call.reply.json(200, { Status: 'Login Succeeded', IdentityToken: '' });
  });

  r.get('/events', async (call) => {
    const filters = filtersParam(call.query);
    const since = timeParam(call.query, 'since');
    const until = timeParam(call.query, 'until');
    if (since !== undefined && until !== undefined && until < since) throw new ApiError(400, 'since must be before until');
    const out = call.reply.stream('application/json');
    // The engine replays from `since` and then follows until `until` (or until the client leaves).
    for await (const e of engine.events({ since, until, signal: call.signal })) {
      const ev = dockerEvent(e);
      if (eventMatches(ev, filters)) out.write(JSON.stringify(ev) + '\n');
    }
    if (!out.writableEnded) out.end();
  });
}
