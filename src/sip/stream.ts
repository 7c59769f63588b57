// Stream parser for TCP/TLS (RFC 3261 §18.3): messages are framed by
// Content-Length, which is mandatory on streams. CRLFs before a start-line are
// skipped (§7.5; RFC 5626 §3.5.1 keep-alives). A framing error is fatal: the
// parser closes and the transport must drop the connection.

import { ByteQueue } from './byte-queue.ts';
import { SipParseError, toSipParseError } from './errors.ts';
import { parseHead } from './head.ts';
import type { Head, SipParserLimits } from './head.ts';
import { CRLF_CRLF, asBuffer, completeMessage, decodeHead, failure, resolveLimits } from './parser.ts';
import type { ParseResult, SipParserOptions } from './parser.ts';
import { framingLength } from './validate.ts';

const EMPTY = Buffer.alloc(0);

interface PendingHead {
  head: Head;
  /** Body offset from the first unconsumed octet. */
  bodyStart: number;
  length: number;
}

export class SipStreamParser {
  readonly #limits: SipParserLimits;
  /** Unconsumed octets carried over between push() calls. */
  readonly #queue = new ByteQueue();
  /** Where to resume the search for CRLFCRLF, from the first unconsumed octet. */
  #scanFrom = 0;
  #pending: PendingHead | undefined;
  #closed = false;

  constructor(options?: SipParserOptions) {
    this.#limits = resolveLimits(options);
  }

  /** True after a fatal framing error or end(); further input is ignored. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Octets held while waiting for the rest of a message. */
  get bufferedBytes(): number {
    return this.#queue.length;
  }

  /**
   * Feeds a chunk; returns every message (or per-message error) now complete.
   * Never throws. A result with error.fatal === true is the last one. Bodies
   * are copied, so the caller may reuse `chunk` afterwards.
   */
  push(chunk: Uint8Array): ParseResult[] {
    if (this.#closed) return [];
    const data = asBuffer(chunk);
    const queued = this.#queue.length > 0;
    if (queued) this.#queue.push(data);
    // common case: nothing carried over, so parse straight from the chunk
    const view = queued ? this.#queue.view() : data;
    const out: ParseResult[] = [];
    let offset = 0;
    try {
      for (let next = this.#step(view, offset, out); next > offset; next = this.#step(view, offset, out)) offset = next;
    } catch (err) {
      this.#fail(out, toSipParseError(err), this.#pending?.head);
    }
    if (this.#closed) return out;
    if (queued) this.#queue.consume(offset);
    else this.#queue.push(data.subarray(offset));
    return out;
  }

  /** End of stream: a partial message left in the buffer is an error. */
  end(): ParseResult[] {
    if (this.#closed) return [];
    const out: ParseResult[] = [];
    const rest = this.#queue.view();
    let i = 0;
    while (i < rest.length && (rest[i] === 0x0d || rest[i] === 0x0a)) i++;
    if (i < rest.length) this.#fail(out, new SipParseError('connection closed inside a message'), this.#pending?.head);
    this.#closed = true;
    this.#queue.clear();
    return out;
  }

  #fail(out: ParseResult[], err: SipParseError, head: Head | undefined): void {
    out.push(failure(err, head, true));
    this.#closed = true;
    this.#queue.clear();
    this.#pending = undefined;
  }

  /**
   * Makes progress on view[offset..]: returns the new offset (past skipped
   * keep-alives or a finished message), or `offset` when more input is needed.
   */
  #step(view: Buffer, offset: number, out: ParseResult[]): number {
    if (this.#pending === undefined) {
      // Keep-alives (CRLF, RFC 5626 §3.5.1; a bare LF from lax peers) before a
      // start-line: a start-line never begins with CR or LF, so skipping is safe.
      let start = offset;
      while (start < view.length && (view[start] === 0x0d || view[start] === 0x0a)) start++;
      if (start > offset) {
        this.#scanFrom = 0;
        return start;
      }
      if (!this.#readHead(view, offset, out)) return offset;
    }
    const p = this.#pending!;
    const end = offset + p.bodyStart + p.length;
    if (view.length < end) return offset;
    const body = p.length === 0 ? EMPTY : Buffer.from(view.subarray(offset + p.bodyStart, end));
    out.push(completeMessage(p.head, body));
    this.#pending = undefined;
    this.#scanFrom = 0;
    return end;
  }

  #readHead(view: Buffer, offset: number, out: ParseResult[]): boolean {
    const limits = this.#limits;
    const headEnd = view.indexOf(CRLF_CRLF, offset + Math.max(0, this.#scanFrom - 3));
    if (headEnd < 0) {
      this.#scanFrom = view.length - offset;
      if (this.#scanFrom > limits.maxHeaderBytes) {
        this.#fail(out, new SipParseError('header section too large', { status: 513 }), undefined);
      }
      return false;
    }
    if (headEnd - offset > limits.maxHeaderBytes) {
      this.#fail(out, new SipParseError('header section too large', { status: 513 }), undefined);
      return false;
    }
    const head = parseHead(decodeHead(view, offset, headEnd), limits);
    const framing = framingLength(head, limits.maxBodySize);
    if (!framing.ok) {
      this.#fail(out, framing.error, head);
      return false;
    }
    if (framing.length === undefined) {
      // RFC 3261 §18.3, §20.14: Content-Length MUST be used with stream transports
      this.#fail(out, new SipParseError('missing Content-Length on a stream transport'), head);
      return false;
    }
    this.#pending = { head, bodyStart: headEnd + 4 - offset, length: framing.length };
    return true;
  }
}
