// Twilio's connection overrides: key=value pairs in a webhook URL's fragment, e.g.
// `https://app.example.org/voice#ct=1000&rt=3000&tt=5000&rc=2&rp=ct,rt,5xx&e=dublin&sni=y`.
// Keys, bounds and defaults from twilio.com/docs/usage/webhooks/webhooks-connection-overrides:
//
//   ct  connect timeout, ms      100–10000   default 5000
//   rt  read timeout, ms         100–15000   default 15000 (to the first response byte, and
//                                                         between packets of the response)
//   tt  total time, ms           100–15000   default 15000 (all attempts together)
//   rc  retry count              0–5         default 1
//   rp  retry policy             comma list of 4xx, 5xx, ct, rt, all   default ct
//   e   egress edge              recorded only: Switchboard sends from the node handling the call
//   sni Server Name Indication   recorded only: Node always sends SNI for host names
//
// The default (one retry, on connect failures) is what errors 11202/11205 describe: "two
// 5-second attempts" to connect. Choices where the docs are silent: a number out of bounds is
// clamped, a value that is not a whole number is ignored (the default stays), unknown keys are
// ignored, an unknown rp value fails the request with 11243. A fragment with none of these keys
// (`#section`) is just dropped. The fragment is never sent (HTTP clients never send fragments).

export type RetryOn = '4xx' | '5xx' | 'ct' | 'rt';

export interface ConnectionOverrides {
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly retryCount: number;
  readonly retryPolicy: ReadonlySet<RetryOn>;
  readonly edge?: string;
  readonly sni?: string;
}

export const DEFAULT_OVERRIDES: ConnectionOverrides = {
  connectTimeoutMs: 5000,
  readTimeoutMs: 15000,
  totalTimeoutMs: 15000,
  retryCount: 1,
  retryPolicy: new Set<RetryOn>(['ct']),
};

export type ParsedOverrides =
  | { readonly ok: true; readonly url: string; readonly overrides: ConnectionOverrides }
  | { readonly ok: false; readonly code: 11243; readonly message: string; readonly url: string };

const NUMERIC = {
  ct: { key: 'connectTimeoutMs', min: 100, max: 10000 },
  rt: { key: 'readTimeoutMs', min: 100, max: 15000 },
  tt: { key: 'totalTimeoutMs', min: 100, max: 15000 },
  rc: { key: 'retryCount', min: 0, max: 5 },
} as const;

const POLICIES: Record<string, readonly RetryOn[]> = {
  '4xx': ['4xx'],
  '5xx': ['5xx'],
  ct: ['ct'],
  rt: ['rt'],
  all: ['4xx', '5xx', 'ct', 'rt'],
};

function isNumericKey(name: string): name is keyof typeof NUMERIC {
  return Object.hasOwn(NUMERIC, name);
}

/** Splits `url` at `#`, returning the URL to request and the overrides its fragment sets. */
export function parseOverrides(url: string, defaults: Partial<ConnectionOverrides> = {}): ParsedOverrides {
  const hash = url.indexOf('#');
  const bare = hash === -1 ? url : url.slice(0, hash);
  const result: { -readonly [K in keyof ConnectionOverrides]: ConnectionOverrides[K] } = { ...DEFAULT_OVERRIDES };
  for (const [k, v] of Object.entries(defaults)) if (v !== undefined) Object.assign(result, { [k]: v });
  if (hash === -1) return { ok: true, url: bare, overrides: result };
  for (const pair of url.slice(hash + 1).split('&')) {
    const eq = pair.indexOf('=');
    const name = decodeSafe(eq === -1 ? pair : pair.slice(0, eq)).trim();
    const value = decodeSafe(eq === -1 ? '' : pair.slice(eq + 1)).trim();
    if (isNumericKey(name)) {
      if (!/^\d+$/.test(value)) continue;
      const { key, min, max } = NUMERIC[name];
      result[key] = Math.min(max, Math.max(min, Number(value)));
    } else if (name === 'rp') {
      const set = new Set<RetryOn>();
      for (const item of value.split(',')) {
        const policy = POLICIES[item.trim().toLowerCase()];
        if (!policy) return { ok: false, code: 11243, message: `HTTP retry policy is invalid: rp=${value}`, url: bare };
        for (const p of policy) set.add(p);
      }
      result.retryPolicy = set;
    } else if (name === 'e' && value) {
      result.edge = value;
    } else if (name === 'sni' && value) {
      result.sni = value;
    }
  }
  return { ok: true, url: bare, overrides: result };
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
