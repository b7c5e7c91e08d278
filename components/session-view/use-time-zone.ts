"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The zone to show times in: the user's setting, else the browser's. Null while rendering on
 * the server and hydrating without a setting (the server cannot know the browser's zone), so
 * callers render a placeholder instead of a time that would change after hydration.
 */
export function useTimeZone(preferred: string | null): string | null {
  const browser = useSyncExternalStore(noSubscription, browserZone, () => null);
  return preferred ?? browser;
}
