// The Node helper against the real binary: start/stop, tenants on demand, the control helpers.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { FakeAuth0Error, findBinary, startFakeAuth0 } from '../index.js';

const ALICE = 'auth0|alice';
const WEB = { client_id: 'demo-web', client_secret: 'demo-web-secret' };

async function form(url, fields) {
  const response = await fetch(url, { method: 'POST', body: new URLSearchParams(fields) });
  return { status: response.status, body: await response.json() };
}

function askCIBA(tenant, user, message) {
  return form(`${tenant.url}/bc-authorize`, {
    ...WEB,
    login_hint: JSON.stringify({ format: 'iss_sub', iss: tenant.issuer, sub: user }),
    scope: 'openid product:buy',
    audience: 'sample-shop-api',
    binding_message: message,
  });
}

function poll(tenant, authReqId) {
  return form(`${tenant.url}/oauth/token`, {
    ...WEB,
    grant_type: 'urn:openid:params:grant-type:ciba',
    auth_req_id: authReqId,
  });
}

describe('fake-auth0 Node helper', () => {
  let fake;
  let tenant;
  before(async () => {
    fake = await startFakeAuth0();
  });
  after(async () => {
    await fake?.stop();
  });

  test('a new tenant serves discovery on its own port with its own issuer', async () => {
    tenant = await fake.createTenant();
    assert.notEqual(tenant.port, fake.tenant.port);
    assert.equal(tenant.issuer, `https://${tenant.domain}/`);
    const discovery = await (await fetch(`${tenant.url}/.well-known/openid-configuration`)).json();
    assert.equal(discovery.issuer, tenant.issuer);
    assert.ok((await fake.tenants()).some((t) => t.id === tenant.id));
  });

  test('approveNext decides the next CIBA request, and reset forgets it', async () => {
    await tenant.approveNext(ALICE);
    const started = await askCIBA(tenant, ALICE, 'Manual check');
    assert.equal(started.status, 200);
    const tokens = await poll(tenant, started.body.auth_req_id);
    assert.equal(tokens.status, 200);
    assert.ok(tokens.body.access_token);
    assert.equal((await tenant.cibaRequests({ user: ALICE }))[0].status, 'redeemed');

    await tenant.denyNext(ALICE);
    await tenant.reset();
    assert.deepEqual(await tenant.cibaRequests(), []);
    const waiting = await askCIBA(tenant, ALICE, 'Manual again');
    assert.equal((await poll(tenant, waiting.body.auth_req_id)).body.error, 'authorization_pending');
  });

  test('vault helpers: revoke, unlink, link', async () => {
    const revoked = await tenant.revokeAccount(ALICE, 'github');
    assert.equal(revoked.revoked, true);
    await tenant.unlinkAccount(revoked);
    const linked = await tenant.linkAccount('auth0|bob', 'github', 'repo');
    assert.deepEqual(linked.scopes, ['repo']);
    assert.equal((await tenant.vaultAccounts({ user: ALICE, connection: 'github' })).length, 0);
    await tenant.reset();
    assert.equal((await tenant.vaultAccounts({ user: ALICE, connection: 'github' })).length, 1);
    assert.deepEqual(await tenant.vaultAccounts({ user: 'auth0|bob' }), []);
  });

  test('the clock moves and reset brings it back', async () => {
    const start = (await tenant.clock()).now;
    assert.equal((await tenant.advanceClock(3600)).now >= start + 3600, true);
    assert.equal((await tenant.freezeClock()).frozen, true);
    await tenant.reset();
    const clock = await tenant.clock();
    assert.equal(clock.frozen, false);
    assert.ok(clock.now < start + 3600);
  });

  test('a bad scenario is refused with its problems; the old one keeps serving', async () => {
    await assert.rejects(tenant.loadScenario({ clients: [{ id: 'x', type: 'nonsense' }] }), (error) => {
      assert.ok(error instanceof FakeAuth0Error);
      assert.equal(error.status, 400);
      assert.equal(error.error, 'invalid_scenario');
      assert.ok(error.problems.length > 0);
      return true;
    });
    const token = await form(`${tenant.url}/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: 'demo-m2m',
      client_secret: 'demo-m2m-secret',
      audience: 'https://api.example.com/',
    });
    assert.equal(token.status, 200);
  });

  test('loadScenario swaps in a scenario file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-auth0-node-'));
    const file = join(dir, 'one-app.yaml');
    writeFileSync(file, 'clients:\n  - { id: one-app, type: m2m, secret: s1 }\napis:\n  - { audience: "urn:one", clients: [one-app] }\n');
    await tenant.loadScenario(file);
    const env = await tenant.env();
    assert.equal(env.AUTH0_CLIENT_ID, 'one-app');
    assert.equal(env.AUTH0_AUDIENCE, 'urn:one');
    assert.equal(env.NODE_EXTRA_CA_CERTS, tenant.caFile);
    const token = await form(`${tenant.url}/oauth/token`, {
      grant_type: 'client_credentials', client_id: 'one-app', client_secret: 's1', audience: 'urn:one',
    });
    assert.equal(token.status, 200);
  });

  test('a Node process trusts the HTTPS listener through NODE_EXTRA_CA_CERTS from env()', async () => {
    const env = await tenant.env();
    const script = `const r = await fetch(${JSON.stringify(`${tenant.httpsUrl}/.well-known/openid-configuration`)}); console.log((await r.json()).issuer);`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: env.NODE_EXTRA_CA_CERTS },
    });
    assert.equal(stdout.trim(), `https://${tenant.httpsDomain}/`);
  });

  test('deleting a tenant closes its port; deleting it again is 404', async () => {
    await fake.deleteTenant(tenant);
    await assert.rejects(fetch(`${tenant.url}/.well-known/openid-configuration`));
    await assert.rejects(fake.deleteTenant(tenant), (error) => error.status === 404 && error.error === 'not_found');
    await assert.rejects(fake.deleteTenant('nope'), (error) => error.status === 404);
  });

  test('findBinary prefers FAKE_AUTH0_BIN', () => {
    const binary = findBinary();
    assert.equal(findBinary({ env: { FAKE_AUTH0_BIN: binary, PATH: '' } }), binary);
    assert.throws(() => findBinary({ env: { FAKE_AUTH0_BIN: '/no/such/fake-auth0' } }), /FAKE_AUTH0_BIN/);
  });
});
