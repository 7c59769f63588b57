import { SwitchboardError, isSid, type ErrorCode, type SidPrefix } from '../core/index.ts';
import { E164_RE } from '../store/index.ts';

/** A form or query string as parsed: repeated keys become arrays. */
export type FormData = Record<string, string | string[]>;

export type ParamType = 'string' | 'url' | 'method' | 'boolean' | 'e164' | 'enum' | 'sid' | 'int' | 'date';

export interface ParamSpec {
  /** PascalCase name, as the client sends it (`FriendlyName`, `StartTime>`). */
  name: string;
  type: ParamType;
  required?: boolean;
  /** Longest string accepted (default 255; URLs 2048). */
  max?: number;
  values?: readonly string[];
  prefix?: SidPrefix;
  /** Registry code for a bad value (default by type). */
  code?: ErrorCode;
  /** Accepts repeated values (arrays). */
  multiple?: boolean;
}

export type ParamValue = string | number | boolean | string[];
export type Params = Record<string, ParamValue | undefined>;

const URL_RE = /^https?:\/\/[^\s/?#]+[^\s]*$/i;
const DATE_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function invalid(spec: ParamSpec, why: string, fallback: ErrorCode = 90002): SwitchboardError {
  return new SwitchboardError(spec.code ?? fallback, `Invalid ${spec.name}: ${why}`);
}

function parseOne(spec: ParamSpec, raw: string): ParamValue {
  const max = spec.max ?? (spec.type === 'url' ? 2048 : 255);
  if (raw.length > max) throw invalid(spec, `longer than ${max} characters`, spec.name === 'FriendlyName' ? 20002 : 90002);
  if (raw.includes('\0')) throw invalid(spec, 'contains a NUL character'); // PostgreSQL text cannot hold one
  switch (spec.type) {
    case 'string':
      return raw;
    case 'url':
      if (raw === '') return '';
      if (!URL_RE.test(raw)) throw invalid(spec, `"${raw}" is not an absolute http or https URL`, 21205);
      return raw;
    case 'method': {
      const m = raw.toUpperCase();
      if (m !== 'GET' && m !== 'POST') throw invalid(spec, 'must be GET or POST', 21209);
      return m;
    }
    case 'boolean':
      if (raw === 'true' || raw === 'True') return true;
      if (raw === 'false' || raw === 'False') return false;
      throw invalid(spec, `must be true or false, got "${raw}"`);
    case 'e164':
      if (!E164_RE.test(raw)) throw invalid(spec, `"${raw}" is not an E.164 number (+ country code and number, digits only)`);
      return raw;
    case 'enum':
      if (!spec.values?.includes(raw)) throw invalid(spec, `"${raw}" is not one of ${spec.values?.join(', ')}`);
      return raw;
    case 'sid':
      if (raw === '') return ''; // clears a reference (VoiceApplicationSid=''), as an empty URL does
      if (!isSid(raw, spec.prefix)) throw invalid(spec, `"${raw}" is not a ${spec.prefix ?? ''} SID`);
      return raw;
    case 'int': {
      if (!/^-?\d{1,15}$/.test(raw)) throw invalid(spec, `must be a whole number, got "${raw}"`);
      return Number(raw);
    }
    case 'date': {
      if (!DATE_RE.test(raw) || Number.isNaN(Date.parse(raw))) throw invalid(spec, `must be a date like 2026-11-24 or 2026-11-24T10:00:00Z, got "${raw}"`);
      return Date.parse(raw);
    }
  }
}

/**
 * Validates a request's parameters against the resource's specs. Unknown names are 20001, so a
 * typo in a parameter name is never silently ignored; every message names the parameter.
 */
export function parseParams(data: FormData, specs: readonly ParamSpec[], ignore: readonly string[] = []): Params {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const unknown = Object.keys(data).filter((k) => !byName.has(k) && !ignore.includes(k));
  if (unknown.length) throw new SwitchboardError(20001, `Unknown parameters: ${unknown.join(', ')}`);
  const out: Params = {};
  for (const spec of specs) {
    const raw = data[spec.name];
    if (raw === undefined) {
      if (spec.required) throw new SwitchboardError(spec.code ?? 90003, `Required parameter ${spec.name} is missing`);
      continue;
    }
    if (Array.isArray(raw)) {
      if (!spec.multiple) throw invalid(spec, 'given more than once');
      out[spec.name] = raw.map((r) => String(parseOne(spec, r)));
    } else {
      out[spec.name] = spec.multiple ? [String(parseOne(spec, raw))] : parseOne(spec, raw);
    }
  }
  return out;
}

/** Helpers to read typed values out of Params. */
export const str = (p: Params, k: string): string | undefined => (typeof p[k] === 'string' ? (p[k] as string) : undefined);
/** A URL param: '' clears it (null), absent leaves it (undefined). */
export const url = (p: Params, k: string): string | null | undefined => (p[k] === undefined ? undefined : (p[k] as string) || null);
export const bool01 = (p: Params, k: string): number | undefined => (p[k] === undefined ? undefined : p[k] ? 1 : 0);
