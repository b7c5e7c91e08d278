// Minimal types for archiver 8 (ESM, named exports, no bundled types): what bench/zip-libs.ts uses.
declare module "archiver" {
  import type { Transform } from "node:stream";

  export interface ArchiverOptions {
    zlib?: { level?: number };
    store?: boolean;
    forceZip64?: boolean;
  }

  export class ZipArchive extends Transform {
    constructor(options?: ArchiverOptions);
    append(source: Buffer | string | NodeJS.ReadableStream, data: { name: string; date?: Date }): this;
    finalize(): Promise<void>;
    pointer(): number;
    abort(): this;
  }
}
