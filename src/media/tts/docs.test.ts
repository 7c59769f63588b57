import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { POLLY_VOICES } from './twilio-voices.ts';
import { LANGUAGES } from './voices.ts';

const doc = readFileSync(new URL('../../../docs/tts.md', import.meta.url), 'utf8');

it('docs/tts.md lists every language and Polly voice of the tables in the code', () => {
  for (const [language, voice] of Object.entries(LANGUAGES)) {
    assert.ok(doc.includes(`| \`${language}\` | \`${voice}+m3\` | \`${voice}+f3\` |`), `docs/tts.md lacks the row for ${language}`);
  }
  const rows = doc.split('\n').filter((l) => l.startsWith('| `'));
  for (const [name, v] of Object.entries(POLLY_VOICES)) {
    const row = rows.find((l) => l.startsWith(`| \`${v.language}\` | `) && !l.includes('+m3'));
    assert.ok(row?.includes(`${name} (${v.gender === 'male' ? 'M' : 'F'})`), `docs/tts.md lacks Polly.${name}`);
  }
});
