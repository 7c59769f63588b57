// Message -> octets (RFC 3261 §7). Content-Length is always recomputed from the
// body, so a serialized message is correctly framed on every transport (§18.3).

import { isToken } from './chars.ts';
import { sameHeaderName } from './header-names.ts';
import type { SipMessage } from './message.ts';

function unsafe(text: string): boolean {
  return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
}

/**
 * Start-line plus headers, each line CRLF-terminated, without the empty line.
 * Throws RangeError when a field would inject a line break (CR/LF in a value,
 * a non-token header name): that is a programming error, not a peer's.
 */
export function serializeHead(msg: SipMessage): string {
  let out: string;
  if (msg.type === 'request') {
    if (!isToken(msg.method) || unsafe(msg.uri) || msg.uri.indexOf(' ') >= 0) throw new RangeError('invalid Request-Line');
    out = `${msg.method} ${msg.uri} ${msg.version}\r\n`;
  } else {
    if (unsafe(msg.reason)) throw new RangeError('invalid Reason-Phrase');
    out = `${msg.version} ${msg.status} ${msg.reason}\r\n`;
  }
  for (const h of msg.headers) {
    if (sameHeaderName(h.name, 'Content-Length')) continue;
    if (!isToken(h.name) || unsafe(h.value)) throw new RangeError(`invalid header field ${JSON.stringify(h.name)}`);
    out += `${h.name}: ${h.value}\r\n`;
  }
  return `${out}Content-Length: ${msg.body.length}\r\n`;
}

/** Serializes a message, recomputing Content-Length. Header text is written as UTF-8. */
export function serializeMessage(msg: SipMessage): Buffer {
  const head = serializeHead(msg);
  const headLen = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLen + 2 + msg.body.length);
  out.write(head, 0, 'utf8');
  out[headLen] = 0x0d;
  out[headLen + 1] = 0x0a;
  msg.body.copy(out, headLen + 2);
  return out;
}
