// One JSON call to the control API; error answers become FakeAuth0Error.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** An error answer of the control API: `status`, `error`, `description`, and `problems` for a refused scenario. */
export class FakeAuth0Error extends Error {
  constructor(status, body) {
    super(`${status} ${body.error ?? 'http_error'}: ${body.error_description ?? ''}`);
    this.name = 'FakeAuth0Error';
    this.status = status;
    this.error = body.error ?? 'http_error';
    this.description = body.error_description ?? '';
    this.problems = body.problems ?? [];
    this.body = body;
  }
}

export async function requestJSON(method, url, { json, raw, contentType } = {}) {
  const headers = { accept: 'application/json' };
  let body;
  if (raw !== undefined) {
    body = raw;
    headers['content-type'] = contentType ?? 'application/yaml';
  } else if (json !== undefined) {
    body = JSON.stringify(json);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  if (!response.ok) {
    let parsed = {};
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { error: 'http_error', error_description: text.slice(0, 500) };
    }
    throw new FakeAuth0Error(response.status, parsed && typeof parsed === 'object' ? parsed : {});
  }
  return text ? JSON.parse(text) : undefined;
}

/**
 * A scenario for the control API: a file path (string or URL; fixture paths stay relative to it),
 * an object (sent as JSON), or a Buffer of YAML/JSON text.
 */
export function scenarioRequest(scenario) {
  if (Buffer.isBuffer(scenario) || scenario instanceof Uint8Array) {
    return { raw: scenario, contentType: 'application/yaml', query: {} };
  }
  if (typeof scenario === 'string' || scenario instanceof URL) {
    const path = scenario instanceof URL ? scenario.pathname : resolve(scenario);
    return { raw: readFileSync(path), contentType: 'application/yaml', query: { file: path } };
  }
  return { raw: JSON.stringify(scenario), contentType: 'application/json', query: {} };
}

export function query(params) {
  const present = Object.entries(params).filter(([, value]) => value !== undefined && value !== null);
  return present.length ? `?${new URLSearchParams(present)}` : '';
}
