import { createHash } from "node:crypto";

/**
 * A cheap validator for streamed session data: every write to a session moves one of these
 * (uploads move lastUploadAt and sampleCount, edits move sampleCount/endedAt/summaryAt, new PIDs
 * grow pidKeys), so the ETag changes whenever the response could.
 */
export function sessionEtag(
  session: { id: number; sampleCount: number; lastUploadAt: Date; endedAt: Date | null; summaryAt: Date | null; pidKeys: string[] },
  variant: string,
): string {
  const basis = [session.id, session.sampleCount, session.lastUploadAt.getTime(), session.endedAt?.getTime(), session.summaryAt?.getTime(), session.pidKeys.length, variant].join("|");
  return `W/"${createHash("sha1").update(basis).digest("base64url")}"`;
}

export function notModified(request: Request, etag: string): boolean {
  const match = request.headers.get("if-none-match");
  return !!match && match.split(",").some((t) => t.trim() === etag);
}
