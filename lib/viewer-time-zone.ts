import "server-only";
import { cookies } from "next/headers";
import { isValidTimeZone } from "@/lib/time";

/** The cookie in which the browser reports its own zone, for users who have not chosen one. */
export const TIME_ZONE_COOKIE = "tz";

/**
 * The zone pages show times in and read calendar days in: the user's setting, else the zone the
 * browser reported (cookie, set by the session browser), else UTC.
 */
export async function viewerTimeZone(user: { timeZone: string | null }): Promise<string> {
  if (user.timeZone && isValidTimeZone(user.timeZone)) return user.timeZone;
  const reported = (await cookies()).get(TIME_ZONE_COOKIE)?.value;
  return reported && isValidTimeZone(reported) ? reported : "UTC";
}
