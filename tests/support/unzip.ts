import { inflateRawSync } from "node:zlib";

/**
 * A minimal zip reader for tests: the central directory (ZIP64 included) and stored or
 * deflated entries, checked against their CRC-32. Enough to open what the server streams
 * without trusting the library that wrote it.
 */
export interface ZipEntry {
  name: string;
  data: Buffer;
  modified: Date;
}

function zip64Extra(extra: Buffer, wanted: number): bigint[] {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    if (id === 0x0001) return Array.from({ length: Math.min(wanted, size / 8) }, (_, i) => extra.readBigUInt64LE(at + 4 + i * 8));
    at += 4 + size;
  }
  return [];
}

export function unzip(zip: Buffer): ZipEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("not a zip: no end of central directory");
  let count = zip.readUInt16LE(eocd + 10);
  let offset: number = zip.readUInt32LE(eocd + 16);
  if (offset === 0xffffffff || count === 0xffff) {
    const locator = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x07]), eocd);
    const zip64 = Number(zip.readBigUInt64LE(locator + 8));
    count = Number(zip.readBigUInt64LE(zip64 + 32));
    offset = Number(zip.readBigUInt64LE(zip64 + 48));
  }
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const method = zip.readUInt16LE(offset + 10);
    const [time, date] = [zip.readUInt16LE(offset + 12), zip.readUInt16LE(offset + 14)];
    const crc = zip.readUInt32LE(offset + 16);
    let compressed = zip.readUInt32LE(offset + 20);
    let size = zip.readUInt32LE(offset + 24);
    const [nameLength, extraLength, commentLength] = [zip.readUInt16LE(offset + 28), zip.readUInt16LE(offset + 30), zip.readUInt16LE(offset + 32)];
    let local = zip.readUInt32LE(offset + 42);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString("utf8");
    const extra = zip.subarray(offset + 46 + nameLength, offset + 46 + nameLength + extraLength);
    const big = zip64Extra(extra, 3);
    let k = 0;
    if (size === 0xffffffff) size = Number(big[k++]);
    if (compressed === 0xffffffff) compressed = Number(big[k++]);
    if (local === 0xffffffff) local = Number(big[k++]);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressed);
    const data = method === 0 ? Buffer.from(raw) : method === 8 ? inflateRawSync(raw) : null;
    if (data === null) throw new Error(`${name}: unsupported method ${method}`);
    if (data.length !== size) throw new Error(`${name}: size ${data.length} != ${size}`);
    if (crc32(data) !== crc) throw new Error(`${name}: CRC mismatch`);
    const modified = new Date(1980 + (date >> 9), ((date >> 5) & 15) - 1, date & 31, time >> 11, (time >> 5) & 63, (time & 31) * 2);
    entries.push({ name, data, modified });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
