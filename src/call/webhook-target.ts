// Where a webhook goes: a URL and the method, resolved against the document that named it.

export interface WebhookTarget {
  url: string;
  method: 'GET' | 'POST';
}

/** Resolves a TwiML URL (action, Redirect, Play) against the current document; undefined when invalid. */
export function resolveUrl(raw: string, base: string | undefined): string | undefined {
  try {
    const url = base ? new URL(raw, base) : new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
