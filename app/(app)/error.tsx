"use client";

import { ErrorView } from "@/components/errors/error-view";

// Errors in a signed-in page: the top bar stays, so the user can go elsewhere.
export default function AppError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorView error={error} retry={retry} />;
}
