"use client";

import { useEffect, useState } from "react";

interface Loaded<T> {
  url: string;
  version: number;
  data: T;
}

/**
 * GETs JSON from one of our API routes whenever `url` or `version` changes (zoom, PID choice,
 * a live update), keeping the previous data on screen meanwhile; a newer request cancels an
 * older one. `initial` is what the server rendered for `initialUrl`, so the first paint needs
 * no request at all.
 */
export function useJson<T>(url: string, version: number, initial: T, initialUrl: string) {
  const [loaded, setLoaded] = useState<Loaded<T>>({ url: initialUrl, version, data: initial });
  const [error, setError] = useState<string | null>(null);
  const stale = loaded.url !== url || loaded.version !== version;

  useEffect(() => {
    if (!stale) return;
    const controller = new AbortController();
    fetch(url, { signal: controller.signal, headers: { accept: "application/json" } })
      .then(async (response) => {
        const body = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
        if (!response.ok || body === null) throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
        setLoaded({ url, version, data: body });
        setError(null);
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e instanceof Error ? e.message : String(e));
      });
    return () => controller.abort();
  }, [url, version, stale]);

  return { data: loaded.data, loading: stale && error === null, error };
}
