// The unit tests read the sipp captures vendored in test/data/dtmf/. sipp scenarios in the
// integration tests play /usr/share/sip-tester/ instead, so this checks that both are the same
// bytes. It fails (never skips) when sipp's data is missing, like every sipp-backed test here.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DTMF_DATA_DIR, SIPP_DTMF, SIPP_SYSTEM_DIR, loadSippPcap } from './dtmf.fixture.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex').slice(0, 16);

describe('test/data/dtmf matches the captures sipp plays', () => {
  it('lists every vendored capture with its sha256 in PROVENANCE.md', () => {
    const provenance = readFileSync(`${DTMF_DATA_DIR}PROVENANCE.md`, 'utf8');
    for (const { file } of SIPP_DTMF) assert.match(provenance, new RegExp(`${file} \\| 764 \\| ${sha(loadSippPcap(file))}`));
  });

  for (const { file } of SIPP_DTMF) {
    it(`${SIPP_SYSTEM_DIR}${file} is byte-identical to the vendored copy`, () => {
      const system = `${SIPP_SYSTEM_DIR}${file}`;
      assert.ok(existsSync(system), `${system} is missing: apt-get install sip-tester (see shared/reference/sip-testbed.md)`);
      assert.deepEqual(readFileSync(system), loadSippPcap(file));
    });
  }
});
