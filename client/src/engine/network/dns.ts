import * as dgram from 'dgram';
import * as dnsPacket from 'dns-packet';
import * as net from 'net';

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
 * UDP and TCP on port 53, as resolvers do: a UDP answer larger than 512 bytes (many containers
 * sharing an alias) is sent truncated (TC), and the client asks again over TCP.
 */
export class DnsServer {
  private sock?: dgram.Socket;
  private tcp?: net.Server;
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
    const tcp = net.createServer((c) => {
      let buf = Buffer.alloc(0);
      c.on('error', () => undefined);
      c.setTimeout(10_000, () => c.destroy());
      c.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
          buf = buf.subarray(2 + msg.length);
          void this.respond(msg, c.remoteAddress?.replace(/^::ffff:/, '') ?? '', false).then((out) => {
            if (out && !c.destroyed) c.write(Buffer.concat([Buffer.from([out.length >> 8, out.length & 255]), out]));
          });
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(53, this.address, () => resolve());
    });
    this.tcp = tcp;
  }

  close(): void {
    try {
      this.sock?.close();
      this.tcp?.close();
    } catch {
      // closed already
    }
  }

  private async answer(msg: Buffer, rinfo: dgram.RemoteInfo): Promise<void> {
    const out = await this.respond(msg, rinfo.address, true);
    if (out) this.sock?.send(out, rinfo.port, rinfo.address);
  }

  /** The response to one query from `source` (undefined: not DNS, dropped as resolvers do). */
  private async respond(msg: Buffer, source: string, udp: boolean): Promise<Buffer | undefined> {
    let q: dnsPacket.Packet;
    try {
      q = dnsPacket.decode(msg);
    } catch {
      return undefined;
    }
    const question = q.questions?.[0];
    if (!question) return undefined;
    const reply = (answers: dnsPacket.Answer[], rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED') => {
      const flags = dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcodeBits(rcode);
      const out = dnsPacket.encode({ type: 'response', id: q.id, flags, questions: q.questions, answers });
      // Over UDP without EDNS a message stops at 512 bytes: the truncated flag sends the client to TCP.
      if (udp && out.length > 512) return dnsPacket.encode({ type: 'response', id: q.id, flags: flags | dnsPacket.TRUNCATED_RESPONSE, questions: q.questions, answers: [] });
      return out;
    };
    const ips = question.class === 'IN' ? this.o.lookup(source, question.name) : undefined;
    if (ips) {
      // A known name: its A records; other types (AAAA) have no data, which is not an error.
      return reply(question.type === 'A' ? ips.map((ip) => ({ type: 'A', name: question.name, class: 'IN', ttl: 600, data: ip }) as dnsPacket.Answer) : [], 'NOERROR');
    }
    if (!question.name.replace(/\.$/, '').includes('.')) return reply([], 'NXDOMAIN');
    if (!this.o.forward) return reply([], 'REFUSED');
    const answer = await forward(msg).catch(() => undefined);
    return answer ?? reply([], 'SERVFAIL');
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
