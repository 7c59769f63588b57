import { BlockList, isIP } from 'node:net';

/**
 * An allow-list of addresses and CIDR blocks (`198.51.100.7`, `198.51.100.0/24`, `2001:db8::/32`)
 * built on node:net's BlockList. Invalid entries are reported, not ignored.
 */
export function addressList(entries: readonly string[]): { has(address: string): boolean; invalid: string[] } {
  const list = new BlockList();
  const invalid: string[] = [];
  for (const entry of entries) {
    const [net, bits] = entry.split('/');
    const family = isIP(net ?? '');
    if (!family) {
      invalid.push(entry);
      continue;
    }
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(net!, type);
    else if (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32)) list.addSubnet(net!, Number(bits), type);
    else invalid.push(entry);
  }
  return {
    invalid,
    has(address) {
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}
