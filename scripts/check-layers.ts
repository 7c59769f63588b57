// `npm run lint` step: fails when an import in src/ runs against the layer table (scripts/layers.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve as resolvePath, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSource, type Violation } from './layers.ts';

const src = fileURLToPath(new URL('../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : name.endsWith('.ts') ? [full] : [];
  });
}

const violations: Violation[] = [];
for (const file of files(src)) {
  const rel = relative(src, file);
  const module = rel.split(sep)[0] ?? '';
  if (!rel.includes(sep)) continue; // files directly in src/ (none today) are not in a layer
  const resolve = (spec: string) => {
    if (!spec.startsWith('.')) return undefined;
    const target = relative(src, resolvePath(dirname(file), spec));
    return target.startsWith('..') ? '(outside src)' : target.split(sep)[0];
  };
  violations.push(...checkSource(rel, module, readFileSync(file, 'utf8'), resolve));
}
for (const v of violations) process.stderr.write(`src/${v.file}:${v.line}: ${v.why}\n`);
if (violations.length) {
  process.stderr.write(`check-layers: ${violations.length} import(s) break the layer table in ../shared/ARCHITECTURE.md\n`);
  process.exit(1);
}
process.stdout.write('check-layers: imports follow the layer table\n');
