import "server-only";
import { randomUUID } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import { AppError, badRequest } from "@/lib/http/errors";
import { MultipartError, MultipartParser, multipartBoundary } from "./multipart";
import type { ImportFile } from "./import-files";

/**
 * Receives an import upload: streams the multipart body to temporary files on disk (under
 * DATA_DIR, not /tmp, which may be RAM), enforcing the per-file size limit while the bytes
 * arrive, so memory stays at one chunk however large the files. The files live only for
 * the request: `withSpooledUpload` removes them afterwards, whatever happens.
 */
export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
}

export interface SpooledUpload {
  fields: Map<string, string>;
  files: ImportFile[];
}

const MAX_FIELD_BYTES = 1024;
// Left behind only if the process died mid-request; cleared by the next import.
const STALE_MS = 60 * 60_000;

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** "C:\\fakepath\\trackLog.csv" or "../x.csv" -> the base name, for reports only (never a path we use). */
function displayName(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? "";
  return base.slice(0, 255) || "unnamed.csv";
}

async function removeStale(root: string): Promise<void> {
  const entries = await readdir(root).catch(() => [] as string[]);
  for (const entry of entries) {
    const full = path.join(root, entry);
    const info = await stat(full).catch(() => null);
    if (info && Date.now() - info.mtimeMs > STALE_MS) await rm(full, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function spool(request: Request, dir: string, limits: UploadLimits): Promise<SpooledUpload> {
  const boundary = multipartBoundary(request.headers.get("content-type"));
  if (boundary === null || request.body === null) {
    throw badRequest('Send the files as multipart/form-data, each in a field named "file".');
  }
  const parser = new MultipartParser(boundary);
  const upload: SpooledUpload = { fields: new Map(), files: [] };
  let file: { out: WriteStream; entry: ImportFile } | null = null;
  let field: { name: string; value: Buffer[]; size: number } | null = null;
  let skipping = false;
  try {
    for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
      for (const event of parser.push(chunk)) {
        if (event.type === "part") {
          skipping = false;
          if (event.filename !== null) {
            if (event.name !== "file" || event.filename === "") {
              skipping = true; // other file fields, and an empty file input
              continue;
            }
            if (upload.files.length >= limits.maxFiles) throw badRequest(`At most ${limits.maxFiles} files per request.`, "file");
            const entry: ImportFile = { name: displayName(event.filename), path: path.join(dir, `${upload.files.length}.csv`), size: 0 };
            file = { out: createWriteStream(entry.path), entry };
            upload.files.push(entry);
          } else {
            field = { name: event.name, value: [], size: 0 };
          }
        } else if (event.type === "data") {
          if (skipping) continue;
          if (file !== null) {
            file.entry.size += event.data.length;
            if (file.entry.size > limits.maxFileBytes) {
              throw new AppError("payload_too_large", `${file.entry.name} is larger than the import limit of ${megabytes(limits.maxFileBytes)}; nothing was imported.`, { field: "file" });
            }
            if (!file.out.write(event.data)) await once(file.out, "drain");
          } else if (field !== null) {
            field.size += event.data.length;
            if (field.size > MAX_FIELD_BYTES) throw badRequest(`The form field "${field.name}" is too long.`, field.name);
            field.value.push(event.data);
          }
        } else {
          if (file !== null) {
            file.out.end();
            await once(file.out, "finish");
            file = null;
          }
          if (field !== null) {
            upload.fields.set(field.name, Buffer.concat(field.value).toString("utf8"));
            field = null;
          }
        }
      }
    }
    parser.end();
  } catch (error) {
    file?.out.destroy();
    if (error instanceof MultipartError) throw badRequest(error.message);
    throw error;
  }
  return upload;
}

/** Spools the request's files, runs `fn` on them, and removes them again. */
export async function withSpooledUpload<T>(request: Request, dataDir: string, limits: UploadLimits, fn: (upload: SpooledUpload) => Promise<T>): Promise<T> {
  const root = path.join(dataDir, "tmp", "imports");
  await mkdir(root, { recursive: true });
  await removeStale(root);
  const dir = path.join(root, randomUUID());
  await mkdir(dir);
  try {
    return await fn(await spool(request, dir, limits));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
