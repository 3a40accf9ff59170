// Types for the fake-auth0 Node helper.
export interface TenantInfo {
  id?: string;
  http_url: string;
  port: number;
  domain: string;
  issuer: string;
  https_url?: string;
  https_port?: number;
  ca_file?: string;
  [key: string]: unknown;
}
export type Scenario = string | URL | Uint8Array | Record<string, unknown>;
export type Json = any;

export class FakeAuth0Error extends Error {
  status: number;
  error: string;
  description: string;
  problems: string[];
  body: Record<string, unknown>;
}

/** A journal entry (docs/journal.md). */
export interface JournalEntry {
  seq: number;
  time: string;
  wall_time: string;
  method?: string;
  path?: string;
  status?: number;
  client?: string;
  user?: string;
  event: string;
  details: Record<string, Json>;
}
export interface JournalFilter {
  event?: string;
  client?: string;
  user?: string;
  since?: number;
  limit?: number;
}
export class EventTimeout extends Error {
  seen: JournalEntry[];
}

export class Tenant {
  constructor(info: TenantInfo);
  info: TenantInfo;
  id: string | null;
  url: string;
  domain: string;
  issuer: string;
  port: number;
  httpsUrl: string | null;
  httpsPort: number | null;
  caFile: string | null;
  readonly httpsDomain: string | null;
  readonly jwksUrl: string;
  admin(method: string, path: string, options?: { json?: unknown; raw?: Uint8Array | string; contentType?: string }): Promise<Json>;
  env(options?: { client?: string }): Promise<Record<string, string>>;
  reset(): Promise<void>;
  loadScenario(scenario: Scenario): Promise<void>;
  clock(): Promise<{ now: number; iso: string; frozen: boolean }>;
  advanceClock(seconds: number): Promise<{ now: number; iso: string; frozen: boolean }>;
  freezeClock(): Promise<{ now: number; iso: string; frozen: boolean }>;
  resumeClock(): Promise<{ now: number; iso: string; frozen: boolean }>;
  cibaRequests(filter?: { user?: string; status?: string }): Promise<Json[]>;
  cibaRequest(authReqId: string): Promise<Json>;
  approve(authReqId: string, options?: { scope?: string; acr?: string }): Promise<Json>;
  deny(authReqId: string): Promise<Json>;
  decideNext(decision: Json, match?: Record<string, unknown>): Promise<void>;
  approveNext(user?: string, match?: Record<string, unknown>): Promise<void>;
  denyNext(user?: string, match?: Record<string, unknown>): Promise<void>;
  vaultAccounts(filter?: { user?: string; connection?: string }): Promise<Json[]>;
  linkAccount(user: string, connection: string, scopes?: string[] | string, extra?: Record<string, unknown>): Promise<Json>;
  revokeAccount(account: string | { id: string }, connection?: string): Promise<Json>;
  unlinkAccount(account: string | { id: string }, connection?: string): Promise<void>;
  expireAccount(account: string | { id: string }, connection?: string): Promise<Json>;
  sentMail(filter?: { user?: string }): Promise<Json[]>;
  drafts(filter?: { user?: string }): Promise<Json[]>;
  calendarEvents(filter?: { user?: string }): Promise<Json[]>;
  slackMessages(filter?: { user?: string; channel?: string }): Promise<Json[]>;
  githubIssues(filter?: { user?: string }): Promise<Json[]>;
  apiCalls(filter?: { user?: string }): Promise<Json[]>;
  clearProviderWrites(): Promise<void>;
  journal(filter?: JournalFilter): Promise<JournalEntry[]>;
  journalSeq(): Promise<number>;
  clearJournal(): Promise<void>;
  expectEvent(
    event?: string,
    options?: {
      client?: string;
      user?: string;
      since?: number | null;
      details?: Record<string, Json>;
      where?: (entry: JournalEntry) => boolean;
      timeout?: number;
    },
  ): Promise<JournalEntry>;
}

export class FakeAuth0 {
  tenant: Tenant;
  workdir: string;
  log(): string;
  createTenant(scenario?: Scenario): Promise<Tenant>;
  tenants(): Promise<Tenant[]>;
  deleteTenant(tenant: Tenant | string): Promise<void>;
  stop(): Promise<void>;
}

export function startFakeAuth0(options?: {
  binary?: string;
  scenario?: string;
  args?: string[];
  logLevel?: string;
  timeoutMs?: number;
}): Promise<FakeAuth0>;

export function findBinary(options?: { searchFrom?: string[]; env?: Record<string, string | undefined> }): string;
