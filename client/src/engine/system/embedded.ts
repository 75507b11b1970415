import * as os from 'os';
import { STEVEDORE_VERSION } from '../../core/version';
import type { Builder } from '../build/builder';
import type { ContainerService } from '../container/service';
import type { VolumeStore } from '../container/volumes';
import type { EngineCapabilities } from '../engine';
import type { ImageService } from '../image/service';
import type { ImageStore } from '../image/store';
import type { Snapshotter } from '../snapshot';
import type { DiskUsage, SystemApi, SystemFsckReport, SystemInfo, SystemPruneResult, SystemVersion } from './api';

/** The version the embedded engine reports (`docker version`'s Server: Engine): Stevedore's. */
export const ENGINE_VERSION = STEVEDORE_VERSION;

/** Go's GOARCH for this machine, as docker reports Arch. */
export function goArch(arch = process.arch): string {
  return ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' } as Record<string, string>)[arch] ?? arch;
}

export interface EmbeddedSystemDeps {
  root: string;
  images: ImageService;
  imageStore: ImageStore;
  containers: ContainerService;
  volumes: VolumeStore;
  builder: Builder;
  snapshots: Snapshotter;
  capabilities(): Promise<EngineCapabilities>;
}

/** `docker system ...` over the embedded engine's areas. */
export class EmbeddedSystem implements SystemApi {
  constructor(private readonly d: EmbeddedSystemDeps) {}

  async df(): Promise<DiskUsage> {
    const imageLayers = new Set((await this.d.imageStore.list()).flatMap((i) => i.manifestJson.layers.map((l) => l.digest)));
    return {
      images: await this.d.images.usage(),
      containers: await this.d.containers.usage(),
      volumes: await this.d.volumes.usage(),
      buildCache: await this.d.builder.usage(imageLayers),
      layers: await this.d.snapshots.usage(),
    };
  }

  async info(): Promise<SystemInfo> {
    const [containers, images, caps] = await Promise.all([
      this.d.containers.list({ all: true }).catch(() => []),
      this.d.imageStore.list(),
      this.d.capabilities(),
    ]);
    const count = (s: string) => containers.filter((c) => c.State === s).length;
    return {
      ID: this.d.root, Name: os.hostname(), ServerVersion: ENGINE_VERSION,
      OperatingSystem: `Stevedore ${ENGINE_VERSION}`, OSType: 'linux', Architecture: os.machine?.() ?? process.arch, KernelVersion: os.release(),
      NCPU: os.cpus().length, MemTotal: os.totalmem(), DockerRootDir: this.d.root, Driver: 'stevedore',
      Containers: containers.length, ContainersRunning: count('running'), ContainersPaused: count('paused'),
      ContainersStopped: containers.length - count('running') - count('paused'), Images: images.length,
      DefaultRuntime: caps.containers.runtime?.split(' ')[0] ?? 'runc',
      SecurityOptions: process.getuid?.() === 0 ? [] : ['name=rootless'],
      Warnings: caps.containers.supported ? [] : [`WARNING: containers are not available: ${caps.containers.reason ?? 'unknown reason'}`],
    };
  }

  async version(): Promise<SystemVersion> {
    const details = { Os: 'linux', Arch: goArch(), KernelVersion: os.release(), GoVersion: `node${process.versions.node}` };
    return {
      Version: ENGINE_VERSION, ApiVersion: '', Os: 'linux', Arch: goArch(), KernelVersion: os.release(), GoVersion: details.GoVersion,
      Platform: { Name: `Stevedore ${ENGINE_VERSION} (embedded engine)` },
      Components: [{ Name: 'Engine', Version: ENGINE_VERSION, Details: details }],
    };
  }

  async prune(opts: { all?: boolean; volumes?: boolean } = {}): Promise<SystemPruneResult> {
    const c = await this.d.containers.prune();
    const v = opts.volumes ? await this.d.volumes.prune() : { VolumesDeleted: [], SpaceReclaimed: 0 };
    const i = await this.d.images.prune({ all: opts.all });
    const b = await this.d.builder.prune();
    return {
      ContainersDeleted: c.ContainersDeleted, VolumesDeleted: v.VolumesDeleted, BuildCacheDeleted: b.CachesDeleted,
      ImagesDeleted: [...i.untagged.map((u) => ({ Untagged: u })), ...i.deleted.map((d) => ({ Deleted: d }))],
      SpaceReclaimed: c.SpaceReclaimed + v.SpaceReclaimed + i.spaceReclaimed + b.SpaceReclaimed,
    };
  }

  async fsck(opts: { repair?: boolean } = {}): Promise<SystemFsckReport> {
    // Containers first: finishing an interrupted removal can free blobs the image check then sees.
    const containers = await this.d.containers.fsck(opts);
    const images = await this.d.images.fsck(opts);
    return { ok: containers.ok && images.ok, images, containers };
  }
}
