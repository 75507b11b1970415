import type { DaemonContext } from '../context';
import type { Router } from '../router';
import { ApiError, filtersParam } from '../wire';

/**
 * The three networks every engine has (`bridge` is the default network: slirp4netns on the
 * embedded engine). User-defined networks come with the networks area of the Engine.
 */
const BUILTIN = [
  { Name: 'bridge', Driver: 'bridge' },
  { Name: 'host', Driver: 'host' },
  { Name: 'none', Driver: 'null' },
];

function network(n: { Name: string; Driver: string }) {
  return {
    Name: n.Name, Id: n.Name, Created: '0001-01-01T00:00:00Z', Scope: 'local', Driver: n.Driver, EnableIPv6: false,
    IPAM: { Driver: 'default', Options: null, Config: [] }, Internal: false, Attachable: false, Ingress: false,
    ConfigFrom: { Network: '' }, ConfigOnly: false, Containers: {}, Options: {}, Labels: {},
  };
}

export function register(r: Router, _ctx: DaemonContext): void {
  r.get('/networks', async (call) => {
    const f = filtersParam(call.query);
    const rows = BUILTIN.filter((n) => (!f.name || f.name.some((x) => n.Name.includes(x))) && (!f.id || f.id.some((x) => n.Name.startsWith(x))) && (!f.driver || f.driver.includes(n.Driver)));
    call.reply.json(200, rows.map(network));
  });
  r.get('/networks/{id}', async (call) => {
    const n = BUILTIN.find((x) => x.Name === call.params.id);
    if (!n) throw new ApiError(404, `network ${call.params.id} not found`);
    call.reply.json(200, network(n));
  });
}
