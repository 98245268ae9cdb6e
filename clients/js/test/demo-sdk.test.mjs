import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { demoSdkDir, distDir } from '../scripts/paths.mjs';

test('the /demo/ page serves the SDK as built from this source (npm run build && npm run demo:sdk)', () => {
  const built = readdirSync(distDir).filter((f) => f.endsWith('.js')).sort();
  const served = readdirSync(demoSdkDir).sort();
  assert.deepEqual(served, built);
  for (const file of built) {
    assert.equal(readFileSync(join(demoSdkDir, file), 'utf8'), readFileSync(join(distDir, file), 'utf8'), `${file} is stale`);
  }
});
