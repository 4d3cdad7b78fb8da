// Where a webhook may deliver: an http(s) URL without credentials whose host is, or resolves only to,
// public addresses (target-address.ts) — unless the installation allows private ones. Checked when a
// webhook is registered or changed (422 at /url) and again before every attempt, on a fresh resolution;
// the attempt then connects to the very address checked (send.ts pins it), so a host that resolves
// to a public address for the check and a private one for the connection (DNS rebinding) gets nowhere.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { isPublicAddress } from "../target-address.js";

export type ResolvedAddress = { address: string; family: number };
/** Every address a host name resolves to (dns.lookup, as the system resolves: /etc/hosts included). */
export type Resolve = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolve: Resolve = (host) => lookup(host, { all: true, verbatim: true });

/** A target that passed the check: the URL and the one address to connect to. */
export type CheckedTarget = { url: URL; hostname: string; address: string; family: 4 | 6 };

export type TargetRefusal = {
  code: "invalid_url" | "unsupported_scheme" | "credentials_in_url" | "does_not_resolve" | "not_public";
  message: string;
};

export type TargetCheck = { ok: true; target: CheckedTarget } | ({ ok: false } & TargetRefusal);

const refuse = (code: TargetRefusal["code"], message: string): TargetCheck => ({ ok: false, code, message });

export async function checkTarget(
  raw: string,
  { allowPrivate, resolve = systemResolve }: { allowPrivate: boolean; resolve?: Resolve | undefined },
): Promise<TargetCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse("invalid_url", "Not a URL: give an absolute http or https URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return refuse(
      "unsupported_scheme",
      `Webhooks deliver over http or https, not ${url.protocol.slice(0, -1)}.`,
    );
  if (url.username !== "" || url.password !== "")
    return refuse(
      "credentials_in_url",
      "A webhook URL carries no user name or password: deliveries are signed instead (verify webhook-signature with the secret).",
    );
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: ResolvedAddress[];
  const literal = isIP(hostname);
  if (literal !== 0) addresses = [{ address: hostname, family: literal }];
  else {
    try {
      addresses = await resolve(hostname);
    } catch (error) {
      const code = (error as { code?: string }).code ?? "error";
      return refuse("does_not_resolve", `The host '${hostname}' does not resolve (${code}).`);
    }
    if (addresses.length === 0) return refuse("does_not_resolve", `The host '${hostname}' does not resolve.`);
  }
  if (!allowPrivate) {
    const inner = addresses.find(({ address }) => !isPublicAddress(address));
    if (inner)
      return refuse(
        "not_public",
        `${literal !== 0 ? `The address ${hostname}` : `The host '${hostname}' resolves to ${inner.address}, which`} is a loopback, private, link-local or otherwise reserved address: webhooks deliver to public addresses only (an installation may allow others with WEBHOOK_ALLOW_PRIVATE=true).`,
      );
  }
  const first = addresses[0]!;
  return { ok: true, target: { url, hostname, address: first.address, family: first.family === 6 ? 6 : 4 } };
}
