// What "server-only" resolves to in the server bundle (scripts/lib/server-bundle.ts).
export {};
