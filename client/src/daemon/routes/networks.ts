import type { DaemonContext } from '../context';
import type { Router } from '../router';
import { ApiError, boolParam, filtersParam, readJson } from '../wire';

interface CreateBody {
  Name?: string;
  Driver?: string;
  Internal?: boolean;
  CheckDuplicate?: boolean;
  Labels?: Record<string, string> | null;
  IPAM?: { Driver?: string; Config?: Array<{ Subnet?: string; Gateway?: string; IPRange?: string }> | null } | null;
  EnableIPv6?: boolean;
  Attachable?: boolean;
  Options?: Record<string, string> | null;
}

interface EndpointBody {
  Container?: string;
  EndpointConfig?: { Aliases?: string[] | null; IPAMConfig?: { IPv4Address?: string } | null } | null;
  Force?: boolean;
}

/** `/networks`: the Engine's networks area (create, list, inspect, remove, prune, connect, disconnect). */
export function register(r: Router, { engine }: DaemonContext): void {
  r.get('/networks', async (call) => {
    call.reply.json(200, await engine.networks.list({ filters: filtersParam(call.query) }));
  });

  r.post('/networks/create', async (call) => {
    const body = (await readJson<CreateBody>(call.body)) ?? {};
    if (!body.Name) throw new ApiError(400, 'network name is required');
    if (body.EnableIPv6) throw new ApiError(400, 'IPv6 networks are not supported by this engine');
    const cfg = body.IPAM?.Config ?? [];
    if (cfg.length > 1) throw new ApiError(400, 'only one IPAM config (one IPv4 subnet) is supported');
    if (cfg[0]?.IPRange) throw new ApiError(400, 'IPRange is not supported; give a Subnet (and Gateway)');
    const res = await engine.networks.create({
      name: body.Name, driver: body.Driver || 'bridge', internal: !!body.Internal, labels: body.Labels ?? {},
      subnet: cfg[0]?.Subnet || undefined, gateway: cfg[0]?.Gateway || undefined,
    });
    call.reply.json(201, { Id: res.Id, Warning: res.Warning });
  });

  r.post('/networks/prune', async (call) => {
    call.reply.json(200, await engine.networks.prune({ filters: filtersParam(call.query) }));
  });

  r.get('/networks/{id}', async (call) => {
    boolParam(call.query, 'verbose');
    call.reply.json(200, await engine.networks.inspect(call.params.id));
  });

  r.delete('/networks/{id}', async (call) => {
    await engine.networks.remove(call.params.id);
    call.reply.empty(204);
  });

  r.post('/networks/{id}/connect', async (call) => {
    const body = (await readJson<EndpointBody>(call.body)) ?? {};
    if (!body.Container) throw new ApiError(400, 'container is required');
    const ep = body.EndpointConfig ?? {};
    await engine.networks.connect(call.params.id, body.Container, { aliases: ep.Aliases ?? undefined, ip: ep.IPAMConfig?.IPv4Address || undefined });
    call.reply.empty(200);
  });

  r.post('/networks/{id}/disconnect', async (call) => {
    const body = (await readJson<EndpointBody>(call.body)) ?? {};
    if (!body.Container) throw new ApiError(400, 'container is required');
    await engine.networks.disconnect(call.params.id, body.Container, { force: !!body.Force });
    call.reply.empty(200);
  });
}
