// Where a webhook may deliver (issue 11): only to public addresses, unless the installation allows
// private ones. Server-side request forgery turns a "callback URL" into a probe of the service's own
// network (loopback, the cloud metadata address, private ranges); the check runs on the address a
// host name resolves to, when the webhook is registered and again at each delivery. The ranges are
// Node's own BlockList (node:net), not hand-written address parsing.
import { BlockList, isIP } from "node:net";

/** Address ranges that are not the public Internet (IANA special-purpose registries, v4 and v6). */
const NOT_PUBLIC: readonly [string, number, "ipv4" | "ipv6"][] = [
  ["0.0.0.0", 8, "ipv4"], // "this network"
  ["10.0.0.0", 8, "ipv4"], // private
  ["100.64.0.0", 10, "ipv4"], // carrier-grade NAT
  ["127.0.0.0", 8, "ipv4"], // loopback
  ["169.254.0.0", 16, "ipv4"], // link-local (cloud metadata at 169.254.169.254)
  ["172.16.0.0", 12, "ipv4"], // private
  ["192.0.0.0", 24, "ipv4"], // IETF protocol assignments
  ["192.0.2.0", 24, "ipv4"], // documentation
  ["192.168.0.0", 16, "ipv4"], // private
  ["198.18.0.0", 15, "ipv4"], // benchmarking
  ["198.51.100.0", 24, "ipv4"], // documentation
  ["203.0.113.0", 24, "ipv4"], // documentation
  ["224.0.0.0", 4, "ipv4"], // multicast
  ["240.0.0.0", 4, "ipv4"], // reserved, and 255.255.255.255
  ["::", 96, "ipv6"], // unspecified, loopback, and the deprecated IPv4-compatible forms (::7f00:1)
  ["64:ff9b::", 96, "ipv6"], // NAT64 (embeds an IPv4 address)
  ["100::", 64, "ipv6"], // discard
  ["2001:db8::", 32, "ipv6"], // documentation
  ["fc00::", 7, "ipv6"], // unique local
  ["fe80::", 10, "ipv6"], // link-local
  ["ff00::", 8, "ipv6"], // multicast
];

const notPublic = new BlockList();
for (const [network, prefix, family] of NOT_PUBLIC) notPublic.addSubnet(network, prefix, family);

/** The IPv4 address inside an IPv4-mapped or -compatible IPv6 address (::ffff:10.0.0.1), if any. */
function embeddedIpv4(address: string): string | undefined {
  const match = /^::(?:ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return match?.[1];
}

/**
 * True when `address` (an IP address, as a resolver returns it) is on the public Internet: not
 * loopback, private, link-local, carrier-grade NAT, multicast, documentation or otherwise reserved.
 * Anything that is not an IP address is not public.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, ""); // [v6] brackets, %zone
  const family = isIP(bare);
  if (family === 0) return false;
  const v4 = family === 6 ? embeddedIpv4(bare) : bare;
  if (v4 !== undefined) return !notPublic.check(v4, "ipv4");
  return !notPublic.check(bare, "ipv6");
}
