/**
 * `[...new URLSearchParams(text)]` — the name/value pairs of a query string or form body, with
 * the very same decoding (the WHATWG application/x-www-form-urlencoded parser) — built without
 * URLSearchParams for the pairs that need no decoding. Why: every Torque upload is ~50 pairs of
 * plain hex keys and numbers, and URLSearchParams' parse was an eighth of the server's
 * allocations per upload (bench/README.md, section 10). A pair with `%` or `+` (an e-mail
 * address, a unit name) is decoded by URLSearchParams itself, so decoding has one definition.
 * Pure, no I/O.
 */
export function formPairs(text: string): [string, string][] {
  // URLSearchParams reads the text as Unicode scalar values (a lone surrogate becomes U+FFFD)
  // and drops one leading "?".
  let input = text.isWellFormed() ? text : text.toWellFormed();
  if (input.charCodeAt(0) === 0x3f) input = input.slice(1);
  const pairs: [string, string][] = [];
  let start = 0;
  while (start <= input.length) {
    let end = input.indexOf("&", start);
    if (end === -1) end = input.length;
    if (end > start) {
      const sequence = input.slice(start, end);
      if (sequence.includes("%") || sequence.includes("+")) {
        // The leading "&" keeps a "?" at the start of this pair from being dropped.
        for (const pair of new URLSearchParams(`&${sequence}`)) pairs.push(pair);
      } else {
        const eq = sequence.indexOf("=");
        pairs.push(eq === -1 ? [sequence, ""] : [sequence.slice(0, eq), sequence.slice(eq + 1)]);
      }
    }
    start = end + 1;
  }
  return pairs;
}
