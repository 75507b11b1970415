import type { VolumeInspect } from '../../engine/container/api';
import type { DaemonContext } from '../context';
import type { Router } from '../router';
import { ApiError, boolParam, filtersParam, onlyFilters, readJson } from '../wire';

const shape = (v: VolumeInspect) => {
  const { Anonymous: _a, ...rest } = v;
  return { ...rest, Labels: v.Labels ?? {}, Options: v.Options ?? {}, Scope: 'local' };
};

export function register(r: Router, { engine }: DaemonContext): void {
  r.get('/volumes', async (call) => {
    const rows = await engine.volumes.list({ filters: filtersParam(call.query) });
    call.reply.json(200, { Volumes: rows.map(shape), Warnings: [] });
  });

  r.post('/volumes/create', async (call) => {
    const body = (await readJson<{ Name?: string; Driver?: string; DriverOpts?: Record<string, string> | null; Labels?: Record<string, string> | null }>(call.body)) ?? {};
    if (body.Driver && body.Driver !== 'local') throw new ApiError(400, `volume driver ${body.Driver} is not supported (only "local")`);
    if (body.DriverOpts && Object.keys(body.DriverOpts).length) throw new ApiError(400, 'volume driver options are not supported');
    const v = await engine.volumes.create({ name: body.Name || undefined, labels: body.Labels ?? undefined });
    call.reply.json(201, shape(v));
  });

  r.post('/volumes/prune', async (call) => {
    const filters = filtersParam(call.query);
    onlyFilters(filters, ['all'], 'volume prune');
    const res = await engine.volumes.prune({ all: filters.all?.some((v) => v === 'true' || v === '1') });
    call.reply.json(200, { VolumesDeleted: res.VolumesDeleted, SpaceReclaimed: res.SpaceReclaimed });
  });

  r.get('/volumes/{name}', async (call) => {
    call.reply.json(200, shape(await engine.volumes.inspect(call.params.name)));
  });

  r.delete('/volumes/{name}', async (call) => {
    await engine.volumes.remove(call.params.name, { force: boolParam(call.query, 'force') });
    call.reply.empty(204);
  });
}
