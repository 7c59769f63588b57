import { isIP } from 'node:net';
import { parseUri, uriParam } from '../uri.ts';
import type { Remote, TransportName } from '../remote.ts';

/**
 * The Remote a SIP URI points at, when its host is an IP literal (RFC 3263 resolution of names is
 * not done here); otherwise `fallback` (the flow the dialog came on).
 */
export function remoteOfUri(uri: string, fallback?: Remote): Remote | undefined {
  const parsed = parseUri(uri.replace(/^<|>$/g, ''));
  if (!parsed.ok || parsed.value.kind !== 'sip') return fallback;
  const u = parsed.value;
  const host = u.host.replace(/^\[|\]$/g, '');
  if (!isIP(host)) return fallback;
  const t = uriParam(u, 'transport')?.value?.toLowerCase();
  const transport: TransportName = t === 'tcp' ? 'tcp' : t === 'udp' ? 'udp' : (fallback?.transport ?? 'udp');
  return { transport, address: host, port: u.port ?? 5060 };
}
