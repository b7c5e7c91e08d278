// Minimal types for zip-stream 7 (ESM, no bundled types): the parts lib/export/zip.ts uses.
declare module "zip-stream" {
  import type { Transform } from "node:stream";

  export interface ZipStreamOptions {
    comment?: string;
    forceLocalTime?: boolean;
    forceZip64?: boolean;
    store?: boolean;
    zlib?: { level?: number; memLevel?: number };
  }

  export interface ZipEntryData {
    name: string;
    date?: Date | string;
    mode?: number;
    store?: boolean;
    comment?: string;
  }

  export default class ZipStream extends Transform {
    constructor(options?: ZipStreamOptions);
    entry(source: Buffer | string | NodeJS.ReadableStream | null, data: ZipEntryData, callback: (error?: Error | null) => void): this;
    finalize(): void;
    getBytesWritten(): number;
  }
}
