import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { mergeEnv, parseEnv, parseExpose, parseMount, parsePortSpec, parsePublish, parseRestart, parseVolume } from '../../../client/src/core/flags';

/** The one reading of docker run's -p/-v/--mount/--restart/-e, shared by both engines and the CLI. */
describe('core: docker run flags', () => {
  it('-p: ports, host ports, addresses and protocols become ExposedPorts and PortBindings', () => {
    assert.deepEqual(parsePublish(['8080:80', '127.0.0.1::53/udp', '9000']), {
      exposed: { '80/tcp': {}, '53/udp': {}, '9000/tcp': {} },
      bindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }], '53/udp': [{ HostIp: '127.0.0.1', HostPort: '' }], '9000/tcp': [{ HostIp: '', HostPort: '' }] },
    });
    assert.deepEqual(parsePortSpec('127.0.0.1:9000:80/udp'), [{ port: '80/udp', binding: { HostIp: '127.0.0.1', HostPort: '9000' } }]);
    assert.deepEqual(parsePortSpec('[::1]:8080:80/TCP'), [{ port: '80/tcp', binding: { HostIp: '::1', HostPort: '8080' } }]);
    assert.deepEqual(parsePortSpec('::1:8080:80'), [{ port: '80/tcp', binding: { HostIp: '::1', HostPort: '8080' } }]);
    assert.deepEqual(parsePortSpec('53/sctp'), [{ port: '53/sctp', binding: { HostIp: '', HostPort: '' } }]);
  });

  it('-p: ranges map port by port; one container port takes a host range as is', () => {
    assert.deepEqual(parsePublish(['8000-8002:80-82']).bindings, {
      '80/tcp': [{ HostIp: '', HostPort: '8000' }], '81/tcp': [{ HostIp: '', HostPort: '8001' }], '82/tcp': [{ HostIp: '', HostPort: '8002' }],
    });
    assert.deepEqual(Object.keys(parsePublish(['7000-7001']).exposed), ['7000/tcp', '7001/tcp']);
    assert.deepEqual(parsePortSpec('8000-8002:80'), [{ port: '80/tcp', binding: { HostIp: '', HostPort: '8000-8002' } }]);
    // The same key twice keeps both bindings (docker publishes both).
    assert.deepEqual(parsePublish(['8080:80', '8081:80']).bindings['80/tcp'], [{ HostIp: '', HostPort: '8080' }, { HostIp: '', HostPort: '8081' }]);
  });

  it('-p: docker\'s errors for bad specs', () => {
    const cases: Array<[string, RegExp]> = [
      ['abc', /^invalid containerPort: abc$/],
      ['8080:abc', /^invalid containerPort: abc$/],
      ['x:80', /^invalid hostPort: x$/],
      ['70000:80', /^invalid hostPort: 70000$/],
      ['80/quic', /^invalid proto: quic$/],
      ['8000-8001:80-82', /^invalid ranges specified for container and host Ports: 80-82 and 8000-8001$/],
      ['82-80', /^invalid containerPort: 82-80$/],
      ['300.1.1.1:80:80', /^invalid IP address: 300.1.1.1$/],
      ['8080:', /^no port specified: 8080:<empty>$/],
    ];
    for (const [spec, msg] of cases) assert.throws(() => parsePublish([spec]), (e: Error & { code?: string }) => msg.test(e.message) && e.code === 'invalid-argument', spec);
  });

  it('--expose: ports as ExposedPorts keys (tcp by default); a bad port or protocol is refused', () => {
    assert.deepEqual(parseExpose(['80', '53/udp', '0080/tcp']), { '80/tcp': {}, '53/udp': {} });
    for (const bad of ['0', '70000', 'http', '80/quic', '80-82']) {
      assert.throws(() => parseExpose([bad]), (e: Error & { code?: string }) => e.message === `invalid port to expose: ${bad}` && e.code === 'invalid-argument', bad);
    }
  });

  it('--restart: docker\'s policies and messages', () => {
    assert.deepEqual(parseRestart(undefined), { Name: '', MaximumRetryCount: 0 });
    assert.deepEqual(parseRestart('no'), { Name: 'no', MaximumRetryCount: 0 });
    assert.deepEqual(parseRestart('on-failure:3'), { Name: 'on-failure', MaximumRetryCount: 3 });
    assert.deepEqual(parseRestart('unless-stopped'), { Name: 'unless-stopped', MaximumRetryCount: 0 });
    assert.throws(() => parseRestart('sometimes'), /unknown policy 'sometimes'/);
    assert.throws(() => parseRestart('always:2'), /maximum retry count can only be used with 'on-failure'/);
    assert.throws(() => parseRestart('on-failure:x'), /must be an integer/);
  });

  it('-v: binds, named and anonymous volumes, modes', () => {
    assert.deepEqual(parseVolume('/data'), { Type: 'volume', Source: '', Target: '/data', ReadOnly: false });
    assert.deepEqual(parseVolume('cache:/var/./cache'), { Type: 'volume', Source: 'cache', Target: '/var/cache', ReadOnly: false });
    assert.deepEqual(parseVolume('/srv:/mnt:ro'), { Type: 'bind', Source: '/srv', Target: '/mnt', ReadOnly: true });
    assert.throws(() => parseVolume('./rel:/mnt'), /must be an absolute path/);
    assert.throws(() => parseVolume('v:rel'), /mount path must be absolute/);
    assert.throws(() => parseVolume('/a:/'), /destination can't be '\/'/);
    assert.throws(() => parseVolume('/a:/b:bogus'), /invalid mode: bogus/);
  });

  it('--mount: keys, aliases and checks', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h1-flags-'));
    try {
      assert.deepEqual(parseMount(`type=bind,src=${dir},dst=/m,ro`), { Type: 'bind', Source: dir, Target: '/m', ReadOnly: true });
      assert.deepEqual(parseMount('target=/v'), { Type: 'volume', Source: '', Target: '/v', ReadOnly: false });
      assert.throws(() => parseMount('type=nfs,target=/x'), /invalid mount type "nfs"/);
      assert.throws(() => parseMount('type=bind,source=/definitely/not/here,target=/x'), /bind source path does not exist/);
      assert.throws(() => parseMount('src=a'), /target is required/);
      assert.throws(() => parseMount('target=/x,colour=blue'), /unexpected key 'colour'/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('-e: NAME=value as written, a bare NAME from the caller\'s environment or dropped; later values win', () => {
    assert.deepEqual(parseEnv(['A=1', 'HOME', 'UNSET_H1_VAR', 'B='], { HOME: '/root' }), ['A=1', 'HOME=/root', 'B=']);
    assert.throws(() => parseEnv(['=x']), /invalid environment variable: =x/);
    assert.deepEqual(mergeEnv(['PATH=/bin', 'A=1'], ['A=2', 'B=3']), ['PATH=/bin', 'A=2', 'B=3']);
  });
});
