/** Dev helper: the bench stack kept running (prints port, DB URL, an upload token) until Ctrl-C. */
import { corePlan, startStack } from "./lib/stack";
const plan = corePlan();
const stack = await startStack(process.env.BENCH_PIN === "1" ? plan : { server: [], generator: [], description: "" }, { LOG_LEVEL: "warn" });
process.env.DATABASE_URL = stack.databaseUrl;
const { createUser } = await import("@/lib/users");
const { createToken } = await import("@/lib/tokens");
const user = await createUser({ email: "phones@bench.example", password: "bench password 1234" });
const token = (await createToken(user.id, "upload", "bench")).token;
console.log(JSON.stringify({ port: stack.server.port, url: stack.databaseUrl, token, pid: process.pid, serverPid: stack.server.process.pid }));
process.on("SIGINT", () => void stack.stop().then(() => process.exit(0)));
process.on("SIGTERM", () => void stack.stop().then(() => process.exit(0)));
setInterval(() => undefined, 1 << 30);
