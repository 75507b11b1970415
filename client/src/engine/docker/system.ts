import type { BuildCachePruneResult } from '../build/api';
import { EngineError, isEngineError } from '../../core/errors';
import type { DiskUsage, SystemApi, SystemFsckReport, SystemInfo, SystemPruneResult, SystemVersion } from '../system/api';
import type { DockerClient } from './client';
import { unsupported } from './images';

/** `docker system ...` over the daemon's API. */
export class DockerSystem implements SystemApi {
  constructor(private readonly c: DockerClient) {}

  /** GET /system/df, summarised as docker's table rows. */
  async df(): Promise<DiskUsage> {
    const d = await this.c.call<{
      LayersSize?: number;
      Images?: Array<{ Size: number; SharedSize: number; Containers: number }> | null;
      Containers?: Array<{ State: string; SizeRw?: number }> | null;
      Volumes?: Array<{ UsageData?: { Size: number; RefCount: number } }> | null;
      BuildCache?: Array<{ Size: number; InUse: boolean; Shared: boolean }> | null;
    }>('GET', '/system/df');
    const images = d.Images ?? [];
    const activeImages = images.filter((i) => i.Containers > 0);
    const imgSize = d.LayersSize ?? images.reduce((n, i) => n + i.Size, 0);
    const activeSize = activeImages.reduce((n, i) => n + i.Size - Math.max(0, i.SharedSize), 0);
    const containers = d.Containers ?? [];
    const cSize = containers.reduce((n, c) => n + (c.SizeRw ?? 0), 0);
    const running = containers.filter((c) => c.State === 'running');
    const volumes = d.Volumes ?? [];
    const vSize = volumes.reduce((n, v) => n + Math.max(0, v.UsageData?.Size ?? 0), 0);
    const vActive = volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0);
    const cache = d.BuildCache ?? [];
    const cacheSize = cache.reduce((n, b) => n + b.Size, 0);
    return {
      images: { total: images.length, active: activeImages.length, size: imgSize, reclaimable: Math.max(0, imgSize - activeSize) },
      containers: { total: containers.length, active: running.length, size: cSize, reclaimable: containers.filter((c) => c.State !== 'running').reduce((n, c) => n + (c.SizeRw ?? 0), 0) },
      volumes: { total: volumes.length, active: vActive.length, size: vSize, reclaimable: volumes.filter((v) => (v.UsageData?.RefCount ?? 0) === 0).reduce((n, v) => n + Math.max(0, v.UsageData?.Size ?? 0), 0) },
      buildCache: { total: cache.length, active: cache.filter((b) => b.InUse).length, size: cacheSize, reclaimable: cache.filter((b) => !b.InUse && !b.Shared).reduce((n, b) => n + b.Size, 0) },
    };
  }

  /** GET /info, as the daemon says it. */
  async info(): Promise<SystemInfo> {
    return this.c.call<SystemInfo>('GET', '/info');
  }

  /** GET /version, as the daemon says it. */
  async version(): Promise<SystemVersion> {
    return this.c.call<SystemVersion>('GET', '/version');
  }

  /** What `docker system prune` asks the daemon, in its order: containers, (volumes), images, build cache. */
  async prune(opts: { all?: boolean; volumes?: boolean } = {}): Promise<SystemPruneResult> {
    const c = await this.c.call<{ ContainersDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/containers/prune');
    const v = opts.volumes ? await this.c.call<{ VolumesDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/volumes/prune') : { VolumesDeleted: [], SpaceReclaimed: 0 };
    const i = await this.c.call<{ ImagesDeleted: Array<{ Untagged?: string; Deleted?: string }> | null; SpaceReclaimed: number }>('POST', '/images/prune', {
      query: { filters: JSON.stringify({ dangling: [opts.all ? 'false' : 'true'] }) },
    });
    // A daemon without a build cache (Podman) has nothing to prune there; any other failure is the caller's to see.
    const b = await this.pruneBuildCache().catch((e: unknown) => {
      if (isEngineError(e, 'unsupported')) return { CachesDeleted: [], SpaceReclaimed: 0 };
      throw e;
    });
    return {
      ContainersDeleted: c.ContainersDeleted ?? [], VolumesDeleted: v.VolumesDeleted ?? [], ImagesDeleted: i.ImagesDeleted ?? [], BuildCacheDeleted: b.CachesDeleted,
      SpaceReclaimed: (c.SpaceReclaimed ?? 0) + (v.SpaceReclaimed ?? 0) + (i.SpaceReclaimed ?? 0) + b.SpaceReclaimed,
    };
  }

  /** `docker builder prune` (POST /build/prune); DockerEngine.pruneBuildCache. */
  async pruneBuildCache(): Promise<BuildCachePruneResult> {
    try {
      const r = await this.c.call<{ CachesDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/build/prune');
      return { CachesDeleted: r.CachesDeleted ?? [], SpaceReclaimed: r.SpaceReclaimed ?? 0 };
    } catch (e) {
      // Podman's compatible API has no build cache endpoint (404 for the route itself).
      if (isEngineError(e, 'not-found')) throw new EngineError('unsupported', `pruning the build cache is not supported by this daemon (${this.c.endpoint.host} has no POST /build/prune)`, { cause: e });
      throw e;
    }
  }

  async fsck(_opts?: { repair?: boolean }): Promise<SystemFsckReport> {
    throw unsupported('fsck (the daemon checks its own store)');
  }
}
