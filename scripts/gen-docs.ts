// Generates the parts of docs/ that mirror code: docs/errors.md from the error registry and
// docs/configuration.md from the config schema. `npm run docs` writes them; tests check they match.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configFields } from '../src/config/index.ts';
import { errorRegistry, moreInfoUrl } from '../src/core/index.ts';

export function errorsDoc(): string {
  const rows = [...errorRegistry.values()].sort((a, b) => a.code - b.code);
  const lines = [
    '# Error codes',
    '',
    '<!-- Generated from src/core/error-codes.ts by `npm run docs`; a test keeps it in sync. -->',
    '',
    'Every failure Switchboard reports carries a stable numeric code from one registry. REST errors',
    'come back in Twilio\'s shape, `{"code", "message", "more_info", "status"}`, with the HTTP status',
    'below. Twilio\'s numbers keep Twilio\'s meaning (`more_info` links to Twilio\'s page);',
    'Switchboard\'s own codes are in the 90000 range (`more_info` points here).',
    '',
    '| code | HTTP | title | raised when | origin |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((d) => `| <a id="${d.code}"></a>${d.code} | ${d.httpStatus} | ${d.title} | ${d.when} | ${d.origin === 'twilio' ? `[Twilio](${moreInfoUrl(d.code)})` : 'Switchboard'} |`),
    '',
  ];
  return lines.join('\n');
}

export function configurationDoc(): string {
  const defaultText = (d: unknown) => (typeof d === 'function' ? 'derived (see description)' : `\`${JSON.stringify(d)}\``);
  const lines = [
    '# Configuration',
    '',
    '<!-- Generated from src/config/schema.ts by `npm run docs`; a test keeps it in sync. -->',
    '',
    'One typed schema, validated once at start: every problem is reported, then the command exits 1.',
    'Sources, lowest to highest: the defaults below, a JSON file (`--config FILE`, keys as the dotted',
    'paths below nested as objects, e.g. `{"http": {"port": 8080}}`), the environment, then flags.',
    '',
    '| setting | default | environment | flag | description |',
    '| --- | --- | --- | --- | --- |',
    ...configFields.map(
      (f) => `| \`${f.path}\` | ${defaultText(f.default)} | \`${f.env}\` | ${f.flag ? `\`--${f.flag}\`` : ''} | ${f.description} |`,
    ),
    '',
    '`--rtp-ports MIN-MAX` sets `rtp.portMin` and `rtp.portMax` together.',
    '',
    '## Trunks',
    '',
    'Each entry of `trunks` (config file, or JSON in `SWITCHBOARD_TRUNKS`):',
    '',
    '| key | type | default | meaning |',
    '| --- | --- | --- | --- |',
    '| `name` | string | required | unique name of the trunk |',
    '| `outboundUri` | sip: URI | required | where outbound calls through this trunk go |',
    '| `transport` | `udp` \\| `tcp` | `udp` | SIP transport towards the trunk |',
    '| `username`, `password` | string | none | digest credentials when the trunk challenges our INVITEs (never logged) |',
    '| `allowedAddresses` | array of addresses or CIDRs | `[]` | sources allowed to send calls in on this trunk |',
    '| `maxCps` | number | `1` | outbound calls per second (Twilio\'s default of 1 CPS per trunk) |',
    '| `maxConcurrent` | number | `100` | concurrent calls on the trunk |',
    '',
    'Example:',
    '',
    '```json',
    '{ "http": { "port": 8080, "publicUrl": "https://voice.example.org" },',
    '  "trunks": [{ "name": "carrier", "outboundUri": "sip:198.51.100.7:5060", "allowedAddresses": ["198.51.100.0/24"], "maxCps": 5 }] }',
    '```',
    '',
  ];
  return lines.join('\n');
}

export const generated: Record<string, () => string> = {
  'docs/errors.md': errorsDoc,
  'docs/configuration.md': configurationDoc,
};

const root = fileURLToPath(new URL('..', import.meta.url));
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [file, make] of Object.entries(generated)) {
    const path = root + file;
    const next = make();
    let prev = '';
    try {
      prev = readFileSync(path, 'utf8');
    } catch {
      /* new file */
    }
    if (prev !== next) writeFileSync(path, next);
    process.stdout.write(`${prev === next ? 'unchanged' : 'wrote    '} ${file}\n`);
  }
}
