import * as assert from 'assert/strict';
import { apiAuthConfig, decodeRegistryAuth, DOCKER_HUB_AUTH_SERVER, encodeRegistryAuth, registryLogin } from '../../../client/src/core/dockerWire';

/**
 * X-Registry-Auth, written by DockerEngine and read by the API server from the same functions:
 * the docker CLI's encoding (Go's base64.URLEncoding, padded) and the AuthConfig field names.
 */
describe('core/dockerWire: X-Registry-Auth', () => {
  it("encodes as the docker CLI does: JSON in the URL alphabet with padding, Docker Hub as its index address", () => {
    const a = apiAuthConfig({ username: 'u', password: '>>>?' }, 'docker.io');
    assert.deepEqual(a, { serveraddress: DOCKER_HUB_AUTH_SERVER, username: 'u', password: '>>>?' });
    const h = encodeRegistryAuth(a);
    const std = Buffer.from(JSON.stringify(a)).toString('base64');
    assert.ok(/[+/]/.test(std) && std.endsWith('='), `the sample must exercise the alphabet and padding: ${std}`);
    assert.equal(h, std.replace(/\+/g, '-').replace(/\//g, '_'));
    assert.equal(encodeRegistryAuth({}), 'e30=');
  });

  it('decodes what it encodes (padded or not) back to the same login; {} and an empty header carry none', () => {
    const login = { username: 'alice', password: 'p/w+x?', identityToken: 'it', registryToken: 'rt' };
    const h = encodeRegistryAuth(apiAuthConfig(login, 'registry.example:5000'));
    assert.deepEqual(registryLogin(decodeRegistryAuth(h)), login);
    assert.deepEqual(registryLogin(decodeRegistryAuth(h.replace(/=+$/, ''))), login);
    assert.equal(decodeRegistryAuth(h).serveraddress, 'registry.example:5000');
    assert.equal(registryLogin(decodeRegistryAuth('e30=')), undefined);
    assert.equal(registryLogin(decodeRegistryAuth('')), undefined);
    assert.equal(registryLogin({ username: '', password: '' }), undefined);
  });

  it('refuses a header that is not base64 JSON or not an object, saying so', () => {
    assert.throws(() => decodeRegistryAuth(Buffer.from('not json').toString('base64')), /not base64-encoded JSON/);
    assert.throws(() => decodeRegistryAuth(Buffer.from('null').toString('base64')), /not a JSON object/);
  });
});
