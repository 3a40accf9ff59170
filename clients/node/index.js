// fake-auth0 for Node test suites: start the fake, make isolated tenants, drive the control API.
export { findBinary } from './src/binary.js';
export { FakeAuth0Error } from './src/http.js';
export { EventTimeout } from './src/journal.js';
export { FakeAuth0, startFakeAuth0 } from './src/process.js';
export { Tenant } from './src/tenant.js';
