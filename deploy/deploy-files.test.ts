import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_KEYS, loadConfig } from "@/lib/config";
import { parseYaml, type Yaml } from "@/tests/support/mini-yaml";
import { SERVER_ARGS, SERVER_ENV } from "@/scripts/lib/server-bundle";

const ENV_PAIRS = Object.entries(SERVER_ENV).map(([k, v]) => `${k}=${v}`);

/**
 * No Docker engine, systemd or proxy runs here: the deployment files are checked by parsing
 * them and asserting what a deployment depends on (the Torque request-line size, signals,
 * restart policy, volumes, the variables the server actually reads).
 */
const root = path.resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

function dockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*(#|$)/.test(lines[i])) continue;
    const start = i;
    let joined = lines[i];
    while (joined.endsWith("\\") && i + 1 < lines.length) joined = joined.slice(0, -1) + " " + lines[++i].trim();
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(joined);
    if (!m) throw new Error(`Dockerfile line ${start + 1}: not an instruction`);
    out.push({ keyword: m[1].toUpperCase(), args: m[2].trim(), line: start + 1 });
  }
  return out;
}

const KNOWN = new Set(["FROM", "ARG", "ENV", "WORKDIR", "COPY", "ADD", "RUN", "USER", "VOLUME", "EXPOSE", "HEALTHCHECK", "CMD", "ENTRYPOINT", "STOPSIGNAL", "LABEL", "SHELL", "ONBUILD"]);

describe("npm start", () => {
  it("runs the server bundle with the same flags as the image and the unit, after building what is stale", () => {
    const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe(`${ENV_PAIRS.join(" ")} node ${SERVER_ARGS.join(" ")}`);
    expect(scripts.prestart).toBe("tsx scripts/build.ts --if-stale");
  });
});

describe("Dockerfile", () => {
  const instructions = dockerfile(read("Dockerfile"));
  const args = Object.fromEntries(instructions.filter((i) => i.keyword === "ARG" && i.args.includes("=")).map((i) => i.args.split("=") as [string, string]));
  const stages = instructions.filter((i) => i.keyword === "FROM").map((i) => {
    const m = /^(\S+)\s+AS\s+(\S+)$/i.exec(i.args);
    if (!m) throw new Error(`FROM without a stage name at line ${i.line}`);
    return { image: m[1].replace(/\$\{(\w+)\}/g, (_, n: string) => args[n] ?? ""), name: m[2], at: instructions.indexOf(i) };
  });
  const last = stages[stages.length - 1];
  const runtime = instructions.slice(last.at);

  it("uses only known instructions, and JSON arrays where it uses the exec form", () => {
    for (const i of instructions) {
      expect(KNOWN.has(i.keyword), `line ${i.line}: ${i.keyword}`).toBe(true);
      if (["CMD", "ENTRYPOINT", "VOLUME"].includes(i.keyword) && i.args.startsWith("[")) expect(() => JSON.parse(i.args)).not.toThrow();
    }
  });

  it("is multi-stage: npm ci, npm run build, then a Node 20 slim runtime that copies from an earlier stage", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(last.image).toMatch(/^node:20[.\w-]*slim$/);
    const runs = instructions.filter((i) => i.keyword === "RUN").map((i) => i.args).join("\n");
    expect(runs).toMatch(/npm ci\b/);
    expect(runs).toMatch(/npm run build/); // Next's build and the server bundle
    for (const copy of instructions.filter((i) => i.keyword === "COPY")) {
      const from = /--from=(\S+)/.exec(copy.args)?.[1];
      if (from) expect(stages.slice(0, -1).map((s) => s.name)).toContain(from);
      else if (!copy.args.startsWith(". ")) for (const src of copy.args.split(/\s+/).slice(0, -1)) expect(existsSync(path.join(root, src)), src).toBe(true);
    }
  });

  it("runs as a non-root user, with DATA_DIR on a volume, a health check and the one-process start command", () => {
    const user = runtime.filter((i) => i.keyword === "USER").pop();
    expect(user?.args).toBeDefined();
    expect(["root", "0"]).not.toContain(user?.args);
    const env = runtime.filter((i) => i.keyword === "ENV").map((i) => i.args).join(" ");
    const dataDir = /DATA_DIR=(\S+)/.exec(env)?.[1];
    expect(dataDir).toBe("/data");
    expect(runtime.some((i) => i.keyword === "VOLUME" && i.args.includes(`"${dataDir}"`))).toBe(true);
    expect(env).toMatch(/BUILD_ON_START=never/);
    for (const pair of ENV_PAIRS) expect(env.split(/\s+/)).toContain(pair);
    expect(runtime.find((i) => i.keyword === "HEALTHCHECK")?.args).toMatch(/\/api\/(health|ping)/);
    expect(JSON.parse(runtime.find((i) => i.keyword === "CMD")?.args ?? "[]")).toEqual(["node", ...SERVER_ARGS]);
  });

  it("keeps build output, secrets and data out of the build context", () => {
    const ignored = read(".dockerignore").split("\n").map((l) => l.trim());
    for (const p of ["node_modules", ".next", ".env", "data", "lib/generated"]) expect(ignored).toContain(p);
    expect(ignored).toContain("!.env.example");
  });
});

describe("compose.yaml", () => {
  const compose = parseYaml(read("compose.yaml")) as { [k: string]: Yaml };
  const services = compose.services as Record<string, Record<string, Yaml>>;

  it("runs PostgreSQL 18 with its data on a named volume and a health check", () => {
    const db = services.db;
    expect(String(db.image)).toMatch(/^postgres:18/);
    expect(db.volumes).toContain("pgdata:/var/lib/postgresql");
    expect((db.healthcheck as Record<string, Yaml>).test).toEqual(["CMD-SHELL", "pg_isready -U torque -d torque"]);
    expect(db.restart).toBe("unless-stopped");
  });

  it("runs the app on that database once it is healthy, restarting it, with only variables the server knows", () => {
    const app = services.app;
    expect(app.depends_on).toEqual({ db: { condition: "service_healthy" } });
    expect(app.restart).toBe("unless-stopped");
    const env = app.environment as Record<string, string>;
    expect(env.DATABASE_URL).toMatch(/^postgresql:\/\/torque:\$\{POSTGRES_PASSWORD\}@db:5432\/torque$/);
    for (const name of Object.keys(env)) expect(CONFIG_KEYS as string[]).toContain(name);
    expect(app.volumes).toContain("appdata:/data");
  });

  it("declares every named volume it mounts", () => {
    const declared = Object.keys(compose.volumes as object);
    for (const service of Object.values(services)) {
      for (const v of (service.volumes as string[]) ?? []) expect(declared).toContain(v.split(":")[0]);
    }
  });
});

describe("systemd unit", () => {
  const sections: Record<string, Record<string, string[]>> = {};
  let current = "";
  for (const line of read("deploy/torque-logserver.service").split("\n")) {
    if (/^\s*(#|;|$)/.test(line)) continue;
    const section = /^\[(\w+)\]$/.exec(line.trim());
    if (section) {
      current = section[1];
      sections[current] = {};
      continue;
    }
    const kv = /^(\w+)=(.*)$/.exec(line.trim());
    if (!kv || !current) throw new Error(`not a unit-file line: ${line}`);
    (sections[current][kv[1]] ??= []).push(kv[2]);
  }

  it("has the three sections and only keys systemd knows in them", () => {
    const known: Record<string, string[]> = {
      Unit: ["Description", "Documentation", "Wants", "After", "Requires", "StartLimitIntervalSec", "StartLimitBurst"],
      Service: ["Type", "User", "Group", "WorkingDirectory", "Environment", "EnvironmentFile", "ExecStart", "Restart", "RestartSec", "KillMode", "KillSignal", "TimeoutStopSec", "StateDirectory", "StateDirectoryMode", "LimitNOFILE", "NoNewPrivileges", "PrivateTmp", "ProtectSystem", "ProtectHome", "ReadWritePaths", "ProtectKernelTunables", "ProtectControlGroups", "RestrictSUIDSGID"],
      Install: ["WantedBy"],
    };
    expect(Object.keys(sections).sort()).toEqual(["Install", "Service", "Unit"]);
    for (const [name, keys] of Object.entries(sections)) for (const key of Object.keys(keys)) expect(known[name], `${name}.${key}`).toContain(key);
  });

  it("restarts always, never gives up, starts at boot and lets the server stop its own database", () => {
    const s = sections.Service;
    expect(s.Restart).toEqual(["always"]);
    expect(sections.Unit.StartLimitIntervalSec).toEqual(["0"]);
    expect(sections.Install.WantedBy).toEqual(["multi-user.target"]);
    expect(s.KillMode).toEqual(["mixed"]);
    expect(s.ExecStart[0]).toBe(`/usr/bin/node ${SERVER_ARGS.join(" ")}`);
    expect(s.User).toEqual(["torque"]);
    expect(s.Environment).toContain("DATA_DIR=/var/lib/torque-logserver");
    for (const pair of ENV_PAIRS) expect(s.Environment).toContain(pair);
    expect(s.StateDirectory).toEqual(["torque-logserver"]);
  });
});

describe("reverse-proxy examples", () => {
  const balanced = (text: string) => {
    let depth = 0;
    for (const c of text.replace(/#.*$/gm, "")) {
      if (c === "{") depth++;
      if (c === "}" && --depth < 0) return false;
    }
    return depth === 0;
  };

  it("nginx: request-line buffers fit Torque's 13.4 KB metadata request, and the request line goes upstream unchanged", () => {
    const conf = read("deploy/nginx.conf");
    expect(balanced(conf)).toBe(true);
    for (const line of conf.replace(/#.*$/gm, "").split("\n").map((l) => l.trim()).filter(Boolean)) expect(line, line).toMatch(/[;{}]$/);
    const [, , size, unit] = /large_client_header_buffers\s+(\d+)\s+(\d+)([km]?);/.exec(conf) ?? [];
    expect(Number(size) * (unit === "k" ? 1024 : unit === "m" ? 1024 * 1024 : 1)).toBeGreaterThanOrEqual(16 * 1024);
    expect(conf).toMatch(/proxy_pass http:\/\/torque_logserver;/); // no URI part
    expect(conf).toMatch(/listen 443 ssl/);
  });

  it("Caddy: explicit header limit over 16 KiB and a proxy to the app", () => {
    const caddy = read("deploy/Caddyfile");
    expect(balanced(caddy)).toBe(true);
    const [, n, unit] = /max_header_size\s+(\d+)(KiB|MiB|KB|MB)/.exec(caddy) ?? [];
    expect(Number(n) * (unit.startsWith("M") ? 1024 * 1024 : 1024)).toBeGreaterThanOrEqual(16 * 1024);
    expect(caddy).toMatch(/reverse_proxy 127\.0\.0\.1:3000/);
  });
});

describe(".env.example", () => {
  const text = read(".env.example");
  const entries = [...text.matchAll(/^(#\s*)?([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => ({ name: m[2], value: m[3], commented: Boolean(m[1]) }));

  it("documents every variable the server reads, and nothing it does not read", () => {
    const names = entries.map((e) => e.name);
    for (const key of CONFIG_KEYS) expect(names, key).toContain(key);
    for (const name of names) expect([...CONFIG_KEYS, "POSTGRES_PASSWORD"], name).toContain(name);
  });

  it("shows defaults that the server accepts and that are its real defaults", () => {
    const env = Object.fromEntries(entries.map((e) => [e.name, e.value]));
    const withShown = loadConfig(env);
    const plain = loadConfig({});
    expect({ ...withShown, dataDir: "" }).toEqual({ ...plain, dataDir: "" });
  });
});
