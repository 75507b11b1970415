import * as assert from 'assert';
import { applyOverlay, describeRegistryConfig, parseRegistryConfig, pullSources, pushSource } from '../../../client/src/engine/registry/config';
import { parseSearchFilters, splitSearchTerm } from '../../../client/src/engine/registry/search';

const F = '/cfg/registries.conf';

describe('registry configuration: matching, rewriting and layering', () => {
  it('chooses the longest matching prefix, rewrites location, and puts a mirror namespace in front of the repository', () => {
    const cfg = parseRegistryConfig(
      [
        '[[registry]]',
        'location = "docker.io"',
        '[[registry.mirror]]',
        'location = "mirror.corp/dockerhub"',
        '',
        '[[registry]]',
        'prefix = "docker.io/team"',
        'location = "registry.corp:5000/hub-team"',
        '',
        '[[registry]]',
        'prefix = "*.internal"',
        'blocked = true',
      ].join('\n'),
      F,
    );
    const hub = pullSources(cfg, 'docker.io', 'library/busybox');
    assert.deepStrictEqual(hub.map((s) => [s.registry, s.repository, s.mirror]), [
      ['mirror.corp', 'dockerhub/library/busybox', true],
      ['docker.io', 'library/busybox', false],
    ]);
    assert.strictEqual(hub[0].base!.toString(), 'https://mirror.corp/');
    const team = pullSources(cfg, 'index.docker.io', 'team/app');
    assert.deepStrictEqual(team.map((s) => [s.registry, s.repository]), [['registry.corp:5000', 'hub-team/app']]);
    assert.deepStrictEqual([pushSource(cfg, 'docker.io', 'team/app').registry, pushSource(cfg, 'docker.io', 'library/x').registry], ['registry.corp:5000', 'docker.io']);
    assert.throws(() => pullSources(cfg, 'git.internal', 'a/b'), /registry \*\.internal is blocked by the registry configuration \(\/cfg\/registries\.conf:10\): pull of git\.internal\/a\/b refused/);
    // `docker.io/teamwork` is not under the prefix `docker.io/team`.
    assert.strictEqual(pullSources(cfg, 'docker.io', 'teamwork/x').at(-1)!.registry, 'docker.io');
  });

  it("puts the settings' mirrors before the file's and adds their insecure registries", () => {
    const cfg = parseRegistryConfig(JSON.stringify({ 'registry-mirrors': ['https://file.mirror'], 'insecure-registries': ['10.0.0.0/8'] }), F);
    applyOverlay(cfg, { mirrors: ['http://settings.mirror:5000', 'https://file.mirror/'], insecure: ['reg.lan:5000'] });
    assert.deepStrictEqual(pullSources(cfg, 'docker.io', 'library/a').map((s) => s.label), ['mirror http://settings.mirror:5000', 'mirror https://file.mirror', 'docker.io']);
    const d = describeRegistryConfig(cfg);
    assert.deepStrictEqual(d.docker.Mirrors, ['http://settings.mirror:5000/', 'https://file.mirror/']);
    assert.deepStrictEqual(d.docker.InsecureRegistryCIDRs, ['127.0.0.0/8', '10.0.0.0/8']);
    assert.strictEqual(d.docker.IndexConfigs['reg.lan:5000'].Secure, false);
    const bad = applyOverlay(parseRegistryConfig('', F), { mirrors: ['ftp://x'] });
    assert.match(bad.error!.message, /setting stevedore\.registries\.mirrors\[0\]: mirror "ftp:\/\/x" is not an http\(s\) URL/);
  });

  it('names the line of a JSON syntax error and of a TOML key of the wrong type', () => {
    assert.throws(() => parseRegistryConfig('{\n  "registry-mirrors": [\n    "https://a",\n  ]\n}\n', F), /\/cfg\/registries\.conf:4: malformed JSON/);
    assert.throws(() => parseRegistryConfig('mirror-timeout = 2\n\n[[registry]]\nlocation = "a.io"\n[[registry.mirror]]\nlocation = "b.io"\ninsecure = 1\n', F), /registries\.conf:7: key "insecure": expected true or false, got 1/);
    assert.throws(() => parseRegistryConfig('mirror-timeout = -1\n', F), /:1: key "mirror-timeout"/);
  });
});

describe('search: terms and filters as dockerd reads them', () => {
  it('splits REGISTRY/TERM only when the first part is a host', () => {
    assert.deepStrictEqual(splitSearchTerm('127.0.0.1:5000/app'), { registry: '127.0.0.1:5000', remote: 'app' });
    assert.deepStrictEqual(splitSearchTerm('localhost/app'), { registry: 'localhost', remote: 'app' });
    assert.deepStrictEqual(splitSearchTerm('bitnami/mysql'), { registry: 'docker.io', remote: 'bitnami/mysql' });
    assert.deepStrictEqual(splitSearchTerm('index.docker.io/nginx'), { registry: 'docker.io', remote: 'nginx' });
  });
  it('parses filters from the CLI and from the API map form', () => {
    assert.deepStrictEqual(parseSearchFilters(['stars=3', 'is-official=true', 'is-automated=0']), { stars: 3, isOfficial: true, isAutomated: false });
    assert.deepStrictEqual(parseSearchFilters({ 'is-official': { true: true }, stars: ['10'] }), { isOfficial: true, stars: 10 });
    assert.throws(() => parseSearchFilters(['name=x']), /Invalid filter 'name'/);
  });
});
