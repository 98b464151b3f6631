import { BlockList, isIP } from "node:net";

/** Decides whether the server may connect to a resolved address (IPv4 dotted or IPv6 text). */
export type AddressPolicy = (address: string) => boolean;

/**
 * Addresses that are not public unicast: this host, private and shared networks, link-local, documentation,
 * benchmarking, multicast and reserved ranges, and IPv6 forms that embed an IPv4 address (mapped, NAT64,
 * 6to4), which could point back inside.
 */
const NOT_PUBLIC_IPV4 = new BlockList();
// A separate list: Node's BlockList reads IPv4 addresses as IPv4-mapped IPv6, so the ::ffff:0:0/96 rule
// would refuse every IPv4 address if both families shared one list.
const NOT_PUBLIC_IPV6 = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
  ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) NOT_PUBLIC_IPV4.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128], ["::1", 128], ["::ffff:0:0", 96], ["64:ff9b::", 96], ["64:ff9b:1::", 48], ["100::", 64],
  ["2001::", 23], ["2001:db8::", 32], ["2002::", 16], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8],
] as const) NOT_PUBLIC_IPV6.addSubnet(network, prefix, "ipv6");

/** The default policy: public unicast addresses only (no loopback, private, link-local or reserved ranges). */
export const publicAddressesOnly: AddressPolicy = (address) => {
  const family = isIP(address);
  if (family === 0) return false;
  return family === 4 ? !NOT_PUBLIC_IPV4.check(address, "ipv4") : !NOT_PUBLIC_IPV6.check(address, "ipv6");
};
