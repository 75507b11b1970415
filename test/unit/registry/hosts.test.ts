import * as assert from 'assert';
import { canonicalRegistry, credentialKey, hostnameOfKey, isInsecureRegistry, resolveEndpoint } from '../../../client/src/engine/registry/hosts';

describe('registry: endpoints', () => {
  it('maps Docker Hub names to registry-1.docker.io over TLS', () => {
    for (const name of ['docker.io', 'index.docker.io', 'registry-1.docker.io']) {
      const e = resolveEndpoint(name);
      assert.strictEqual(e.base.toString(), 'https://registry-1.docker.io/');
      assert.strictEqual(e.registry, 'docker.io');
      assert.strictEqual(e.insecure, false);
    }
    assert.strictEqual(canonicalRegistry('INDEX.DOCKER.IO'), 'docker.io');
  });

  it('speaks plain HTTP to loopback registries and TLS elsewhere', () => {
    assert.strictEqual(resolveEndpoint('localhost:5000').base.toString(), 'http://localhost:5000/');
    assert.strictEqual(resolveEndpoint('127.0.0.1:41234').base.toString(), 'http://127.0.0.1:41234/');
    assert.strictEqual(resolveEndpoint('127.1.2.3').base.protocol, 'http:');
    assert.strictEqual(resolveEndpoint('[::1]:5000').base.toString(), 'http://[::1]:5000/');
    assert.strictEqual(resolveEndpoint('ghcr.io').base.toString(), 'https://ghcr.io/');
    assert.strictEqual(resolveEndpoint('registry.example.com:5000').base.toString(), 'https://registry.example.com:5000/');
  });

  it('honours registries the user marks insecure, by name or CIDR', () => {
    assert.strictEqual(isInsecureRegistry('myreg:5000', ['myreg:5000']), true);
    assert.strictEqual(isInsecureRegistry('myreg:5000', ['http://myreg:5000/']), true);
    assert.strictEqual(isInsecureRegistry('10.1.2.3:5000', ['10.0.0.0/8']), true);
    assert.strictEqual(isInsecureRegistry('11.1.2.3:5000', ['10.0.0.0/8']), false);
    assert.strictEqual(isInsecureRegistry('myreg:5000', []), false);
    assert.strictEqual(resolveEndpoint('10.1.2.3:5000', { insecureRegistries: ['10.0.0.0/8'] }).base.protocol, 'http:');
  });

  it('lets an override put a local stand-in behind a registry name', () => {
    const e = resolveEndpoint('docker.io', { endpointOverrides: { 'registry-1.docker.io': 'http://127.0.0.1:5999' } });
    assert.strictEqual(e.base.toString(), 'http://127.0.0.1:5999/');
    assert.strictEqual(e.registry, 'docker.io');
  });

  it('files credentials under the keys docker uses', () => {
    assert.strictEqual(credentialKey('docker.io'), 'https://index.docker.io/v1/');
    assert.strictEqual(credentialKey('index.docker.io'), 'https://index.docker.io/v1/');
    assert.strictEqual(credentialKey('Example.com:5000'), 'example.com:5000');
    assert.strictEqual(hostnameOfKey('https://index.docker.io/v1/'), 'index.docker.io');
    assert.strictEqual(hostnameOfKey('http://myreg:5000/v2/'), 'myreg:5000');
  });
});
