// Running the fake-auth0 binary: one process, its own tenant, and tenants made on demand in it.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { findBinary } from './binary.js';
import { query, requestJSON, scenarioRequest } from './http.js';
import { Tenant } from './tenant.js';

/** A running `fake-auth0 --port 0 --ephemeral` process. Make one with `startFakeAuth0()`. */
export class FakeAuth0 {
  constructor(child, tenant, workdir) {
    this.child = child;
    /** The process's own tenant (the scenario it was started with). */
    this.tenant = tenant;
    this.workdir = workdir;
  }

  /** What the fake wrote to stderr. */
  log() {
    try {
      return readFileSync(join(this.workdir, 'stderr.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** A new tenant on its own ports with its own in-memory state; `scenario` as for `loadScenario`. */
  async createTenant(scenario) {
    const url = `${this.tenant.url}/__admin/tenants`;
    if (scenario === undefined || scenario === null) return new Tenant(await requestJSON('POST', url));
    const { raw, contentType, query: params } = scenarioRequest(scenario);
    return new Tenant(await requestJSON('POST', `${url}${query(params)}`, { raw, contentType }));
  }

  async tenants() {
    const { tenants } = await requestJSON('GET', `${this.tenant.url}/__admin/tenants`);
    return tenants.map((info) => new Tenant(info));
  }

  /** Stops a tenant made by `createTenant` and forgets its state. */
  async deleteTenant(tenant) {
    const tenantId = typeof tenant === 'string' ? tenant : tenant.id;
    await requestJSON('DELETE', `${this.tenant.url}/__admin/tenants/${encodeURIComponent(tenantId)}`);
  }

  /** SIGTERM, then SIGKILL after 10 s; removes the work directory. */
  async stop() {
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.workdir, { recursive: true, force: true });
  }
}

/**
 * Starts fake-auth0 on free ports (HTTP and HTTPS) with all state in memory and resolves once it is
 * ready. Options: `binary` (default: findBinary()), `scenario` (a file), `args` (more CLI flags),
 * `logLevel`, `timeoutMs`.
 */
export async function startFakeAuth0({ binary, scenario, args = [], logLevel = 'warning', timeoutMs = 30_000 } = {}) {
  const bin = binary ?? findBinary();
  const workdir = mkdtempSync(join(tmpdir(), 'fake-auth0-'));
  const ready = join(workdir, 'ready.json');
  const command = ['serve', '--port', '0', '--ephemeral', '--ready-file', ready, '--log-level', logLevel, ...args];
  if (scenario) command.push('--scenario', resolve(scenario));
  const out = openSync(join(workdir, 'stdout.log'), 'w');
  const err = openSync(join(workdir, 'stderr.log'), 'w');
  const child = spawn(bin, command, { cwd: workdir, stdio: ['ignore', out, err] });
  closeSync(out);
  closeSync(err);
  let spawnError;
  child.once('error', (error) => {
    spawnError = error;
  });
  const fake = (info) => new FakeAuth0(child, new Tenant(info), workdir);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return fake(JSON.parse(readFileSync(ready, 'utf8')));
    } catch {
      // not written yet (it is written atomically)
    }
    if (spawnError || child.exitCode !== null || Date.now() > deadline) {
      const log = readFileSync(join(workdir, 'stderr.log'), 'utf8');
      await new FakeAuth0(child, null, workdir).stop();
      const why = spawnError ? spawnError.message : child.exitCode !== null ? `exited with code ${child.exitCode}` : 'was not ready in time';
      throw new Error(`fake-auth0 ${why}\n${log}`);
    }
    await sleep(10);
  }
}
