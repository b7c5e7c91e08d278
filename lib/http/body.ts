import { AppError, badRequest } from "@/lib/http/errors";

/**
 * A request's JSON body, read with a size cap so that a huge body is refused while it
 * arrives instead of after it has filled memory. Malformed JSON -> 400, too large -> 413.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  const tooLarge = () => new AppError("payload_too_large", `The request body may be at most ${Math.round(maxBytes / 1024)} KiB.`);
  if (declared > maxBytes) throw tooLarge();
  const reader = request.body?.getReader();
  if (!reader) throw badRequest("Send a JSON body.");
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
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw badRequest("The request body is not valid JSON.");
  }
}
