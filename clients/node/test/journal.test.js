// The journal helpers against the real binary: journal() with the API's filters, expectEvent() on the stream.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { EventTimeout, FakeAuth0Error, startFakeAuth0 } from '../index.js';

const ALICE = 'auth0|alice';
const WEB = { client_id: 'demo-web', client_secret: 'demo-web-secret' };
const M2M = { client_id: 'demo-m2m', client_secret: 'demo-m2m-secret' };

async function form(tenant, path, fields) {
  const response = await fetch(`${tenant.url}${path}`, { method: 'POST', body: new URLSearchParams(fields) });
  return { status: response.status, body: await response.json() };
}

describe('fake-auth0 Node helper: the journal', () => {
  let fake;
  let tenant;
  before(async () => {
    fake = await startFakeAuth0();
    tenant = await fake.createTenant();
  });
  after(async () => {
    await fake?.stop();
  });

  test('journal() filters by event pattern, client, since and limit; a bad limit is a FakeAuth0Error', async () => {
    const granted = await form(tenant, '/oauth/token', { ...M2M, grant_type: 'client_credentials', audience: 'https://api.example.com/' });
    assert.equal(granted.status, 200);
    const refused = await form(tenant, '/oauth/token', { ...M2M, client_secret: 'wrong', grant_type: 'client_credentials' });
    assert.equal(refused.status, 401);

    const tokens = await tenant.journal({ event: 'token.*', client: M2M.client_id });
    assert.deepEqual(tokens.map((entry) => entry.event), ['token.issued', 'token.refused']);
    assert.equal(tokens[0].details.grant, 'client_credentials');
    assert.equal(tokens[1].details.error, 'invalid_client');
    assert.ok(!JSON.stringify(await tenant.journal()).includes(M2M.client_secret), 'no secret in the journal');
    assert.deepEqual((await tenant.journal({ since: tokens[0].seq, event: 'token.*' })).map((e) => e.seq), [tokens[1].seq]);
    assert.equal((await tenant.journal({ limit: 1 })).length, 1);
    assert.ok((await tenant.journalSeq()) >= tokens[1].seq);
    await assert.rejects(tenant.journal({ limit: 0 }), (error) => error instanceof FakeAuth0Error && error.status === 400);
  });

  test('expectEvent() waits on the stream for an approval made after it started', async () => {
    const seq = await tenant.journalSeq();
    const started = await form(tenant, '/bc-authorize', {
      ...WEB,
      login_hint: JSON.stringify({ format: 'iss_sub', iss: tenant.issuer, sub: ALICE }),
      scope: 'openid',
      binding_message: 'Node journal test',
    });
    assert.equal(started.status, 200);
    const id = started.body.auth_req_id;
    const approved = tenant.expectEvent('ciba.approved', { since: seq, user: ALICE, details: { auth_req_id: id } });
    await tenant.approve(id);
    const entry = await approved;
    assert.equal(entry.details.decided_by, 'control');
    assert.equal(entry.path, `/__admin/ciba/requests/${id}/approve`);
    const requested = await tenant.expectEvent('ciba.requested', { since: seq });
    assert.equal(requested.details.binding_message, 'Node journal test');
    assert.ok(requested.seq < entry.seq);
  });

  test('expectEvent() gives up after its timeout and names what did happen', async () => {
    const seq = await tenant.journalSeq();
    await tenant.advanceClock(1);
    await assert.rejects(tenant.expectEvent('admin.clock.advanced', { since: seq, details: { seconds: 2 }, timeout: 300 }), (error) => {
      assert.ok(error instanceof EventTimeout, String(error));
      assert.match(error.message, /no journal entry with event="admin\.clock\.advanced"/);
      assert.deepEqual(error.seen.map((entry) => entry.details.seconds), [1]);
      return true;
    });
    await assert.rejects(tenant.expectEvent('gmail.message.sent', { timeout: 200 }), EventTimeout);
    await assert.rejects(tenant.expectEvent('x', { timeout: 0 }), RangeError);
  });
});
