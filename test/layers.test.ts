import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { checkSource } from '../scripts/layers.ts';

const resolve = (spec: string) => /^\.\.\/(\w+)\//.exec(spec)?.[1];

test('a back-edge is reported with the file and line', () => {
  const v = checkSource('store/x.ts', 'store', "import a from 'kysely';\nimport { buildApi } from '../api/index.ts';\n", resolve);
  assert.equal(v.length, 1);
  assert.equal(v[0]?.line, 2);
  assert.match(v[0]?.why ?? '', /back-edge: store \(layer 1\) imports api \(layer 6\)/);
});

test('protocol engines may not import the store or the bus, even though they are lower', () => {
  const v = checkSource('sip/x.ts', 'sip', "import type { Store } from '../store/index.ts';\nexport { y } from '../bus/index.ts';\n", resolve);
  assert.deepEqual(v.map((x) => x.to), ['store', 'bus']);
});

test('downward and allowed same-layer imports pass; an unlisted same-layer edge fails', () => {
  assert.deepEqual(checkSource('api/x.ts', 'api', "import { a } from '../core/index.ts';\nimport { b } from '../store/index.ts';\n", resolve), []);
  assert.deepEqual(checkSource('cli/x.ts', 'cli', "import { s } from '../services/index.ts';\n", resolve), []);
  assert.equal(checkSource('store/x.ts', 'store', "import { b } from '../bus/index.ts';\n", resolve).length, 1);
});

test('the source tree follows the layer table', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/check-layers.ts'], { encoding: 'utf8' });
  assert.match(out, /imports follow the layer table/);
});
