// Where a SIP message came from or goes to, as the transport and transaction layers share it.

export type TransportName = 'udp' | 'tcp';

export interface Remote {
  transport: TransportName;
  /** IP address (IPv6 without brackets). */
  address: string;
  port: number;
}

/** RFC 3261 §17.1.1.1: timers that cover loss (A, E, G) run only on unreliable transports. */
export function isReliable(transport: TransportName): boolean {
  return transport !== 'udp';
}

export function remoteKey(r: Remote): string {
  return `${r.transport}:${r.address.includes(':') ? `[${r.address}]` : r.address}:${r.port}`;
}
