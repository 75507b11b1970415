/**
 * The networks area of the Engine contract, in Docker Engine API shapes (`docker network
 * inspect` field names), so the CLI, the UI, the API server and the DockerEngine agree.
 */

export interface IpamConfig {
  Subnet: string;
  Gateway: string;
}

/** An endpoint as `network inspect` lists it under Containers (running containers only, as dockerd). */
export interface NetworkContainer {
  Name: string;
  EndpointID: string;
  MacAddress: string;
  IPv4Address: string;
  IPv6Address: string;
}

export interface NetworkInspect {
  Name: string;
  Id: string;
  Created: string;
  Scope: 'local';
  Driver: 'bridge' | 'host' | 'null';
  EnableIPv6: false;
  IPAM: { Driver: 'default'; Options: Record<string, string> | null; Config: IpamConfig[] };
  Internal: boolean;
  Attachable: boolean;
  Ingress: false;
  ConfigFrom: { Network: string };
  ConfigOnly: false;
  Containers: Record<string, NetworkContainer>;
  Options: Record<string, string>;
  Labels: Record<string, string>;
}

/** A container's membership of one network (`NetworkSettings.Networks[name]`, Docker's EndpointSettings). */
export interface EndpointSettings {
  IPAMConfig: { IPv4Address?: string } | null;
  Links: null;
  Aliases: string[] | null;
  NetworkID: string;
  EndpointID: string;
  Gateway: string;
  IPAddress: string;
  IPPrefixLen: number;
  IPv6Gateway: string;
  GlobalIPv6Address: string;
  GlobalIPv6PrefixLen: number;
  MacAddress: string;
  DriverOpts: null;
  /** Names the network's resolver answers for this container (docker 25+'s DNSNames). */
  DNSNames: string[] | null;
}

export interface NetworkCreateOptions {
  name: string;
  driver?: string;
  subnet?: string;
  gateway?: string;
  internal?: boolean;
  labels?: Record<string, string>;
}

export interface NetworkConnectOptions {
  aliases?: string[];
  ip?: string;
}

/** `engine.networks`: one method per `docker network` verb. */
export interface NetworksApi {
  /** `docker network create`: Id of the new network. */
  create(opts: NetworkCreateOptions): Promise<{ Id: string; Warning: string }>;
  /** `docker network ls` (filters: name, id, driver, label, type=custom|builtin, dangling). */
  list(opts?: { filters?: Record<string, string[]> }): Promise<NetworkInspect[]>;
  inspect(idOrName: string): Promise<NetworkInspect>;
  remove(idOrName: string): Promise<void>;
  /** `docker network prune`: user networks without containers. */
  prune(opts?: { filters?: Record<string, string[]> }): Promise<{ NetworksDeleted: string[] }>;
  connect(network: string, container: string, opts?: NetworkConnectOptions): Promise<void>;
  disconnect(network: string, container: string, opts?: { force?: boolean }): Promise<void>;
}
