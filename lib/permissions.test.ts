import { describe, expect, it } from "vitest";
import { can, ownedBy, userActor, type Actor, type Permission } from "./permissions";

const ACTORS: Record<string, Actor> = {
  user: { kind: "user", userId: 1, role: "user" },
  admin: { kind: "user", userId: 2, role: "admin" },
  upload: { kind: "token", userId: 1, scope: "upload", tokenId: 10 },
  read: { kind: "token", userId: 1, scope: "read", tokenId: 11 },
  read_write: { kind: "token", userId: 1, scope: "read_write", tokenId: 12 },
};

// Who may do what: the whole table, so a change to a predicate shows up as a diff here.
const EXPECTED: Record<Permission, string[]> = {
  readData: ["user", "admin", "read", "read_write"],
  writeData: ["user", "admin", "read_write"],
  upload: ["upload"],
  manageAccount: ["user", "admin"],
  administer: ["admin"],
};

describe("permission predicates", () => {
  it.each(Object.keys(EXPECTED) as Permission[])("%s", (permission) => {
    const allowed = Object.entries(ACTORS)
      .filter(([, actor]) => can[permission](actor))
      .map(([name]) => name);
    expect(allowed).toEqual(EXPECTED[permission]);
  });

  it("scopes rows to the actor's user, whatever the credential", () => {
    expect(ownedBy(ACTORS.read_write)).toEqual({ userId: 1 });
    expect(ownedBy(userActor({ id: 5, role: "admin" }))).toEqual({ userId: 5 });
  });
});
