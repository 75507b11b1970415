import * as dgram from 'dgram';
import * as dnsPacket from 'dns-packet';

/** slirp4netns's DNS forwarder, reachable from the infra namespace: it asks the host's resolver. */
export const UPSTREAM = { host: '10.0.2.3', port: 53 };

export interface DnsOptions {
  /** IPv4 addresses for `name` asked by `source`, or undefined when no container has it. */
  lookup(source: string, name: string): string[] | undefined;
  /** Whether names that are not containers go to the host's resolver (not on --internal networks). */
  forward: boolean;
}

/**
 * A network's resolver (dockerd's embedded DNS at 127.0.0.11, here on the network's gateway
 * address): A records for the names and aliases of containers on the networks of the asking
 * container, several addresses when several containers share an alias; single-label names that
 * are no container get NXDOMAIN at once (they are no host's name either); everything else goes
 * to the host's resolver through slirp4netns. Packets are encoded and decoded by dns-packet.
 */
export class DnsServer {
  private sock?: dgram.Socket;
  constructor(private readonly address: string, private readonly o: DnsOptions) {}

  async listen(): Promise<void> {
    const sock = dgram.createSocket('udp4');
    sock.on('message', (msg, rinfo) => void this.answer(msg, rinfo).catch(() => undefined));
    sock.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.bind(53, this.address, () => resolve());
    });
    this.sock = sock;
  }

  close(): void {
    try {
      this.sock?.close();
    } catch {
      // closed already
    }
  }

  private async answer(msg: Buffer, rinfo: dgram.RemoteInfo): Promise<void> {
    let q: dnsPacket.Packet;
    try {
      q = dnsPacket.decode(msg);
    } catch {
      return; // not DNS: dropped, as a resolver does
    }
    const question = q.questions?.[0];
    if (!question) return;
    const reply = (answers: dnsPacket.Answer[], rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED') => {
      const out = dnsPacket.encode({
        type: 'response', id: q.id, flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcodeBits(rcode),
        questions: q.questions, answers,
      });
      this.sock?.send(out, rinfo.port, rinfo.address);
    };
    const ips = question.class === 'IN' ? this.o.lookup(rinfo.address, question.name) : undefined;
    if (ips) {
      // A known name: its A records; other types (AAAA) have no data, which is not an error.
      return reply(question.type === 'A' ? ips.map((ip) => ({ type: 'A', name: question.name, class: 'IN', ttl: 600, data: ip }) as dnsPacket.Answer) : [], 'NOERROR');
    }
    if (!question.name.replace(/\.$/, '').includes('.')) return reply([], 'NXDOMAIN');
    if (!this.o.forward) return reply([], 'REFUSED');
    const answer = await forward(msg).catch(() => undefined);
    if (answer) this.sock?.send(answer, rinfo.port, rinfo.address);
    else reply([], 'SERVFAIL');
  }
}

function rcodeBits(rcode: string): number {
  return { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 }[rcode] ?? 0;
}

function forward(msg: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    const t = setTimeout(() => {
      s.close();
      reject(new Error('upstream timeout'));
    }, 4000);
    s.on('error', (e) => {
      clearTimeout(t);
      s.close();
      reject(e);
    });
    s.on('message', (m) => {
      clearTimeout(t);
      s.close();
      resolve(m);
    });
    s.send(msg, UPSTREAM.port, UPSTREAM.host);
  });
}
