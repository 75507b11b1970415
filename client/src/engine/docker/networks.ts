import type { NetworkConnectOptions, NetworkCreateOptions, NetworkInspect, NetworksApi } from '../network/api';
import type { DockerClient } from './client';

const enc = encodeURIComponent;
const filters = (f?: Record<string, string[]>) => (f && Object.keys(f).length ? JSON.stringify(f) : undefined);

/** The networks area over a daemon's `/networks` endpoints (dockerd and Podman's compatible API). */
export class DockerNetworks implements NetworksApi {
  constructor(private readonly c: DockerClient) {}

  private shape(n: NetworkInspect): NetworkInspect {
    return { ...n, Containers: n.Containers ?? {}, Labels: n.Labels ?? {}, Options: n.Options ?? {}, IPAM: { ...n.IPAM, Config: n.IPAM?.Config ?? [] } };
  }

  async create(o: NetworkCreateOptions): Promise<{ Id: string; Warning: string }> {
    const r = await this.c.call<{ Id: string; Warning?: string }>('POST', '/networks/create', {
      body: {
        Name: o.name, Driver: o.driver || 'bridge', Internal: !!o.internal, Labels: o.labels ?? {}, CheckDuplicate: true,
        ...(o.subnet ? { IPAM: { Driver: 'default', Config: [{ Subnet: o.subnet, ...(o.gateway ? { Gateway: o.gateway } : {}) }] } } : {}),
      },
    });
    return { Id: r.Id, Warning: r.Warning ?? '' };
  }

  async list(o: { filters?: Record<string, string[]> } = {}): Promise<NetworkInspect[]> {
    const list = await this.c.call<NetworkInspect[]>('GET', '/networks', { query: { filters: filters(o.filters) } });
    return list.map((n) => this.shape(n));
  }

  async inspect(idOrName: string): Promise<NetworkInspect> {
    return this.shape(await this.c.call<NetworkInspect>('GET', `/networks/${enc(idOrName)}`));
  }

  async remove(idOrName: string): Promise<void> {
    await this.c.call('DELETE', `/networks/${enc(idOrName)}`);
  }

  async prune(o: { filters?: Record<string, string[]> } = {}): Promise<{ NetworksDeleted: string[] }> {
    const r = await this.c.call<{ NetworksDeleted: string[] | null }>('POST', '/networks/prune', { query: { filters: filters(o.filters) } });
    return { NetworksDeleted: r.NetworksDeleted ?? [] };
  }

  async connect(network: string, container: string, o: NetworkConnectOptions = {}): Promise<void> {
    await this.c.call('POST', `/networks/${enc(network)}/connect`, {
      body: { Container: container, EndpointConfig: { ...(o.aliases?.length ? { Aliases: o.aliases } : {}), ...(o.ip ? { IPAMConfig: { IPv4Address: o.ip } } : {}) } },
    });
  }

  async disconnect(network: string, container: string, o: { force?: boolean } = {}): Promise<void> {
    await this.c.call('POST', `/networks/${enc(network)}/disconnect`, { body: { Container: container, Force: !!o.force } });
  }
}
