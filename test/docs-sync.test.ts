import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { errorRegistry } from '../src/core/index.ts';
import { generated } from '../scripts/gen-docs.ts';

const root = new URL('..', import.meta.url);

for (const [file, make] of Object.entries(generated)) {
  test(`${file} matches the code it documents (run \`npm run docs\` after changing it)`, () => {
    assert.equal(readFileSync(new URL(file, root), 'utf8'), make());
  });
}

test('every registry code is listed in docs/errors.md', () => {
  const doc = readFileSync(new URL('docs/errors.md', root), 'utf8');
  for (const code of errorRegistry.keys()) assert.match(doc, new RegExp(`id="${code}"></a>${code} \\|`));
});
