import * as assert from 'assert';
import { parseWwwAuthenticate } from '../../../client/src/engine/registry/challenge';
import { parseNextLink, parseRetryAfter } from '../../../client/src/engine/registry/client';

describe('registry: WWW-Authenticate parsing', () => {
  it('reads a Docker Hub style bearer challenge with a comma inside the quoted scope', () => {
    const [c] = parseWwwAuthenticate('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull,push"');
    assert.strictEqual(c.scheme, 'bearer');
    assert.deepStrictEqual(c.params, { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/busybox:pull,push' });
  });

  it('reads a basic challenge as docker-registry sends it', () => {
    assert.deepStrictEqual(parseWwwAuthenticate('Basic realm="stevedore-test"'), [{ scheme: 'basic', params: { realm: 'stevedore-test' } }]);
  });

  it('splits several challenges in one header, with spaces and unquoted values', () => {
    const cs = parseWwwAuthenticate('Bearer realm="https://a/token", service=reg, error="insufficient_scope" , Basic realm="x"');
    assert.deepStrictEqual(
      cs.map((c) => c.scheme),
      ['bearer', 'basic'],
    );
    assert.strictEqual(cs[0].params.service, 'reg');
    assert.strictEqual(cs[0].params.error, 'insufficient_scope');
    assert.strictEqual(cs[1].params.realm, 'x');
  });

  it('unescapes backslash-escaped quotes in quoted values and lower-cases names', () => {
    const [c] = parseWwwAuthenticate('BEARER Realm="a \\"quoted\\" realm",SERVICE="s"');
    assert.strictEqual(c.scheme, 'bearer');
    assert.deepStrictEqual(c.params, { realm: 'a "quoted" realm', service: 's' });
  });

  it('accepts an array of headers and an absent header', () => {
    assert.deepStrictEqual(parseWwwAuthenticate(undefined), []);
    assert.deepStrictEqual(
      parseWwwAuthenticate(['Basic realm="a"', 'Bearer realm="b"']).map((c) => c.params.realm),
      ['a', 'b'],
    );
  });

  it('keeps a token68 credential of schemes like Negotiate', () => {
    const [c] = parseWwwAuthenticate('Negotiate abc+/def==');
    assert.strictEqual(c.params.token68, 'abc+/def==');
  });
});

describe('registry: Retry-After and Link headers', () => {
  it('reads Retry-After in seconds and as an HTTP date', () => {
    assert.strictEqual(parseRetryAfter('3'), 3000);
    const now = Date.parse('Tue, 24 Nov 2026 00:00:00 GMT');
    assert.strictEqual(parseRetryAfter('Tue, 24 Nov 2026 00:00:05 GMT', now), 5000);
    assert.strictEqual(parseRetryAfter('soon'), undefined);
    assert.strictEqual(parseRetryAfter(undefined), undefined);
  });

  it('finds the next page in a Link header and ignores other relations', () => {
    assert.strictEqual(parseNextLink('</v2/_catalog?last=b&n=2>; rel="next"'), '/v2/_catalog?last=b&n=2');
    assert.strictEqual(parseNextLink('<https://r/v2/x/tags/list?n=1&last=a>; rel="prev", <https://r/v2/x/tags/list?n=1&last=c>; rel="next"'), 'https://r/v2/x/tags/list?n=1&last=c');
    assert.strictEqual(parseNextLink('</v2/_catalog?last=b>; rel="prev"'), undefined);
    assert.strictEqual(parseNextLink(undefined), undefined);
  });
});
