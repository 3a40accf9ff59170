// Finding the fake-auth0 binary: FAKE_AUTH0_BIN, then PATH, then a SwiftPM build folder nearby.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const NAME = 'fake-auth0';

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function buildCandidates(start) {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const found = ['debug', 'release']
      .map((configuration) => join(dir, '.build', configuration, NAME))
      .filter(executable);
    if (found.length > 0) return found;
    if (dirname(dir) === dir) return [];
  }
}

/**
 * The fake-auth0 binary: $FAKE_AUTH0_BIN (an error if it is not executable), then `fake-auth0` on
 * PATH, then `.build/debug|release/fake-auth0` (the newer) in `searchFrom`, the working directory or
 * their parents, then above this package (inside the fake-auth0 repository).
 */
export function findBinary({ searchFrom = [], env = process.env } = {}) {
  const explicit = env.FAKE_AUTH0_BIN;
  if (explicit) {
    const path = isAbsolute(explicit) ? explicit : resolve(explicit);
    if (!executable(path)) throw new Error(`FAKE_AUTH0_BIN=${explicit} is not an executable file`);
    return path;
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, NAME))) return join(dir, NAME);
  }
  const here = dirname(fileURLToPath(import.meta.url));
  for (const start of [...searchFrom, process.cwd(), here]) {
    const found = buildCandidates(start);
    if (found.length > 0) {
      return found.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    }
  }
  throw new Error(
    'fake-auth0 binary not found: set FAKE_AUTH0_BIN, put fake-auth0 on PATH, or build it (swift build)',
  );
}
