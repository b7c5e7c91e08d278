/**
 * Just enough YAML for the project's own compose.yaml (no YAML package is installed): block
 * mappings and sequences by indentation, plain and quoted scalars, flow sequences in JSON form,
 * comments. Anything else throws, so an unsupported construct fails the check loudly.
 */
export type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

interface Line {
  indent: number;
  text: string;
  no: number;
}

function scalar(raw: string, no: number): Yaml {
  const v = raw.trim();
  if (v === "") return null;
  if (v.startsWith("[")) {
    try {
      return JSON.parse(v) as Yaml;
    } catch {
      throw new Error(`line ${no}: flow sequence is not JSON: ${v}`);
    }
  }
  if (v.startsWith('"')) return JSON.parse(v) as string;
  if (v.startsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
  if (/^(true|false)$/.test(v)) return v === "true";
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (/^[{&*!|>]/.test(v)) throw new Error(`line ${no}: unsupported YAML: ${v}`);
  return v;
}

/** Strips a comment that starts outside quotes. */
function uncomment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]))) {
      return text.slice(0, i);
    }
  }
  return text;
}

export function parseYaml(source: string): Yaml {
  const lines: Line[] = [];
  source.split("\n").forEach((raw, i) => {
    if (/\t/.test(raw.match(/^\s*/)?.[0] ?? "")) throw new Error(`line ${i + 1}: tab in indentation`);
    const text = uncomment(raw).trimEnd();
    if (text.trim() !== "") lines.push({ indent: text.length - text.trimStart().length, text: text.trim(), no: i + 1 });
  });
  let pos = 0;

  function block(indent: number): Yaml {
    const first = lines[pos];
    if (first.text.startsWith("- ") || first.text === "-") {
      const list: Yaml[] = [];
      while (pos < lines.length && lines[pos].indent === indent && lines[pos].text.startsWith("-")) {
        const item = lines[pos].text.slice(1).trim();
        pos++;
        if (item === "") list.push(block(lines[pos].indent));
        else if (/^[\w.-]+:(\s|$)/.test(item)) throw new Error(`line ${lines[pos - 1].no}: mappings inside sequences are not supported`);
        else list.push(scalar(item, lines[pos - 1].no));
      }
      return list;
    }
    const map: { [key: string]: Yaml } = {};
    while (pos < lines.length && lines[pos].indent === indent) {
      const { text, no } = lines[pos];
      const m = /^("[^"]+"|[^\s:][^:]*?):(?:\s+(.*))?$/.exec(text);
      if (!m) throw new Error(`line ${no}: expected "key: value": ${text}`);
      const key = m[1].replace(/^"|"$/g, "");
      if (key in map) throw new Error(`line ${no}: duplicate key ${key}`);
      pos++;
      if (m[2] !== undefined && m[2] !== "") map[key] = scalar(m[2], no);
      else if (pos < lines.length && lines[pos].indent > indent) map[key] = block(lines[pos].indent);
      else if (pos < lines.length && lines[pos].indent === indent && lines[pos].text.startsWith("-")) map[key] = block(indent);
      else map[key] = null;
    }
    if (pos < lines.length && lines[pos].indent > indent) throw new Error(`line ${lines[pos].no}: unexpected indentation`);
    return map;
  }

  const doc = block(0);
  if (pos !== lines.length) throw new Error(`line ${lines[pos].no}: unexpected content`);
  return doc;
}
