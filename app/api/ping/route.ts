// Liveness without touching the database: for load balancers and the benchmark's baseline.
export function GET(): Response {
  return new Response("pong", { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}
