import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MultipartError, MultipartParser, multipartBoundary, type MultipartEvent } from "./multipart";

interface Part {
  name: string;
  filename: string | null;
  contentType: string | null;
  body: Buffer;
}

function parseAll(body: Buffer, boundary: string, cuts: number[] = []): Part[] {
  const parser = new MultipartParser(boundary);
  const events: MultipartEvent[] = [];
  let at = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < body.length).sort((a, b) => a - b), body.length]) {
    events.push(...parser.push(body.subarray(at, cut)));
    at = cut;
  }
  parser.end();
  const parts: Part[] = [];
  for (const e of events) {
    if (e.type === "part") parts.push({ name: e.name, filename: e.filename, contentType: e.contentType, body: Buffer.alloc(0) });
    else if (e.type === "data") parts[parts.length - 1].body = Buffer.concat([parts[parts.length - 1].body, e.data]);
  }
  return parts;
}

function build(boundary: string, parts: { headers: string; body: Buffer }[], preamble = ""): Buffer {
  const chunks: Buffer[] = [Buffer.from(preamble)];
  for (const p of parts) chunks.push(Buffer.from(`--${boundary}\r\n${p.headers}\r\n\r\n`), p.body, Buffer.from("\r\n"));
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

describe("multipartBoundary", () => {
  it.each([
    ["multipart/form-data; boundary=----WebKitFormBoundaryAbc", "----WebKitFormBoundaryAbc"],
    ['multipart/form-data; charset=utf-8; boundary="a b:c"', "a b:c"],
    ["Multipart/Form-Data;boundary=x", "x"],
    ["application/json", null],
    ["multipart/form-data", null],
    [null, null],
  ])("%s -> %s", (header, boundary) => {
    expect(multipartBoundary(header)).toBe(boundary);
  });
});

describe("MultipartParser", () => {
  it("reads fields and files as a browser sends them", () => {
    const body = build("XyZ", [
      { headers: 'Content-Disposition: form-data; name="timeZone"', body: Buffer.from("Europe/Berlin") },
      { headers: 'Content-Disposition: form-data; name="file"; filename="trackLog.csv"\r\nContent-Type: text/csv', body: Buffer.from("a,b\r\n1,2\r\n") },
      { headers: 'Content-Disposition: form-data; name="file"; filename="Fahrt %22Mär\\".csv"', body: Buffer.from("") },
    ]);
    const parts = parseAll(body, "XyZ");
    expect(parts.map((p) => [p.name, p.filename, p.contentType, p.body.toString()])).toEqual([
      ["timeZone", null, null, "Europe/Berlin"],
      ["file", "trackLog.csv", "text/csv", "a,b\r\n1,2\r\n"],
      ["file", 'Fahrt "Mär".csv', null, ""],
    ]);
  });

  it("ignores preamble and epilogue and keeps bytes that only look like a boundary", () => {
    const tricky = Buffer.from("line\r\n--Xy\r\n-- XyZ\r\nx--XyZ\r\n--XY");
    const file = { headers: 'Content-Disposition: form-data; name="file"; filename="a"', body: tricky };
    const body = Buffer.concat([build("XyZ", [file], "preamble\r\n"), Buffer.from("epilogue\r\n--XyZ\r\n")]);
    for (let cut = 1; cut < body.length; cut++) {
      const parts = parseAll(body, "XyZ", [cut]);
      expect(parts).toHaveLength(1);
      expect(parts[0].body.equals(tricky)).toBe(true);
    }
  });

  it("gives the same parts whatever the chunking (binary bodies included)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat({ max: 2000 }), { maxLength: 20 }),
        (bodies, cuts) => {
          const boundary = "----formdata-7f3a9c";
          const parts = bodies.map((b, i) => ({ headers: `Content-Disposition: form-data; name="file"; filename="f${i}.csv"`, body: Buffer.from(b) }));
          // A real client picks a boundary absent from the data; random bytes cannot contain this one.
          const parsed = parseAll(build(boundary, parts), boundary, cuts);
          expect(parsed.map((p) => p.filename)).toEqual(parts.map((_, i) => `f${i}.csv`));
          parsed.forEach((p, i) => expect(p.body.equals(parts[i].body)).toBe(true));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses a body that ends early, a part without a name and endless headers", () => {
    const truncated = build("b", [{ headers: 'Content-Disposition: form-data; name="file"; filename="a"', body: Buffer.from("abc") }]).subarray(0, 60);
    expect(() => parseAll(truncated, "b")).toThrow(MultipartError);
    expect(() => parseAll(build("b", [{ headers: "Content-Type: text/csv", body: Buffer.from("x") }]), "b")).toThrow(/no name/);
    const parser = new MultipartParser("b", 100);
    expect(() => parser.push(Buffer.from(`--b\r\nX-Long: ${"a".repeat(200)}`))).toThrow(/headers too long/);
  });
});
