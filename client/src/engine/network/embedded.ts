import type { ContainerService } from '../container/service';
import type { NetworkConnectOptions, NetworkCreateOptions, NetworkInspect, NetworksApi } from './api';
import type { NetworkStore } from './store';

/**
 * The embedded engine's `engine.networks`: the network records live in the store; joining and
 * leaving a network is the container service's (it wires the container's interface and DNS).
 */
export class EmbeddedNetworks implements NetworksApi {
  constructor(private readonly store: NetworkStore, private readonly containers: ContainerService) {}

  async create(opts: NetworkCreateOptions): Promise<{ Id: string; Warning: string }> {
    return { Id: (await this.store.create(opts)).Id, Warning: '' };
  }
  list(opts: { filters?: Record<string, string[]> } = {}): Promise<NetworkInspect[]> {
    return this.store.list(opts.filters);
  }
  inspect(idOrName: string): Promise<NetworkInspect> {
    return this.store.inspect(idOrName);
  }
  async remove(idOrName: string): Promise<void> {
    await this.store.remove(idOrName);
  }
  async prune(opts: { filters?: Record<string, string[]> } = {}): Promise<{ NetworksDeleted: string[] }> {
    return { NetworksDeleted: await this.store.prune(opts.filters) };
  }
  connect(network: string, container: string, opts?: NetworkConnectOptions): Promise<void> {
    return this.containers.connectNetwork(network, container, opts);
  }
  disconnect(network: string, container: string, opts?: { force?: boolean }): Promise<void> {
    return this.containers.disconnectNetwork(network, container, opts);
  }
}
