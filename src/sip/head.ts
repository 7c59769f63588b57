// The header section: start-line (RFC 3261 §7.1, §7.2) and header fields with
// line folding (§7.3.1), split into one entry per list element. Shared by the
// datagram and stream parsers. Line-level problems are recorded (first one
// wins) while the remaining lines are still read, so that a transport can build
// a 400 from Via/From/To/Call-ID/CSeq even when some other line is broken.

import { TOKEN, spanClass, trimWs } from './chars.ts';
import { SipParseError } from './errors.ts';
import type { SipMessageKind } from './errors.ts';
import { LIST_HEADERS, canonicalHeaderName, splitList } from './header-names.ts';
import { HeaderField } from './message.ts';
import type { SipHeader } from './message.ts';

export interface SipParserLimits {
  /** Longest start-line in octets (default 8192); longer requests get 414. */
  maxStartLineLength: number;
  /** Most header entries after list splitting (default 256). */
  maxHeaderCount: number;
  /** Longest unfolded header line (default 16384). */
  maxHeaderLineLength: number;
  /** Largest header section in octets, start-line included (default 65536). */
  maxHeaderBytes: number;
  /** Largest body in octets (default 1 MiB); larger requests get 413. */
  maxBodySize: number;
}

export const DEFAULT_LIMITS: Readonly<SipParserLimits> = Object.freeze({
  maxStartLineLength: 8192,
  maxHeaderCount: 256,
  maxHeaderLineLength: 16384,
  maxHeaderBytes: 65536,
  maxBodySize: 1024 * 1024,
});

export interface RequestLine {
  method: string;
  uri: string;
  version: string;
}

export interface StatusLine {
  status: number;
  reason: string;
  version: string;
}

export interface Head {
  kind: SipMessageKind;
  /** Method of a request attempt (first token of the start-line), when readable. */
  method: string | undefined;
  request: RequestLine | undefined;
  response: StatusLine | undefined;
  headers: SipHeader[];
  /** First start-line or header-line problem; semantic checks come later. */
  error: SipParseError | undefined;
}

/** SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT, case-insensitive (§7.1). */
function readVersion(v: string): { major: number; minor: number } | undefined {
  if (v.length < 7 || v.slice(0, 4).toUpperCase() !== 'SIP/') return undefined;
  const dot = v.indexOf('.', 4);
  if (dot < 0) return undefined;
  const major = v.slice(4, dot);
  const minor = v.slice(dot + 1);
  if (!isSmallNumber(major) || !isSmallNumber(minor)) return undefined;
  return { major: Number(major), minor: Number(minor) };
}

function isSmallNumber(x: string): boolean {
  return x.length > 0 && x.length < 6 && spanDigits(x) === x.length;
}

function spanDigits(s: string): number {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
  return i;
}

function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

/** Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (§7.2). */
function readStatusLine(line: string, head: Head): void {
  const sp = line.indexOf(' ');
  const version = sp < 0 ? line : line.slice(0, sp);
  const v = readVersion(version);
  if (v === undefined || v.major !== 2 || v.minor !== 0) throw new SipParseError(`unsupported SIP version "${version}"`);
  const code = line.slice(sp + 1, sp + 4);
  if (sp < 0 || code.length !== 3 || spanDigits(code) !== 3 || (line.length > sp + 4 && line[sp + 4] !== ' ')) {
    throw new SipParseError('malformed Status-Line');
  }
  const status = Number(code);
  if (status < 100 || status > 699) throw new SipParseError(`status code ${status} out of range`);
  const reason = line.slice(sp + 5);
  if (hasControl(reason)) throw new SipParseError('control character in Reason-Phrase');
  head.response = { status, reason, version: version.toUpperCase() };
}

/** Request-Line = Method SP Request-URI SP SIP-Version; exactly one SP each (§7.1, RFC 4475 §3.1.2.9-10). */
function readRequestLine(line: string, head: Head, limits: SipParserLimits): void {
  const sp1 = line.indexOf(' ');
  const methodEnd = spanClass(line, 0, TOKEN);
  if (methodEnd === 0 || (sp1 >= 0 && methodEnd !== sp1) || (sp1 < 0 && methodEnd !== line.length)) {
    head.kind = 'unknown';
    throw new SipParseError('malformed start-line');
  }
  head.method = line.slice(0, methodEnd);
  if (line.length > limits.maxStartLineLength) throw new SipParseError('Request-Line too long', { status: 414 });
  const sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
  if (sp2 < 0) throw new SipParseError('malformed Request-Line');
  const uri = line.slice(sp1 + 1, sp2);
  const version = line.slice(sp2 + 1);
  if (uri.length === 0 || version.indexOf(' ') >= 0 || version.length === 0) {
    throw new SipParseError('malformed Request-Line (extra or missing SP)');
  }
  const v = readVersion(version);
  if (v === undefined) throw new SipParseError(`malformed SIP-Version "${version.slice(0, 32)}"`);
  if (v.major !== 2 || v.minor !== 0) throw new SipParseError(`SIP version ${version} not supported`, { status: 505 });
  if (hasControl(uri)) throw new SipParseError('control character in Request-URI');
  head.request = { method: head.method, uri, version: version.toUpperCase() };
}

function readStartLine(line: string, head: Head, limits: SipParserLimits): void {
  if (line.length >= 4 && line.slice(0, 4).toUpperCase() === 'SIP/') {
    head.kind = 'response';
    if (line.length > limits.maxStartLineLength) throw new SipParseError('Status-Line too long');
    readStatusLine(line, head);
  } else {
    head.kind = 'request';
    readRequestLine(line, head, limits);
  }
}

class HeaderCollector {
  readonly head: Head;
  readonly limits: SipParserLimits;
  name = '';
  value = '';
  pending = false;
  overflow = false;

  constructor(head: Head, limits: SipParserLimits) {
    this.head = head;
    this.limits = limits;
  }

  note(err: SipParseError): void {
    if (this.head.error === undefined) this.head.error = err;
  }

  flush(): void {
    if (!this.pending) return;
    this.pending = false;
    const { head, limits } = this;
    if (this.value.length > limits.maxHeaderLineLength) {
      this.note(new SipParseError(`header line too long (${this.name})`, { status: 513 }));
      return;
    }
    const name = canonicalHeaderName(this.name);
    let values: string[];
    try {
      values = LIST_HEADERS.has(name) ? splitList(this.value) : [this.value];
    } catch (err) {
      this.note(new SipParseError(`${name}: ${(err as SipParseError).reason}`));
      values = [this.value];
    }
    if (head.headers.length + values.length > limits.maxHeaderCount) {
      this.overflow = true;
      this.note(new SipParseError('too many header fields', { status: 513 }));
      return;
    }
    for (const value of values) head.headers.push(new HeaderField(name, value));
  }

  /** One physical line text[start, end). */
  line(text: string, start: number, end: number): void {
    const cr = text.indexOf('\r', start);
    const lf = text.indexOf('\n', start);
    if ((cr >= 0 && cr < end) || (lf >= 0 && lf < end)) {
      this.note(new SipParseError('bare CR or LF in header section'));
      return;
    }
    const c0 = text.charCodeAt(start);
    if (start < end && (c0 === 0x20 || c0 === 0x09)) {
      // continuation line: LWS = [*WSP CRLF] 1*WSP, replaced by one SP (§7.3.1)
      if (!this.pending) {
        this.note(new SipParseError('continuation line without a header field'));
        return;
      }
      const more = trimWs(text.slice(start, end));
      if (more.length > 0) this.value = this.value.length > 0 ? `${this.value} ${more}` : more;
      if (this.value.length > this.limits.maxHeaderLineLength) this.flush();
      return;
    }
    this.flush();
    // header = field-name HCOLON field-value; HCOLON = *( SP / HTAB ) ":" SWS
    const nameEnd = spanClass(text, start, TOKEN);
    let colon = nameEnd;
    while (colon < end && (text.charCodeAt(colon) === 0x20 || text.charCodeAt(colon) === 0x09)) colon++;
    if (nameEnd === start || nameEnd > end || colon >= end || text.charCodeAt(colon) !== 0x3a) {
      this.note(new SipParseError(`malformed header line "${text.slice(start, Math.min(end, start + 40))}"`));
      return;
    }
    let a = colon + 1;
    let b = end;
    while (a < b && (text.charCodeAt(a) === 0x20 || text.charCodeAt(a) === 0x09)) a++;
    while (b > a && (text.charCodeAt(b - 1) === 0x20 || text.charCodeAt(b - 1) === 0x09)) b--;
    this.name = text.slice(start, nameEnd);
    this.value = text.slice(a, b);
    this.pending = true;
  }
}

/** Parses a decoded header section (start-line through the last header line, no final CRLF). */
export function parseHead(text: string, limits: SipParserLimits): Head {
  const head: Head = { kind: 'unknown', method: undefined, request: undefined, response: undefined, headers: [], error: undefined };
  let eol = text.indexOf('\r\n');
  if (eol < 0) eol = text.length;
  const first = text.slice(0, eol);
  try {
    if (first.indexOf('\n') >= 0 || first.indexOf('\r') >= 0) throw new SipParseError('bare CR or LF in start-line');
    readStartLine(first, head, limits);
  } catch (err) {
    head.error = err instanceof SipParseError ? err : new SipParseError('malformed start-line');
  }
  const collector = new HeaderCollector(head, limits);
  let pos = eol + 2;
  while (pos <= text.length && !collector.overflow) {
    let end = text.indexOf('\r\n', pos);
    if (end < 0) end = text.length;
    collector.line(text, pos, end);
    pos = end + 2;
  }
  collector.flush();
  return head;
}
