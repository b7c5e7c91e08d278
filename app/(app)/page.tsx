import type { Metadata } from "next";
import { SessionTable } from "@/components/sessions/session-table";
import { GettingStarted } from "@/components/sessions/getting-started";
import { requireUser } from "@/lib/auth/current-user";
import { listRecentSessions } from "@/lib/sessions/recent";
import { publicOrigin } from "@/lib/request-origin";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage() {
  const user = await requireUser();
  const sessions = await listRecentSessions(user.id, 200);
  if (sessions.length === 0) return <GettingStarted origin={await publicOrigin()} />;
  return <SessionTable sessions={sessions} timeZone={user.timeZone ?? "UTC"} />;
}
