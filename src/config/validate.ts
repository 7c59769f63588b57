import type { FieldSpec, TrunkConfig } from './schema.ts';

export type Coerced = { ok: true; value: unknown } | { ok: false; problem: string };

const TRUNK_KEYS = new Set(['name', 'outboundUri', 'transport', 'username', 'password', 'allowedAddresses', 'maxCps', 'maxConcurrent']);

/** Turns a raw value (string from env/flags, or JSON from the file) into the field's type. */
export function coerce(spec: FieldSpec, raw: unknown): Coerced {
  switch (spec.type) {
    case 'string':
      return typeof raw === 'string' ? { ok: true, value: raw } : { ok: false, problem: 'must be a string' };
    case 'url': {
      if (typeof raw !== 'string' || !/^https?:\/\/[^\s/]+/.test(raw)) return { ok: false, problem: 'must be an http:// or https:// URL' };
      return { ok: true, value: raw.replace(/\/+$/, '') };
    }
    case 'enum':
      return typeof raw === 'string' && spec.values?.includes(raw)
        ? { ok: true, value: raw }
        : { ok: false, problem: `must be one of ${spec.values?.join(', ')}` };
    case 'port':
    case 'int': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
      const [min, max] = spec.type === 'port' ? [0, 65535] : [spec.min ?? 0, spec.max ?? Number.MAX_SAFE_INTEGER];
      if (!Number.isInteger(n) || n < min || n > max) return { ok: false, problem: `must be a whole number from ${min} to ${max}` };
      return { ok: true, value: n };
    }
    case 'list': {
      const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',').map((x) => x.trim()).filter(Boolean) : undefined;
      if (!items || items.length === 0 || !items.every((x) => typeof x === 'string' && spec.values?.includes(x))) {
        return { ok: false, problem: `must be a non-empty list of ${spec.values?.join(', ')}` };
      }
      return { ok: true, value: [...new Set(items as string[])] };
    }
    case 'trunks':
      return coerceTrunks(raw);
  }
}

function coerceTrunks(raw: unknown): Coerced {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, problem: 'must be a JSON array of trunks' };
    }
  }
  if (!Array.isArray(value)) return { ok: false, problem: 'must be an array of trunks' };
  const trunks: TrunkConfig[] = [];
  const problems: string[] = [];
  const names = new Set<string>();
  value.forEach((t: unknown, i) => {
    const at = `[${i}]`;
    if (typeof t !== 'object' || t === null) return void problems.push(`${at} must be an object`);
    const o = t as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!TRUNK_KEYS.has(k)) problems.push(`${at}.${k} is not a trunk setting (${[...TRUNK_KEYS].join(', ')})`);
    if (typeof o.name !== 'string' || o.name === '') problems.push(`${at}.name must be a non-empty string`);
    else if (names.has(o.name)) problems.push(`${at}.name "${o.name}" is used twice`);
    else names.add(o.name);
    if (typeof o.outboundUri !== 'string' || !/^sips?:/.test(o.outboundUri)) problems.push(`${at}.outboundUri must be a sip: URI`);
    const transport = o.transport ?? 'udp';
    if (transport !== 'udp' && transport !== 'tcp') problems.push(`${at}.transport must be udp or tcp`);
    const allowed = o.allowedAddresses ?? [];
    if (!Array.isArray(allowed) || !allowed.every((a) => typeof a === 'string')) problems.push(`${at}.allowedAddresses must be an array of addresses`);
    for (const k of ['username', 'password'] as const) if (o[k] !== undefined && typeof o[k] !== 'string') problems.push(`${at}.${k} must be a string`);
    for (const k of ['maxCps', 'maxConcurrent'] as const) {
      const n = o[k];
      if (n !== undefined && (typeof n !== 'number' || !(n > 0))) problems.push(`${at}.${k} must be a positive number`);
    }
    trunks.push({
      name: String(o.name),
      outboundUri: String(o.outboundUri),
      transport: transport === 'tcp' ? 'tcp' : 'udp',
      ...(typeof o.username === 'string' ? { username: o.username } : {}),
      ...(typeof o.password === 'string' ? { password: o.password } : {}),
      allowedAddresses: Array.isArray(allowed) ? allowed.map(String) : [],
      maxCps: typeof o.maxCps === 'number' ? o.maxCps : 1,
      maxConcurrent: typeof o.maxConcurrent === 'number' ? o.maxConcurrent : 100,
    });
  });
  return problems.length ? { ok: false, problem: problems.join('; ') } : { ok: true, value: trunks };
}
