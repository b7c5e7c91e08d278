import type { IncomingHttpHeaders } from "node:http";

/**
 * Which address a request came from, for the per-address sign-in limit. The custom server
 * (scripts/start.ts) rewrites X-Forwarded-For before Next sees it, so that its last entry is
 * always an address we can trust:
 *  - TRUST_PROXY off (default, server reachable directly): the socket's address, whatever the
 *    client claimed: a client cannot dodge the limit by sending its own X-Forwarded-For.
 *  - TRUST_PROXY on (behind a reverse proxy that appends the client's address): kept as sent.
 */
export function stampForwardedFor(headers: IncomingHttpHeaders, socketAddress: string | undefined, trustProxy: boolean): void {
  const sent = headers["x-forwarded-for"];
  if (trustProxy && sent && String(sent).trim() !== "") return;
  if (socketAddress) headers["x-forwarded-for"] = socketAddress;
  else delete headers["x-forwarded-for"];
}

/** The last X-Forwarded-For entry (IPv4-mapped IPv6 shown as IPv4), or null. */
export function clientAddress(headers: Headers): string | null {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  const last = entries.at(-1);
  if (!last) return null;
  return last.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "").slice(0, 100);
}
