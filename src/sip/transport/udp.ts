// SIP over UDP (RFC 3261 §18, RFC 3581): one socket, one message per datagram.
//
// Receive: parseDatagram; a request is stamped (§18.2.1, RFC 3581 §4) and delivered; a request
// the parser rejects is answered here with its 4xx/5xx, routed per §18.2.2; responses that are
// malformed or not addressed to us are dropped (§18.1.2); CRLF keep-alives are ignored.
//
// Send: the message goes to the given target as one datagram. Messages over 65507 octets are
// refused (ERR_SIP_TRANSPORT_TOO_LARGE). §18.1.1 says a request within 200 octets of the path
// MTU (or over 1300 octets when the MTU is unknown) MUST go over a congestion-controlled
// transport such as TCP; we do NOT switch automatically, because the target's TCP support is
// unknown here and the Via was already written: the layer above chooses the transport
// (it can check the serialized size) and IP fragmentation covers the rest.

import { createSocket } from 'node:dgram';
import type { RemoteInfo, Socket } from 'node:dgram';
import { isIPv4, isIPv6 } from 'node:net';
import type { SipMessage, SipResponse } from '../message.ts';
import { parseDatagram, resolveLimits } from '../parser.ts';
import type { SipParserOptions } from '../parser.ts';
import type { Remote, TransportName } from '../remote.ts';
import { serializeMessage } from '../serializer.ts';
import { SipTransportError, fromSocketError } from './errors.ts';
import { ReceivingTransport, isKeepAlive } from './inbound.ts';
import { MAX_UDP_PAYLOAD } from './types.ts';
import type { SipTransport, SocketTransportOptions } from './types.ts';
import { NOWHERE, normalizeAddress, responseTarget, routeResponse } from './via-route.ts';

export interface UdpTransportOptions extends SocketTransportOptions {
  /** SO_RCVBUF / SO_SNDBUF in octets (the kernel may clamp it). Default 4 MiB, for bursts. */
  socketBufferBytes?: number | undefined;
}

const PROTOCOLS: readonly TransportName[] = Object.freeze(['udp']);
const DEFAULT_SOCKET_BUFFER = 4 * 1024 * 1024;

export class UdpTransport extends ReceivingTransport implements SipTransport {
  readonly protocols = PROTOCOLS;
  readonly #options: UdpTransportOptions;
  readonly #parserLimits: SipParserOptions | undefined;
  #socket: Socket | undefined;
  /** A udp6 socket (dual-stack) needs IPv4 targets written as IPv4-mapped addresses. */
  #v6 = false;
  #closing: Promise<void> | undefined;

  constructor(options: UdpTransportOptions) {
    super(options, options.sentBy, options.logger, { address: options.host, port: options.port });
    this.#options = options;
    // undefined keeps parseDatagram on its shared defaults (no per-packet merge)
    this.#parserLimits = options.parser === undefined ? undefined : resolveLimits(options.parser);
  }


  listen(): Promise<void> {
    if (this.#socket !== undefined) return Promise.reject(new Error('UDP transport is already listening'));
    const { host, port } = this.#options;
    this.#v6 = isIPv6(host);
    const socket = createSocket({ type: this.#v6 ? 'udp6' : 'udp4' });
    this.#socket = socket;
    return new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => {
        this.#socket = undefined;
        socket.close();
        reject(err);
      };
      socket.once('error', onError);
      socket.bind({ address: host, port, exclusive: true }, () => {
        socket.off('error', onError);
        socket.on('error', (err) => this.#options.logger?.error({ err }, 'SIP UDP socket error'));
        socket.on('message', (buf, rinfo) => this.#onDatagram(buf, rinfo));
        this.#tuneBuffers(socket);
        const addr = socket.address();
        this.receiver.setLocal({ address: normalizeAddress(addr.address), port: addr.port });
        resolve();
      });
    });
  }

  send(message: SipMessage, target: Remote): void {
    if (target.transport !== 'udp') {
      this.#fail(target, new SipTransportError('ERR_SIP_TRANSPORT_UNSUPPORTED', `UDP transport cannot send over ${target.transport}`, target));
      return;
    }
    // §18.2.2 / RFC 3581 §4: a response goes to received:rport (or sent-by), not blindly to target
    this.sendBytes(serializeMessage(message), message.type === 'response' ? responseTarget(message, target) : target);
  }

  sendResponse(response: SipResponse, source?: Remote): void {
    const target = routeResponse(response, source);
    if (target instanceof SipTransportError) this.#fail(source ?? NOWHERE, target);
    else this.send(response, target);
  }

  /** Sends already serialized octets as one datagram (also used for the error responses). */
  sendBytes(bytes: Buffer, target: Remote): void {
    const socket = this.#socket;
    if (socket === undefined || this.#closing !== undefined) {
      this.#fail(target, new SipTransportError('ERR_SIP_TRANSPORT_CLOSED', 'UDP transport is not listening', target));
      return;
    }
    if (bytes.length > MAX_UDP_PAYLOAD) {
      this.#options.logger?.warn({ bytes: bytes.length, target }, 'SIP message too large for UDP, not sent');
      this.#fail(target, new SipTransportError('ERR_SIP_TRANSPORT_TOO_LARGE', `message of ${bytes.length} octets does not fit in a UDP datagram`, target));
      return;
    }
    this.receiver.stats.messagesOut++;
    const address = this.#v6 && isIPv4(target.address) ? `::ffff:${target.address}` : target.address;
    socket.send(bytes, target.port, address, (err) => {
      if (err) this.#fail(target, fromSocketError('ERR_SIP_TRANSPORT_CONNECT', err, target));
    });
  }

  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    const socket = this.#socket;
    this.#closing = socket === undefined ? Promise.resolve() : new Promise<void>((resolve) => socket.close(() => resolve()));
    return this.#closing;
  }

  #onDatagram(buf: Buffer, rinfo: RemoteInfo): void {
    if (isKeepAlive(buf)) return;
    const source: Remote = { transport: 'udp', address: normalizeAddress(rinfo.address), port: rinfo.port };
    const result = parseDatagram(buf, this.#parserLimits);
    const reply = this.receiver.accept(result, source);
    if (reply === undefined) return;
    try {
      this.sendBytes(serializeMessage(reply), responseTarget(reply, source));
    } catch (err) {
      this.#options.logger?.warn({ err }, 'could not answer a malformed SIP request');
    }
  }

  #fail(target: Remote, error: SipTransportError): void {
    this.receiver.transportError(target, error);
  }

  #tuneBuffers(socket: Socket): void {
    const size = this.#options.socketBufferBytes ?? DEFAULT_SOCKET_BUFFER;
    try {
      if (socket.getRecvBufferSize() < size) socket.setRecvBufferSize(size);
      if (socket.getSendBufferSize() < size) socket.setSendBufferSize(size);
    } catch {
      // the kernel refused (it normally clamps silently): keep the defaults
    }
  }
}
