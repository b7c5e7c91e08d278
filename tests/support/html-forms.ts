/**
 * Submits a server-action form the way a browser without JavaScript does (multipart post of
 * the form's hidden fields plus ours to the page), so tests drive the real actions, with
 * Next's own checks (Origin) in the way.
 */
function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The hidden fields of the first <form> whose markup contains `marker` (a label, button text…). */
export function hiddenFields(html: string, marker: string): [string, string][] {
  const forms = html.match(/<form\b[\s\S]*?<\/form>/g) ?? [];
  const form = forms.find((f) => f.includes(marker));
  if (!form) throw new Error(`No form containing ${JSON.stringify(marker)} in the page`);
  const fields: [string, string][] = [];
  for (const input of form.match(/<input\b[^>]*>/g) ?? []) {
    if (!/type="hidden"/.test(input)) continue;
    const name = input.match(/name="([^"]*)"/)?.[1];
    const value = input.match(/value="([^"]*)"/)?.[1] ?? "";
    if (name) fields.push([decodeEntities(name), decodeEntities(value)]);
  }
  return fields;
}

export interface SubmitOptions {
  cookie: string;
  origin: string;
  fields?: Record<string, string>;
}

/** Loads `path`, finds the form, posts it back with `fields` (which replace hidden fields of the same name). */
export async function submitForm(baseUrl: string, path: string, marker: string, options: SubmitOptions): Promise<Response> {
  const page = await fetch(`${baseUrl}${path}`, { headers: { cookie: options.cookie } });
  if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}`);
  const body = new FormData();
  const ours = options.fields ?? {};
  for (const [name, value] of hiddenFields(await page.text(), marker)) if (!(name in ours)) body.append(name, value);
  for (const [name, value] of Object.entries(ours)) body.append(name, value);
  return fetch(`${baseUrl}${path}`, { method: "POST", redirect: "manual", headers: { cookie: options.cookie, origin: options.origin }, body });
}
