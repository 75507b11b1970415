import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { RegistryClient } from '../../../client/src/engine/registry/client';
import { startService } from '../../support/daemon';
import { Dockerd, startDockerd } from '../../support/dockerd';
import { HubSearchStandIn, startHubSearchStandIn } from '../../support/hubsearch';
import { runProcess, runCli as cli } from '../../support/process';
import { makeRawImage, pushRawImage, RawImage, Registry, startRegistry } from '../../support/registry';

/** docker's table pads the last column; compare lines without trailing blanks. */
const rows = (s: string) => s.split('\n').map((l) => l.trimEnd()).join('\n');

/** A stand-in for a registry that answers every request with one status (no v1 search, no catalog). */
async function statusServer(status: number): Promise<{ host: string; close(): Promise<void> }> {
  const srv = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    res.writeHead(p === '/v2/' ? 200 : status, { 'content-type': 'application/json' });
    res.end(status === 404 ? '404 page not found\n' : JSON.stringify({ errors: [{ code: 'DENIED', message: 'catalog listing is disabled' }] }));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { host: `127.0.0.1:${(srv.address() as net.AddressInfo).port}`, close: () => new Promise<void>((r) => srv.close(() => r())) };
}

describe('search: Docker Hub through a local STAND-IN for its search API (Hub is not reachable here)', function () {
  this.timeout(120_000);
  let hub: HubSearchStandIn;
  let env: NodeJS.ProcessEnv;
  let tmp: string;

  before(async () => {
    hub = await startHubSearchStandIn();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-search-'));
    env = { ...process.env, HOME: tmp, DOCKER_CONFIG: path.join(tmp, 'docker'), STEVEDORE_ROOT: path.join(tmp, 'root'), STEVEDORE_SEARCH_INDEX: hub.url };
  });
  after(async () => {
    await hub?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  afterEach(() => (hub.mode = 'ok'));

  it("prints docker's columns with descriptions cut at 45 characters, and all of them with --no-trunc", async () => {
    const r = await cli(['search', 'busybox'], env);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(
      rows(r.stdout),
      [
        'NAME                    DESCRIPTION                                     STARS     OFFICIAL',
        'busybox                 Busybox base image.                             3254      [OK]',
        'radial/busyboxplus      Full-chain, Internet enabled, busybox made f…   56',
        'yauritux/busybox-curl   Busybox with CURL                               23',
        'arm32v7/busybox         Busybox base image.                             10',
        'odise/busybox-curl                                                      4',
        '',
      ].join('\n'),
    );
    assert.strictEqual(hub.queries.at(-1), 'busybox');
    const full = await cli(['search', '--no-trunc', 'busybox'], env);
    assert.match(full.stdout, /Full-chain, Internet enabled, busybox made from scratch\. Comes in git and cURL flavors\./);
  });

  it('applies --filter and --limit, and prints json and templates', async () => {
    const official = await cli(['search', '--filter', 'is-official=true', 'mysql'], env);
    assert.deepStrictEqual(official.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0]), ['mysql', 'mariadb']);
    const stars = await cli(['search', '-f', 'stars=60', '--format', '{{.Name}}:{{.StarCount}}', 'mysql'], env);
    assert.strictEqual(stars.stdout, 'mysql:15042\nmariadb:5822\nbitnami/mysql:106\nubuntu/mysql:64\n');
    const limited = await cli(['search', '--limit', '2', '--format', '{{.Name}}', 'mysql'], env);
    assert.strictEqual(limited.stdout, 'mysql\nmariadb\n');
    const json = await cli(['search', '--format', 'json', '--limit', '1', 'busybox'], env);
    assert.deepStrictEqual(JSON.parse(json.stdout), { Description: 'Busybox base image.', IsOfficial: 'true', Name: 'busybox', StarCount: '3254' });
    const automated = await cli(['search', '-f', 'is-automated=true', '--format', '{{.Name}}', 'busybox'], env);
    assert.strictEqual(automated.stdout, 'radial/busyboxplus\nodise/busybox-curl\n');
    assert.match(automated.stderr, /WARNING: the "is-automated" filter is deprecated/);
  });

  it("gives dockerd's errors for unknown filters, bad values and limits, and a clear one for an empty term", async () => {
    const cases: Array<[string[], RegExp]> = [
      [['search', '--filter', 'foo=bar', 'busybox'], /^Error response from daemon: Invalid filter 'foo'\n$/],
      [['search', '--filter', 'stars=abc', 'busybox'], /Invalid filter 'stars=abc'/],
      [['search', '--filter', 'is-official=maybe', 'busybox'], /Invalid filter 'is-official=\[maybe\]'/],
      [['search', '--limit', '200', 'busybox'], /Limit 200 is outside the range of \[1, 100\]/],
      [['search', ''], /search term must not be empty/],
    ];
    for (const [args, re] of cases) {
      const r = await cli(args, env);
      assert.strictEqual(r.code, 1, args.join(' '));
      assert.match(r.stderr, re);
      assert.strictEqual(r.stdout, '');
    }
  });

  it('says so when the index answers HTML instead of JSON, or does not answer at all (bounded time)', async () => {
    hub.mode = 'html';
    const html = await cli(['search', 'busybox'], env);
    assert.strictEqual(html.code, 1);
    assert.match(html.stderr, new RegExp(`the search index ${hub.url} answered with an HTML page instead of JSON`));
    hub.mode = 'hang';
    const hang = await cli(['search', 'busybox'], env);
    assert.strictEqual(hang.code, 1);
    assert.match(hang.stderr, new RegExp(`the search index ${hub.url} did not answer within 15 s`));
  });

  it('takes the index address from the configuration file as well', async () => {
    const conf = path.join(tmp, 'registries.conf');
    fs.writeFileSync(conf, `search-index = "${hub.url}"\n`);
    const e = { ...env };
    delete e.STEVEDORE_SEARCH_INDEX;
    const r = await cli(['--config', conf, 'search', '--format', '{{.Name}}', '--limit', '1', 'mysql'], e);
    assert.strictEqual(r.stdout, 'mysql\n', r.stderr);
  });
});

describe('search: the same rows from a real dockerd (docker search REGISTRY/TERM) and from stevedore', function () {
  this.timeout(180_000);
  let hub: HubSearchStandIn;
  let dockerd: Dockerd;
  let env: NodeJS.ProcessEnv;
  let tmp: string;

  before(async () => {
    [hub, dockerd] = await Promise.all([startHubSearchStandIn(), startDockerd()]);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-search-dockerd-'));
    env = { ...process.env, HOME: tmp, DOCKER_CONFIG: path.join(tmp, 'docker'), STEVEDORE_ROOT: path.join(tmp, 'root') };
  });
  after(async () => {
    await dockerd?.stop();
    await hub?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const variants: string[][] = [[], ['--no-trunc'], ['--filter', 'is-official=true'], ['--filter', 'stars=20', '--limit', '3'], ['--format', 'json'], ['--format', '{{.Name}}|{{.StarCount}}|{{.IsOfficial}}|{{.Description}}']];
  for (const extra of variants) {
    it(`docker search ${extra.join(' ')} 127.0.0.1:PORT/TERM`, async () => {
      for (const term of ['busybox', 'mysql', 'nomatch']) {
        const q = `${hub.host}/${term}`;
        const theirs = await runProcess('docker', ['search', ...extra, q], dockerd.env);
        assert.strictEqual(theirs.code, 0, theirs.stderr);
        const ours = await cli(['search', ...extra, q], env);
        assert.strictEqual(ours.code, 0, ours.stderr);
        assert.strictEqual(rows(ours.stdout), rows(theirs.stdout), `stevedore search ${extra.join(' ')} ${q}`);
        // And the DockerEngine asks the daemon's /images/search for the same.
        const viaDaemon = await cli(['--engine', 'docker', '--host', dockerd.host, 'search', ...extra, q], env);
        assert.strictEqual(rows(viaDaemon.stdout), rows(theirs.stdout), viaDaemon.stderr);
      }
    });
  }

  it('gives the same error for an unknown filter', async () => {
    const theirs = await runProcess('docker', ['search', '--filter', 'foo=bar', `${hub.host}/busybox`], dockerd.env);
    const ours = await cli(['search', '--filter', 'foo=bar', `${hub.host}/busybox`], env);
    assert.strictEqual(ours.stderr, theirs.stderr);
    assert.strictEqual(ours.code, theirs.code);
  });

  it("docker search against Stevedore's socket (stevedore system service) gives dockerd's rows and errors", async () => {
    const root = fs.mkdtempSync(path.join(tmp, 'svc-'));
    const service = await startService(root, { env: { STEVEDORE_SEARCH_INDEX: hub.url, HOME: tmp } });
    try {
      const svcEnv = { ...dockerd.env, DOCKER_HOST: service.host };
      for (const extra of variants) {
        for (const term of ['busybox', 'mysql']) {
          const theirs = await runProcess('docker', ['search', ...extra, `${hub.host}/${term}`], dockerd.env);
          const viaSocket = await runProcess('docker', ['search', ...extra, `${hub.host}/${term}`], svcEnv);
          assert.strictEqual(viaSocket.code, 0, viaSocket.stderr);
          assert.strictEqual(rows(viaSocket.stdout), rows(theirs.stdout), `docker search ${extra.join(' ')} through Stevedore's socket`);
          // A plain term goes to Docker Hub's search API: the stand-in, through the service's setting.
          const plain = await runProcess('docker', ['search', ...extra, term], svcEnv);
          const ours = await cli(['search', ...extra, term], { ...env, STEVEDORE_SEARCH_INDEX: hub.url });
          assert.strictEqual(rows(plain.stdout), rows(ours.stdout), plain.stderr);
        }
      }
      // docker-py's images.search (Debian python3-docker) reads the same rows from both daemons.
      const py = (host: string) =>
        runProcess('/usr/bin/python3', ['-c', `import docker, json, sys; c = docker.DockerClient(base_url=sys.argv[1]); print(json.dumps(c.images.search(sys.argv[2], limit=3)))`, host.replace(/^unix:\/\//, 'unix://'), `${hub.host}/mysql`], process.env);
      const [pyTheirs, pyOurs] = await Promise.all([py(dockerd.host), py(service.host)]);
      assert.strictEqual(pyOurs.code, 0, pyOurs.stderr);
      assert.deepStrictEqual(JSON.parse(pyOurs.stdout), JSON.parse(pyTheirs.stdout));
      assert.strictEqual(JSON.parse(pyOurs.stdout).length, 3);
      for (const bad of [['--filter', 'foo=bar'], ['--filter', 'stars=abc'], ['--filter', 'is-official=maybe'], ['--limit', '200']]) {
        const theirs = await runProcess('docker', ['search', ...bad, `${hub.host}/busybox`], dockerd.env);
        const viaSocket = await runProcess('docker', ['search', ...bad, `${hub.host}/busybox`], svcEnv);
        assert.strictEqual(viaSocket.stderr, theirs.stderr, bad.join(' '));
        assert.strictEqual(viaSocket.code, theirs.code);
      }
    } finally {
      await service.stop();
    }
  });
});

describe('search: a real docker-registry through its catalog (no v1 search there), with and without a login', function () {
  this.timeout(240_000);
  let open: Registry;
  let locked: Registry;
  let tmp: string;
  let env: NodeJS.ProcessEnv;
  let img: RawImage;
  const password = 'cat4log-Pw';

  before(async () => {
    [open, locked] = await Promise.all([startRegistry(), startRegistry({ users: [{ user: 'cat', password }] })]);
    img = makeRawImage([2_000], { seed: 'search' });
    const anon = new RegistryClient(open.host);
    for (const repo of ['team/app', 'team/api', 'other/db']) await pushRawImage(anon, repo, img, 'v1');
    await pushRawImage(anon, 'team/app', img, 'v2');
    // 120 repositories: the catalog answers in pages of 100, so some hits are only on page two.
    for (let i = 0; i < 120; i++) await pushRawImage(anon, `bulk/repo-${String(i).padStart(3, '0')}`, img, 'latest');
    const authed = new RegistryClient(locked.host, { credentials: async () => ({ username: 'cat', password }) });
    await pushRawImage(authed, 'secret/app', img, 'v1');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-search-reg-'));
  });
  after(async () => {
    await Promise.all([open?.stop(), locked?.stop()]);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(() => {
    const home = fs.mkdtempSync(path.join(tmp, 'home-'));
    env = { ...process.env, HOME: home, DOCKER_CONFIG: path.join(home, 'docker'), STEVEDORE_ROOT: path.join(home, 'root') };
  });

  it('finds repositories by a part of their name, named so they can be pulled', async () => {
    const r = await cli(['search', `${open.host}/app`], env);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(rows(r.stdout), `NAME${' '.repeat(open.host.length + 9 - 4 + 3)}DESCRIPTION   STARS     OFFICIAL\n${open.host}/team/app   ${' '.repeat(14)}0\n`);
    const team = await cli(['search', '--format', '{{.Name}}', `${open.host}/team`], env);
    assert.strictEqual(team.stdout, `${open.host}/team/api\n${open.host}/team/app\n`);
    const pull = await cli(['pull', `${open.host}/team/app:v1`], env);
    assert.strictEqual(pull.code, 0, pull.stderr);
  });

  it('pages through a catalog of more than 100 repositories', async () => {
    const late = await cli(['search', '--format', '{{.Name}}', `${open.host}/repo-11`], env);
    assert.strictEqual(late.stdout, Array.from({ length: 10 }, (_, i) => `${open.host}/bulk/repo-11${i}\n`).join(''));
    const many = await cli(['search', '--limit', '100', '--format', '{{.Name}}', `${open.host}/bulk`], env);
    assert.strictEqual(many.stdout.trim().split('\n').length, 100);
    const last = await cli(['search', '--format', '{{.Name}}', `${open.host}/repo-119`], env);
    assert.strictEqual(last.stdout, `${open.host}/bulk/repo-119\n`);
  });

  it('lists the tags of a repository with --list-tags', async () => {
    const r = await cli(['search', '--list-tags', `${open.host}/team/app`], env);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(rows(r.stdout), `NAME${' '.repeat(`${open.host}/team/app`.length - 1)}TAG\n${open.host}/team/app   v1\n${open.host}/team/app   v2\n`);
    const json = await cli(['search', '--list-tags', '--format', 'json', `${open.host}/team/app`], env);
    assert.deepStrictEqual(JSON.parse(json.stdout), [{ Name: `${open.host}/team/app`, Tags: ['v1', 'v2'] }]);
    const missing = await cli(['search', '--list-tags', `${open.host}/team/nothing`], env);
    assert.strictEqual(missing.code, 1);
    assert.match(missing.stderr, /not found/);
  });

  it('needs the login for a registry whose catalog requires one, and says so without it', async () => {
    const anon = await cli(['search', `${locked.host}/app`], env);
    assert.strictEqual(anon.code, 1);
    assert.match(anon.stderr, new RegExp(`registry ${locked.host} cannot be searched: it refuses its catalog without a login \\(401\\); run \`stevedore login ${locked.host}\``));
    const login = await cli(['login', '-u', 'cat', '--password-stdin', locked.host], env, password + '\n');
    assert.strictEqual(login.code, 0, login.stderr);
    const r = await cli(['search', '--format', '{{.Name}}', `${locked.host}/app`], env);
    assert.strictEqual(r.stdout, `${locked.host}/secret/app\n`, r.stderr);
  });

  it('says a registry without a catalog (404) or refusing it (403) cannot be searched (stand-in servers for such registries)', async () => {
    for (const status of [404, 403]) {
      const srv = await statusServer(status);
      try {
        const r = await cli(['search', `${srv.host}/app`], env);
        assert.strictEqual(r.code, 1);
        assert.match(r.stderr, new RegExp(`registry ${srv.host} cannot be searched: ${status === 404 ? 'it has neither a v1 search nor a v2 catalog' : 'it refuses to list its catalog \\(403\\)'}`));
      } finally {
        await srv.close();
      }
    }
  });

  it('refuses to search a blocked registry', async () => {
    const conf = path.join(env.HOME!, 'blocked.conf');
    fs.writeFileSync(conf, `[[registry]]\nlocation = "${open.host}"\nblocked = true\n`);
    const r = await cli(['--config', conf, 'search', `${open.host}/app`], env);
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /is blocked by the registry configuration .*: search of .* refused/);
  });
});
