"use client";

import { useEffect, useRef, useState } from "react";
import type { SessionStats } from "@/lib/sessions/view";

/**
 * The session's counters, kept current by GET /api/sessions/{id}/events (server-sent events),
 * and whether it is live now: the server says how long it stays live without another upload,
 * so the badge goes away on time without trusting the browser's clock.
 */
export function useLiveStats(sessionId: number, initial: SessionStats): { stats: SessionStats; live: boolean; deleted: boolean } {
  const [stats, setStats] = useState(initial);
  const [liveUntil, setLiveUntil] = useState(() => (initial.live ? Date.now() + initial.liveForMs : 0));
  const [now, setNow] = useState(() => Date.now());
  const [deleted, setDeleted] = useState(false);
  const initialRef = useRef(initial);

  // A server render (router.refresh) brings newer counters too.
  useEffect(() => {
    if (initial !== initialRef.current) {
      initialRef.current = initial;
      setStats((current) => (initial.sampleCount !== current.sampleCount || initial.summaryAt !== current.summaryAt ? initial : current));
    }
  }, [initial]);

  useEffect(() => {
    const source = new EventSource(`/api/sessions/${sessionId}/events`);
    source.addEventListener("update", (event) => {
      const next = JSON.parse((event as MessageEvent<string>).data) as SessionStats;
      setStats(next);
      setLiveUntil(next.live ? Date.now() + next.liveForMs : 0);
    });
    source.addEventListener("deleted", () => {
      setDeleted(true);
      source.close();
    });
    // Over the server's cap of open live views: no live updates for this tab.
    source.addEventListener("refused", () => source.close());
    return () => source.close();
  }, [sessionId]);

  useEffect(() => {
    if (liveUntil <= now) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(5_000, liveUntil - now + 50));
    return () => clearTimeout(timer);
  }, [liveUntil, now]);

  return { stats, live: liveUntil > now, deleted };
}
