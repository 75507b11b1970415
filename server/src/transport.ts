// The stdio transport's writer. vscode-jsonrpc's StreamMessageWriter writes each message as two
// writes (the header, then, after the header's write callback, the body): on a pipe that is two
// write system calls, two wake-ups of the reader and a round through the event loop between them,
// for every publishDiagnostics and every completion answer. This writer sends header and body as
// one buffer in one write, in call order (writes to one stream are not reordered).
import { AbstractMessageWriter, Message, MessageReader, MessageWriter } from 'vscode-languageserver/node';
import { checkingParams, ResyncingMessageReader } from './framing';

export class OneWriteMessageWriter extends AbstractMessageWriter implements MessageWriter {
  constructor(private readonly out: NodeJS.WritableStream) {
    super();
    out.on('error', (e: Error) => this.fireError(e));
    out.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    const json = JSON.stringify(msg);
    const length = Buffer.byteLength(json, 'utf8');
    const head = `Content-Length: ${length}\r\n\r\n`;
    const buf = Buffer.allocUnsafe(head.length + length);
    buf.write(head, 0, 'ascii');
    buf.write(json, head.length, 'utf8');
    return new Promise((resolve, reject) => {
      this.out.write(buf, (e?: Error | null) => {
        if (e) {
          this.fireError(e, msg);
          reject(e);
        } else resolve();
      });
    });
  }

  end(): void {
    // the process's stdout is not ours to end
  }
}

/**
 * `--stdio`: what the library's own `--stdio` set-up does, with this writer: the process exits when
 * the client closes stdin (0 after a shutdown request), and console output goes to stderr so nothing
 * else writes into the protocol stream (the library sends it to the client's log instead). Badly
 * framed input is logged on stderr and skipped (ResyncingMessageReader); requests with unusable
 * params get -32602 (checkingParams).
 */
export function stdioTransport(shutDown: () => boolean): [MessageReader, MessageWriter] | undefined {
  if (!process.argv.slice(2).includes('--stdio')) return undefined;
  for (const k of ['log', 'info', 'debug', 'warn', 'trace', 'dir'] as const) console[k] = console.error;
  const exit = () => process.exit(shutDown() ? 0 : 1);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
  const writer = new OneWriteMessageWriter(process.stdout);
  return [checkingParams(new ResyncingMessageReader(process.stdin), writer), writer];
}
