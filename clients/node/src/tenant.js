// A running fake-auth0 tenant: its URLs and issuer, the exports an app needs, and typed helpers over
// its control API (/__admin/…).
import { query, requestJSON, scenarioRequest } from './http.js';
import { journalQuery, waitForEvent } from './journal.js';

const id = (value) => encodeURIComponent(value);

/** One tenant of a running fake (the process's own, or one made by `createTenant`). */
export class Tenant {
  /** From a ready file or a `POST /__admin/tenants` answer. */
  constructor(info) {
    this.info = info;
    this.id = info.id ?? null;
    this.url = info.http_url.replace(/\/$/, '');
    this.domain = info.domain;
    this.issuer = info.issuer;
    this.port = info.port;
    this.httpsUrl = info.https_url ? info.https_url.replace(/\/$/, '') : null;
    this.httpsPort = info.https_port ?? null;
    this.caFile = info.ca_file ?? null;
  }

  /** host:port of the HTTPS listener, for SDKs that insist on https://{domain}. */
  get httpsDomain() {
    return this.httpsPort === null ? null : `127.0.0.1:${this.httpsPort}`;
  }

  get jwksUrl() {
    return `${this.url}/.well-known/jwks.json`;
  }

  /** A raw control-API call: `admin('GET', '/clock')`. */
  admin(method, path, options) {
    return requestJSON(method, `${this.url}/__admin${path}`, options);
  }

  /**
   * The variables `fake-auth0 env` exports (AUTH0_DOMAIN, AUTH0_ISSUER_BASE_URL, AUTH0_CLIENT_ID,
   * AUTH0_CLIENT_SECRET, AUTH0_AUDIENCE, and the CA variables such as NODE_EXTRA_CA_CERTS).
   */
  async env({ client } = {}) {
    return (await this.admin('GET', `/env${query({ client })}`)).variables;
  }

  /** Back to the scenario's initial state (keys and the CA are kept). */
  async reset() {
    await this.admin('POST', '/reset');
  }

  /** Swap in another scenario; a bad one throws FakeAuth0Error (`.problems`) and the old one keeps serving. */
  async loadScenario(scenario) {
    const { raw, contentType, query: params } = scenarioRequest(scenario);
    await this.admin('PUT', `/scenario${query(params)}`, { raw, contentType });
  }

  // clock
  clock() {
    return this.admin('GET', '/clock');
  }
  advanceClock(seconds) {
    return this.admin('POST', '/clock/advance', { json: { seconds } });
  }
  freezeClock() {
    return this.admin('POST', '/clock/freeze');
  }
  resumeClock() {
    return this.admin('POST', '/clock/resume');
  }

  // CIBA
  async cibaRequests({ user, status } = {}) {
    return (await this.admin('GET', `/ciba/requests${query({ user, status })}`)).requests;
  }
  cibaRequest(authReqId) {
    return this.admin('GET', `/ciba/requests/${id(authReqId)}`);
  }
  approve(authReqId, { scope, acr } = {}) {
    return this.admin('POST', `/ciba/requests/${id(authReqId)}/approve`, { json: { scope, acr } });
  }
  deny(authReqId) {
    return this.admin('POST', `/ciba/requests/${id(authReqId)}/deny`);
  }
  /** The next request fitting `match` (user, client, binding_message, scope, audience, authorization_details) gets `decision`. */
  async decideNext(decision, match = {}) {
    await this.admin('POST', '/ciba/next', { json: { decision, match } });
  }
  approveNext(user, match = {}) {
    return this.decideNext('approve', user ? { user, ...match } : match);
  }
  denyNext(user, match = {}) {
    return this.decideNext('deny', user ? { user, ...match } : match);
  }

  // Token Vault
  async vaultAccounts({ user, connection } = {}) {
    return (await this.admin('GET', `/vault/accounts${query({ user, connection })}`)).accounts;
  }
  /** Connect `user` to `connection` (extra: expires_in, refresh_token, login_hint, user_id, access_token). */
  linkAccount(user, connection, scopes = [], extra = {}) {
    const list = typeof scopes === 'string' ? scopes.split(/\s+/).filter(Boolean) : scopes;
    return this.admin('POST', '/vault/accounts', { json: { user, connection, scopes: list, ...extra } });
  }
  async #accountId(account, connection) {
    if (typeof account === 'object') return account.id;
    if (connection === undefined) return account;
    const [found] = await this.vaultAccounts({ user: account, connection });
    if (!found) throw new Error(`${account} has no ${connection} account`);
    return found.id;
  }
  /** Revoke an account upstream (by id, account object, or user + connection). */
  async revokeAccount(account, connection) {
    return this.admin('POST', `/vault/accounts/${id(await this.#accountId(account, connection))}/revoke`);
  }
  async unlinkAccount(account, connection) {
    await this.admin('DELETE', `/vault/accounts/${id(await this.#accountId(account, connection))}`);
  }
  async expireAccount(account, connection) {
    return this.admin('POST', `/vault/accounts/${id(await this.#accountId(account, connection))}/expire`);
  }

  // provider writes
  async sentMail({ user } = {}) {
    return (await this.admin('GET', `/providers/google/sent${query({ user })}`)).messages;
  }
  async drafts({ user } = {}) {
    return (await this.admin('GET', `/providers/google/drafts${query({ user })}`)).drafts;
  }
  async calendarEvents({ user } = {}) {
    return (await this.admin('GET', `/providers/google/events${query({ user })}`)).events;
  }
  async slackMessages({ user, channel } = {}) {
    return (await this.admin('GET', `/providers/slack/messages${query({ user, channel })}`)).messages;
  }
  async githubIssues({ user } = {}) {
    return (await this.admin('GET', `/providers/github/issues${query({ user })}`)).issues;
  }
  async apiCalls({ user } = {}) {
    return (await this.admin('GET', `/providers/api/calls${query({ user })}`)).calls;
  }
  async clearProviderWrites() {
    await this.admin('DELETE', '/providers');
  }

  // the journal
  /**
   * Journal entries, oldest first, with the journal API's filters: `event` (a name or a pattern with
   * `*`: 'ciba.*', '*.refused'), `client`, `user`, `since` (entries after that `seq`), `limit`.
   */
  async journal({ event, client, user, since, limit } = {}) {
    return (await this.admin('GET', `/journal${journalQuery({ event, client, user, since, limit })}`)).entries;
  }
  /** The `seq` of the newest entry so far (0 before the first): pass it as `since` to wait only for what comes next. */
  async journalSeq() {
    return (await this.admin('GET', '/journal?limit=1')).last_seq;
  }
  /** Forget the kept entries (sequence numbers go on). */
  async clearJournal() {
    await this.admin('DELETE', '/journal');
  }
  /**
   * The first journal entry fitting the filters (as `journal`), with these `details` fields and
   * passing `where(entry)`, waiting for it on the event stream for at most `timeout` ms (default
   * 10000), then rejecting with EventTimeout (which names what did happen). The kept entries after
   * `since` count too (default 0: all of them); pass `since: await tenant.journalSeq()` taken before
   * acting to wait only for later ones, or `since: null`.
   */
  expectEvent(event, { client, user, since = 0, details, where, timeout = 10_000 } = {}) {
    return waitForEvent(this.url, { event, client, user, since, details, where, timeout });
  }
}
