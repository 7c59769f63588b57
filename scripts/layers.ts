// The layer table of ../shared/ARCHITECTURE.md as data, and the check that imports follow it:
// a module may import its own layer's siblings only where listed, and lower layers freely.

export const LAYERS: Record<string, number> = {
  core: 0,
  config: 1, store: 1, bus: 1,
  sip: 2, sdp: 2, media: 2,
  events: 3, cluster: 3,
  taskrouter: 4, usage: 4,
  call: 5,
  api: 6,
  services: 7, cli: 7,
};

/** Same-layer imports that are allowed (everything else at the same layer is a violation). */
export const SAME_LAYER_ALLOWED: Record<string, readonly string[]> = {
  sdp: [],
  sip: [],
  media: ['sdp'],
  cli: ['services'],
  store: [],
  bus: [],
  config: [],
};

/** Protocol engines never import the store or the bus (or each other). */
export const FORBIDDEN: Record<string, readonly string[]> = {
  sip: ['store', 'bus', 'media'],
  media: ['store', 'bus', 'sip'],
  sdp: ['store', 'bus'],
};

export interface Violation {
  file: string;
  line: number;
  from: string;
  to: string;
  why: string;
}

const IMPORT_RE = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** Checks one file's source; `module` is its top folder under src/, `resolve` maps a specifier to a src module or undefined. */
export function checkSource(file: string, module: string, source: string, resolve: (spec: string) => string | undefined): Violation[] {
  const out: Violation[] = [];
  const from = LAYERS[module];
  if (from === undefined) return [{ file, line: 1, from: module, to: '', why: `src/${module} is not in the layer table` }];
  for (const m of source.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec) continue;
    const to = resolve(spec);
    if (!to || to === module) continue;
    const line = source.slice(0, m.index).split('\n').length;
    const target = LAYERS[to];
    if (target === undefined) out.push({ file, line, from: module, to, why: `src/${to} is not in the layer table` });
    else if (FORBIDDEN[module]?.includes(to)) out.push({ file, line, from: module, to, why: `${module} is a protocol engine and must not import ${to}` });
    else if (target > from) out.push({ file, line, from: module, to, why: `back-edge: ${module} (layer ${from}) imports ${to} (layer ${target})` });
    else if (target === from && !SAME_LAYER_ALLOWED[module]?.includes(to)) out.push({ file, line, from: module, to, why: `${module} and ${to} share layer ${from} and this edge is not allowed` });
  }
  return out;
}
