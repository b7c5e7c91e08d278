import { readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";

/**
 * Generators for the hostile-input test (tests/integration/fuzz.test.ts). Each generated
 * request is raw bytes (head + body), because fetch would normalise exactly what we want to
 * send wrong. Valid uploads carry their expected samples so the test can compare the database
 * with what was acknowledged.
 */
export interface FuzzRequest {
  kind: string;
  head: Buffer;
  body: Buffer;
  /**
   * A valid upload of the "exact" user: must be answered OK! and stored exactly like this. Its
   * `time` is TIME_PLACEHOLDER (13 characters, like an epoch-ms time), set when it is sent.
   */
  expected?: { session: number; values: Record<string, number> };
  /** Oversized: the server may reset the connection instead of answering. */
  mayReset?: boolean;
}

export interface FuzzContext {
  exactToken: string;
  garbageToken: string;
  apiToken: string;
  cookie: string;
  sessions: number[];
}

// PIDs that carry the valid values, and a disjoint set that only ever carries garbage.
const VALID_PIDS = ["c", "d", "5", "b", "10", "ff1005", "ff1006", "ff1001", "ff1204", "222408", "ff1271", "2f"];
const NOISE_PIDS = ["e", "f", "11", "ff1010", "ff1239", "ff125a", "abcdef", "123456789abcdef0", "0", "7"];
const SCALARS = ["v", "session", "id", "eml", "time", "profileName", "profileFuelType", "profileWeight", "profileVe", "profileFuelCost", "notice", "noticeClass"];
const META_PREFIXES = ["defaultUnit", "userUnit", "userShortName", "userFullName"];

/** The grammar of a storable value (lib/torque/number.ts): anything else must never be stored. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
export const storable = (s: string) => DECIMAL.test(s) && Number.isFinite(Number(s));

export const TIME_PLACEHOLDER = "T".repeat(13);

const HOSTILE_TEXT = [
  "", " ", "NaN", "-NaN", "Infinity", "-Infinity", "inf", "1e999", "-1e400", "0x10", "1,5", " 12", "12 ", "12abc", "--1", "1e", ".", "+",
  "'; DROP TABLE samples; --", "1 OR 1=1", "\" OR \"\"=\"", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "${7*7}", "{{7*7}}",
  "°C", "км/ч", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "😀", "\u202eevil", "a\u0000b", "\r\n", "%", "%%", "%zz", "\\x00", "null", "undefined", "[]", "{}", "true",
];

const unicodeText = (maxLength: number) => fc.string({ unit: "grapheme", maxLength });
const anyText = (maxLength: number) => fc.oneof(fc.constantFrom(...HOSTILE_TEXT), unicodeText(maxLength), fc.string({ unit: "binary", maxLength }));
const storableText = (max: number) => anyText(max).filter((t) => [...t].length <= max && !t.includes("\u0000"));
const garbageValue = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXT),
  unicodeText(64),
  fc.string({ unit: "binary", maxLength: 64 }),
).filter((s) => !storable(s) && [...s].length <= 64);

/** Torque-like decimal spellings of a finite number, and the number they mean. */
const validValue: fc.Arbitrary<[string, number]> = fc
  .tuple(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e7, max: 1e7 }), fc.integer({ min: 0, max: 5 }), fc.nat(9))
  .map(([x, style, digits]): string => {
    switch (style) {
      case 0: return String(x);
      case 1: return x.toFixed(digits);
      case 2: return x.toExponential(digits).toUpperCase().replace("E+", "E");
      case 3: return `+${Math.abs(Math.trunc(x))}`;
      case 4: return `${Math.trunc(x)}.`;
      default: return `.${String(Math.abs(Math.trunc(x))).padStart(digits + 1, "0")}`;
    }
  })
  .filter(storable)
  .map((s) => [s, Number(s) === 0 ? 0 : Number(s)]);

/** A PID spelled as Torque might: case and zero padding vary, the key is the same. */
const pidSpelling = (pid: string) =>
  fc.tuple(fc.boolean(), fc.nat(16 - pid.length)).map(([upper, pad]) => "0".repeat(Math.min(pad, 3)) + (upper ? pid.toUpperCase() : pid));

const unknownKey = anyText(40).filter((k) => !SCALARS.includes(k) && !/^(k|defaultUnit|userUnit|userShortName|userFullName)[0-9a-fA-F]{1,16}$/.test(k));

function encode(s: string): string {
  return encodeURIComponent(s);
}

/** `k=v&…` with UTF-8 percent-encoding, or (raw) with UTF-8 bytes as Torque sends them. */
function queryBytes(pairs: [string, string][], raw: boolean): Buffer {
  const text = pairs.map(([k, v]) => `${encode(k)}=${raw ? encodeURIComponent(v).replace(/%([89A-F][0-9A-F])/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : encode(v)}`).join("&");
  return Buffer.from(text, "latin1");
}

function httpHead(method: string, target: Buffer, headers: string[], version = "1.1"): Buffer {
  const lines = [...headers, "Host: 127.0.0.1", "Connection: close"].join("\r\n");
  return Buffer.concat([Buffer.from(`${method} `, "latin1"), target, Buffer.from(` HTTP/${version}\r\n${lines}\r\n\r\n`, "latin1")]);
}

function uploadRequest(kind: string, token: string, pairs: [string, string][], transport: { post: boolean; bearer: boolean; raw: boolean; http10: boolean }): FuzzRequest {
  const pathPart = transport.bearer ? "/api/upload" : `/api/upload/${token}`;
  const headers = transport.bearer ? [`Authorization: Bearer ${token}`] : [];
  const query = queryBytes(pairs, transport.raw);
  if (transport.post) {
    const body = queryBytes(pairs, false);
    headers.push("Content-Type: application/x-www-form-urlencoded", `Content-Length: ${body.length}`);
    return { kind, head: httpHead("POST", Buffer.from(pathPart), headers), body };
  }
  return { kind, head: httpHead("GET", Buffer.concat([Buffer.from(`${pathPart}?`), query]), headers, transport.http10 ? "1.0" : "1.1"), body: Buffer.alloc(0) };
}

const transportArb = fc.record({ post: fc.boolean(), bearer: fc.boolean(), raw: fc.boolean(), http10: fc.boolean() });

/** A valid sample plus noise that must be ignored: unknown keys, unusable values on other PIDs, texts. */
function validUpload(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const valuePairs = fc.uniqueArray(fc.constantFrom(...VALID_PIDS), { minLength: 1, maxLength: VALID_PIDS.length }).chain((pids) =>
    fc.tuple(...pids.map((pid) => fc.tuple(fc.constant(pid), pidSpelling(pid), validValue, fc.option(garbageValue, { freq: 4 })))),
  );
  const noise = fc.record({
    unknown: fc.array(fc.tuple(unknownKey, anyText(300)), { maxLength: 6 }),
    badValues: fc.array(fc.tuple(fc.constantFrom(...NOISE_PIDS), garbageValue), { maxLength: 6 }),
    // Texts that are stored must fit: at most 255 (e-mail 254) characters and no NUL, or the
    // whole request is refused (the garbage generator sends those).
    meta: fc.array(fc.tuple(fc.constantFrom(...META_PREFIXES), fc.constantFrom(...VALID_PIDS, ...NOISE_PIDS), storableText(255)), { maxLength: 6 }),
    texts: fc.array(fc.tuple(fc.constantFrom("eml", "profileName", "notice", "noticeClass", "profileFuelType", "profileWeight", "profileVe", "profileFuelCost", "v"), storableText(254)), { maxLength: 4 }),
  });
  return fc
    .record({ session: fc.constantFrom(...ctx.sessions), values: valuePairs, noise, transport: transportArb })
    .map(({ session, values, noise: n, transport }) => {
      const pairs: [string, string][] = [["session", String(session)], ["id", "fa11ed0123456789fa11ed0123456789"], ["time", TIME_PLACEHOLDER]];
      const expected: Record<string, number> = {};
      for (const [pid, spelled, [text, number], garbageFirst] of values) {
        // An unusable value first and the good one after it: the last one wins.
        if (garbageFirst !== null) pairs.push([`k${spelled}`, garbageFirst]);
        pairs.push([`k${spelled}`, text]);
        expected[pid] = number;
      }
      for (const [pid, value] of n.badValues) pairs.push([`k${pid}`, value]);
      for (const [prefix, pid, text] of n.meta) pairs.push([`${prefix}${pid}`, text]);
      for (const [key, text] of n.texts) pairs.push([key, text]);
      for (const pair of n.unknown) pairs.push(pair);
      const request = uploadRequest("valid upload", ctx.exactToken, pairs, transport);
      return { ...request, expected: { session, values: expected } };
    });
}

/** Anything at all in upload shape, for the "garbage" user or with a wrong token. */
function garbageUpload(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const key = fc.oneof(fc.constantFrom(...SCALARS), fc.constantFrom(...META_PREFIXES, "k").chain((p) => fc.string({ unit: "grapheme-ascii", maxLength: 18 }).map((h) => p + h)), anyText(30));
  const value = fc.oneof(anyText(80), fc.nat().map(String), fc.constantFrom(String(Date.now()), "1199145599999", "0", "-1", "99999999999999999999", "1.5"), fc.string({ maxLength: 300 }));
  const token = fc.constantFrom(ctx.garbageToken, ctx.garbageToken, "", "tls_short", "tls_" + "A".repeat(32), "..", "%2e%2e", "ÿ", ctx.apiToken);
  return fc
    .record({ pairs: fc.array(fc.tuple(key, value), { maxLength: 40 }), token, transport: transportArb, manyKeys: fc.nat(20) })
    .map(({ pairs, token: t, transport, manyKeys }) => {
      const all = manyKeys === 0 ? [...pairs, ...Array.from({ length: 1200 }, (_, i): [string, string] => [`x${i}`, "1"])] : pairs;
      return uploadRequest("garbage upload", t, all, transport);
    });
}

/** Request-line and framing abuse: raw bytes, bad escapes, control characters, huge targets and bodies, odd methods and types. */
function hostileRaw(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const up = `/api/upload/${ctx.garbageToken}`;
  return fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => ({
      kind: "raw bytes in the target",
      head: httpHead("GET", Buffer.concat([Buffer.from(`${up}?session=`), Buffer.from(bytes.filter((b) => b > 0x20 && b !== 0x7f))]), []),
      body: Buffer.alloc(0),
    })),
    fc.constantFrom("%", "%z", "%zz", "%E0%A4", "%C0%AF", "%FF%FE", "%ED%A0%80", "%00", "%%32%35", "a=%", "=&=&&").map((bad) => ({
      kind: "malformed percent-encoding",
      head: httpHead("GET", Buffer.from(`${up}?session=1&notice=${bad}&${bad}=1`), []),
      body: Buffer.alloc(0),
    })),
    fc.constantFrom("/%", "/api/%zz", "/%E0%A4", "/api/upload/%00", "/api/upload/%C0%AF", "/%2e%2e/%2e%2e/etc/passwd", "/api/../api/ping", "//api//upload//x", "/api/health?%").map((p) => ({
      kind: "malformed path",
      head: httpHead("GET", Buffer.from(p), []),
      body: Buffer.alloc(0),
    })),
    fc.constantFrom(0x00, 0x01, 0x09, 0x0b, 0x7f).map((c) => ({
      kind: "control character in the request line",
      head: httpHead("GET", Buffer.concat([Buffer.from(`${up}?session=1`), Buffer.from([c]), Buffer.from("x")]), []),
      body: Buffer.alloc(0),
    })),
    fc.integer({ min: 70_000, max: 110_000 }).map((n) => ({
      kind: "100 KB URL",
      head: httpHead("GET", Buffer.from(`${up}?session=1&junk=${"A".repeat(n)}`), []),
      body: Buffer.alloc(0),
      mayReset: true,
    })),
    fc.integer({ min: 64 * 1024 + 1, max: 200_000 }).map((n) => ({
      kind: "body over the limit",
      head: httpHead("POST", Buffer.from(up), ["Content-Type: application/x-www-form-urlencoded", `Content-Length: ${n}`]),
      body: Buffer.alloc(n, 0x61),
      mayReset: true,
    })),
    fc.tuple(fc.constantFrom("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "FOO"), fc.constantFrom(up, "/api/upload", "/api/health", "/api/ping", "/", "/signin")).map(([m, p]) => ({
      kind: "wrong method",
      head: httpHead(m, Buffer.from(p), m === "HEAD" || m === "OPTIONS" || m === "TRACE" ? [] : ["Content-Length: 0"]),
      body: Buffer.alloc(0),
    })),
    fc.tuple(fc.constantFrom("application/json", "multipart/form-data; boundary=x", "text/plain", "application/xml", "application/x-www-form-urlencoded; charset=latin1", "garbage/\u00ff"), fc.string({ unit: "binary", maxLength: 2000 })).map(([type, text]) => {
      const body = Buffer.from(text, "utf8");
      return {
        kind: "wrong content type",
        head: httpHead("POST", Buffer.from(up), [`Content-Type: ${type.replace(/[^\x20-\x7e]/g, "?")}`, `Content-Length: ${body.length}`]),
        body,
      };
    }),
    fc.array(fc.string({ unit: "binary-ascii", maxLength: 300 }), { minLength: 1, maxLength: 5 }).map((chunks) => {
      const body = Buffer.from(chunks.map((c) => `${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`).join("") + "0\r\n\r\n", "latin1");
      return { kind: "chunked body", head: httpHead("POST", Buffer.from(up), ["Transfer-Encoding: chunked", "Content-Type: application/x-www-form-urlencoded"]), body };
    }),
  );
}

/** Every route and page of the app (dynamic segments filled with hostile values), any method, any auth. */
export function discoverRoutes(appDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        const s = entry.name;
        walk(path.join(dir, s), /^\(.*\)$/.test(s) || s.startsWith("_") || s.startsWith("@") ? segments : [...segments, s]);
      } else if (/^(route|page)\.(ts|tsx)$/.test(entry.name)) {
        found.push("/" + segments.join("/"));
      }
    }
  };
  walk(appDir, []);
  return [...new Set(found)].sort();
}

const segmentValue = fc.oneof(
  fc.nat().map(String),
  fc.constantFrom("-1", "0", "1", "2", "99999999999999999999", "1.5", "1e3", "NaN", "null", "undefined", "..", "%2e%2e", "%00", "%", "%zz", "%E0%A4", "1%20OR%201=1", "1;DROP%20TABLE%20sessions", "%3Cscript%3E", "tls_" + "A".repeat(32)),
  unicodeText(40).map(encodeURIComponent),
  fc.integer({ min: 1000, max: 5000 }).map((n) => "9".repeat(n)),
);

function fillRoute(template: string): fc.Arbitrary<string> {
  const parts = template.split("/").filter(Boolean);
  return fc.tuple(...parts.map((p) => {
    if (/^\[\[\.\.\..+\]\]$/.test(p)) return fc.array(segmentValue, { maxLength: 3 }).map((a) => a.join("/"));
    if (/^\[\.\.\..+\]$/.test(p)) return fc.array(segmentValue, { minLength: 1, maxLength: 3 }).map((a) => a.join("/"));
    if (/^\[.+\]$/.test(p)) return segmentValue;
    return fc.constant(p);
  })).map((filled) => "/" + filled.filter((s) => s !== "").join("/"));
}

function apiCall(ctx: FuzzContext, routes: string[]): fc.Arbitrary<FuzzRequest> {
  const query = fc.array(fc.tuple(anyText(20), fc.oneof(anyText(60), fc.nat().map(String), fc.constantFrom("-1", "asc", "desc", "2026-13-45", "1e309", "[]"))), { maxLength: 6 });
  const auth = fc.constantFrom<string[]>([], [`Authorization: Bearer ${ctx.apiToken}`], [`Cookie: ${ctx.cookie}`], ["Authorization: Bearer tls_garbage"], ["Authorization: Basic Zm9vOmJhcg=="], ["Cookie: authjs.session-token=garbage"], [`Authorization: Bearer ${ctx.exactToken}`]);
  const body = fc.oneof(fc.constant(""), fc.json({ maxDepth: 3 }), anyText(200));
  return fc
    .record({
      path: fc.constantFrom(...routes).chain(fillRoute),
      query,
      method: fc.constantFrom("GET", "GET", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"),
      auth,
      body,
      type: fc.constantFrom("application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=zz"),
    })
    .map(({ path: p, query: q, method, auth: a, body: b, type }) => {
      const qs = q.length ? "?" + q.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&") : "";
      const payload = method === "GET" || method === "HEAD" ? Buffer.alloc(0) : Buffer.from(b, "utf8");
      const headers = [...a, ...(payload.length || method !== "GET" ? [`Content-Type: ${type}`, `Content-Length: ${payload.length}`] : [])];
      return { kind: `api ${method}`, head: httpHead(method, Buffer.from(p + qs, "latin1"), headers), body: payload };
    });
}

export function fuzzRequest(ctx: FuzzContext, routes: string[]): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { arbitrary: validUpload(ctx), weight: 4 },
    { arbitrary: garbageUpload(ctx), weight: 2 },
    { arbitrary: hostileRaw(ctx), weight: 2 },
    { arbitrary: apiCall(ctx, routes), weight: 3 },
  );
}
