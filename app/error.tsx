"use client";

import { ErrorView } from "@/components/errors/error-view";

// Errors outside the signed-in area, and in the (app) layout itself (e.g. loading the user).
export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <main>
      <ErrorView error={error} retry={retry} />
    </main>
  );
}
