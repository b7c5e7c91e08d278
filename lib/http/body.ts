import { AppError, badRequest } from "@/lib/http/errors";

/**
 * A request body read with a size cap, refused while it arrives (not after it has filled
 * memory): the declared Content-Length is checked first, then the bytes actually received.
 * null when the request has no body.
 */
export async function readBodyBytes(request: Request, maxBytes: number, tooLarge: () => AppError): Promise<Buffer | null> {
  return readStreamBytes(request.body, request.headers.get("content-length"), maxBytes, tooLarge);
}

/** readBodyBytes for a body stream and its declared Content-Length, whichever server received it. */
export async function readStreamBytes(
  body: ReadableStream<Uint8Array> | null,
  contentLength: string | null,
  maxBytes: number,
  tooLarge: () => AppError,
): Promise<Buffer | null> {
  if (Number(contentLength ?? "0") > maxBytes) throw tooLarge();
  const reader = body?.getReader();
  if (!reader) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * A request's JSON body with a size cap. Malformed JSON -> 400, too large -> 413; an absent or
 * blank body is `whenEmpty` when given (the API validates it like any other), else a 400.
 */
export async function readJsonBody(request: Request, maxBytes: number, options: { whenEmpty?: unknown } = {}): Promise<unknown> {
  const tooLarge = () => new AppError("payload_too_large", `The request body may be at most ${Math.round(maxBytes / 1024)} KiB.`);
  const bytes = await readBodyBytes(request, maxBytes, tooLarge);
  const text = bytes?.toString("utf8") ?? "";
  if (!text.trim()) {
    if ("whenEmpty" in options) return options.whenEmpty;
    throw badRequest("Send a JSON body.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("The request body is not valid JSON.");
  }
}
