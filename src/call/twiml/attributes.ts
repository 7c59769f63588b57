// Generic attribute rules. A verb's spec is a table { attributeName: rule }; readAttributes checks
// that no other attribute is present (12200) and parses each one, raising the rule's code with a
// message that names element, attribute, value and line. Absent attributes stay undefined, so a
// spec applies its defaults with `??`.

import { elementError, type TwimlCode } from './errors.ts';
import type { XmlElement } from './xml-tree.ts';

export const INVALID: unique symbol = Symbol('invalid');

export interface AttrRule<T> {
  /** Raised when the value is unusable. */
  readonly code: TwimlCode;
  /** What a valid value looks like, for the message. */
  readonly expects: string;
  parse(raw: string): T | typeof INVALID;
}

export type RuleTable = Readonly<Record<string, AttrRule<unknown>>>;
export type AttrValues<R extends RuleTable> = { -readonly [K in keyof R]?: R[K] extends AttrRule<infer T> ? T : never };

export type HttpMethod = 'GET' | 'POST';

const CONTROL_OR_SPACE = /[\s\u0000-\u001f\u007f]/u;
const CONTROL = /[\u0000-\u001f\u007f]/u;

/** A whole number in [min, max]; surrounding whitespace is ignored, signs and decimals are not. */
export function integer(code: TwimlCode, min: number, max: number): AttrRule<number> {
  return {
    code,
    expects: `a whole number from ${min} to ${max}`,
    parse(raw) {
      const t = raw.trim();
      if (!/^\d{1,10}$/.test(t)) return INVALID;
      const n = Number(t);
      return n >= min && n <= max ? n : INVALID;
    },
  };
}

/** 'true' or 'false', any case. */
export function boolean(code: TwimlCode): AttrRule<boolean> {
  return {
    code,
    expects: '"true" or "false"',
    parse(raw) {
      const t = raw.trim().toLowerCase();
      return t === 'true' ? true : t === 'false' ? false : INVALID;
    },
  };
}

/** One of the given values, matched case-insensitively and returned as spelled in `values`. */
export function oneOf<V extends string>(code: TwimlCode, values: readonly V[]): AttrRule<V> {
  const byLower = new Map(values.map((v) => [v.toLowerCase(), v]));
  return {
    code,
    expects: `one of ${values.join(', ')}`,
    parse: (raw) => byLower.get(raw.trim().toLowerCase()) ?? INVALID,
  };
}

/** A space- (or comma-) separated list of values from `values`; duplicates dropped, order kept. */
export function listOf<V extends string>(code: TwimlCode, values: readonly V[]): AttrRule<V[]> {
  const one = oneOf(code, values);
  return {
    code,
    expects: `a space-separated list of ${values.join(', ')}`,
    parse(raw) {
      const words = raw.split(/[\s,]+/).filter((w) => w !== '');
      if (words.length === 0) return INVALID;
      const out: V[] = [];
      for (const w of words) {
        const v = one.parse(w);
        if (v === INVALID) return INVALID;
        if (!out.includes(v)) out.push(v);
      }
      return out;
    },
  };
}

/** GET or POST, any case, returned upper-case. */
export function method(code: TwimlCode): AttrRule<HttpMethod> {
  return oneOf(code, ['GET', 'POST'] as const);
}

/** A URL kept raw (the executor resolves relative ones); trimmed; no inner whitespace or controls. */
export function url(code: TwimlCode = 11100): AttrRule<string> {
  return {
    code,
    expects: 'a URL without spaces or control characters',
    parse(raw) {
      const t = raw.trim();
      return CONTROL_OR_SPACE.test(t) ? INVALID : t;
    },
  };
}

/** Free text, as written, without control characters (tabs and newlines are allowed). */
export function text(code: TwimlCode = 12200): AttrRule<string> {
  return {
    code,
    expects: 'text without control characters',
    parse: (raw) => (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u.test(raw) ? INVALID : raw),
  };
}

/** A trimmed value matching `re`. */
export function matching(code: TwimlCode, re: RegExp, expects: string): AttrRule<string> {
  return {
    code,
    expects,
    parse(raw) {
      const t = raw.trim();
      return re.test(t) ? t : INVALID;
    },
  };
}

/** A value matching `re` exactly as written (not trimmed: a space may be meaningful). */
export function exactly(code: TwimlCode, re: RegExp, expects: string): AttrRule<string> {
  return { code, expects, parse: (raw) => (re.test(raw) ? raw : INVALID) };
}

/** A trimmed, non-empty value of at most `max` characters without controls. */
export function token(code: TwimlCode, max: number): AttrRule<string> {
  return {
    code,
    expects: `1 to ${max} characters without control characters`,
    parse(raw) {
      const t = raw.trim();
      return t !== '' && t.length <= max && !CONTROL.test(t) ? t : INVALID;
    },
  };
}

/** Checks a URL found in an element's body (Play, Redirect): the same rule as url(). */
export function isCleanUrl(value: string): boolean {
  return value !== '' && !CONTROL_OR_SPACE.test(value);
}

export interface ReadOptions {
  /** Attributes Twilio documents that we accept and ignore (their feature is not implemented). */
  readonly ignored?: readonly string[];
}

/** Parses an element's attributes against `rules`; any other attribute is 12200. */
export function readAttributes<R extends RuleTable>(el: XmlElement, rules: R, options: ReadOptions = {}): AttrValues<R> {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of el.attributes) {
    const rule = Object.hasOwn(rules, name) ? rules[name] : undefined;
    if (!rule) {
      if (options.ignored?.includes(name)) continue;
      throw elementError(12200, el, `<${el.name}> has no attribute ${name}`, name);
    }
    const value = rule.parse(raw);
    if (value === INVALID) throw elementError(rule.code, el, `expected ${rule.expects}`, name);
    out[name] = value;
  }
  return out as AttrValues<R>;
}
