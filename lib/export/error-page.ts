import { escapeXml } from "./gpx";

/**
 * What a browser shows when a download link fails (it navigated to a download and got an
 * error): a minimal page in the app's colours with the reason and a way back, not raw JSON.
 */
export function downloadErrorPage(status: number, message: string, retryAfter: string | null): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Download failed</title>
<style>
:root{color-scheme:light dark;font-family:system-ui,sans-serif}
body{margin:0;background:Canvas;color:CanvasText}
main{max-width:36rem;margin:10vh auto;padding:1rem}
p.error{color:#c62828}
@media (prefers-color-scheme:dark){p.error{color:#ef5350}}
</style></head>
<body><main>
<h1>Download failed</h1>
<p class="error" role="alert">${escapeXml(message)}</p>
<p><a href="/">Back to the sessions</a></p>
</main></body></html>
`;
  const headers = new Headers({ "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  if (retryAfter) headers.set("retry-after", retryAfter);
  return new Response(html, { status, headers });
}
