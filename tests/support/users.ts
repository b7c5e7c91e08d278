import { randomUUID } from "node:crypto";
import { createToken } from "@/lib/tokens";
import { createUser } from "@/lib/users";
import type { TokenScope } from "@/lib/generated/prisma/client";

export const TEST_PASSWORD = "correct horse battery staple";

/** A new user with a unique e-mail, so test files never see each other's data. */
export async function makeUser(label = "user") {
  const user = await createUser({ email: `${label}-${randomUUID().slice(0, 8)}@example.com`, password: TEST_PASSWORD });
  return user;
}

export async function makeToken(userId: number, scope: TokenScope = "upload"): Promise<string> {
  return (await createToken(userId, scope, `${scope} test token`)).token;
}
