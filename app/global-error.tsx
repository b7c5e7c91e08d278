"use client";

import { ErrorView } from "@/components/errors/error-view";
import "./globals.css";

// The root layout itself failed: this replaces it, so it brings its own <html> and <body>.
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body>
        <main>
          <ErrorView error={error} retry={retry} />
        </main>
      </body>
    </html>
  );
}
