import { describe, expect, it } from "vitest";
import { changeEmail, changePassword, updateDisplayName, updatePreferences } from "@/lib/account";
import { attemptSignIn } from "@/lib/auth/sign-in";
import { db } from "@/lib/db/client";
import { listDevices, setRestrictDevices, updateDevice } from "@/lib/devices";
import { handleUploadRequest } from "@/lib/ingest/upload-request";
import { userActor } from "@/lib/permissions";
import { createToken } from "@/lib/tokens";
import { torqueQuery } from "../support/uploads";
import { makeUser, TEST_PASSWORD } from "../support/users";

const fresh = (id: number) => db().user.findUniqueOrThrow({ where: { id } });

describe("profile and password", () => {
  it("changes the e-mail only with the current password, and never to another account's", async () => {
    const user = await makeUser("email-change");
    const other = await makeUser("email-taken");
    await expect(changeEmail(user, "wrong password", "new@example.com")).rejects.toMatchObject({ message: "Current password is wrong." });
    await expect(changeEmail(user, TEST_PASSWORD, other.email.toUpperCase())).rejects.toMatchObject({ status: 409 });
    const target = `  Renamed-${user.id}@Example.COM `;
    await changeEmail(user, TEST_PASSWORD, target);
    expect((await fresh(user.id)).email).toBe(`renamed-${user.id}@example.com`);
  });

  it("changes the password only with the current one, and ends every session", async () => {
    const user = await makeUser("password-change");
    await expect(changePassword(user, "wrong password", "another long password")).rejects.toMatchObject({ details: { field: "currentPassword" } });
    await expect(changePassword(user, TEST_PASSWORD, "short")).rejects.toMatchObject({ details: { field: "newPassword" } });
    expect((await fresh(user.id)).authVersion).toBe(0);
    await changePassword(user, TEST_PASSWORD, "another long password");
    expect((await fresh(user.id)).authVersion).toBe(1);
    expect(await attemptSignIn(user.email, TEST_PASSWORD, null)).toMatchObject({ ok: false });
    expect(await attemptSignIn(user.email, "another long password", null)).toMatchObject({ ok: true });
  });

  it("keeps display names to 100 characters and stores an empty one as none", async () => {
    const user = await makeUser("display-name");
    await expect(updateDisplayName(user.id, "x".repeat(101))).rejects.toMatchObject({ details: { field: "displayName" } });
    await updateDisplayName(user.id, "  Van driver  ");
    expect((await fresh(user.id)).displayName).toBe("Van driver");
    await updateDisplayName(user.id, "   ");
    expect((await fresh(user.id)).displayName).toBeNull();
  });

  it("accepts only real IANA zones (stored canonically) and metric or imperial", async () => {
    const user = await makeUser("prefs");
    await expect(updatePreferences(user.id, { timeZone: "Mars/Olympus_Mons", unitSystem: "metric" })).rejects.toMatchObject({ details: { field: "timeZone" } });
    await expect(updatePreferences(user.id, { timeZone: "UTC", unitSystem: "furlongs" })).rejects.toMatchObject({ details: { field: "unitSystem" } });
    await updatePreferences(user.id, { timeZone: "america/los_angeles", unitSystem: "imperial" });
    expect(await fresh(user.id)).toMatchObject({ timeZone: "America/Los_Angeles", unitSystem: "imperial" });
  });
});

describe("devices", () => {
  it("are renamed and allowed only by their owner: another user's device is not found", async () => {
    const owner = await makeUser("dev-owner");
    const other = await makeUser("dev-other");
    const token = (await createToken(owner.id, "upload")).token;
    await handleUploadRequest(new Request(`http://server.test/api/upload/${token}?${torqueQuery()}`), token);
    const [device] = await listDevices(owner.id);
    await expect(updateDevice(userActor(other), device.id, { nickname: "mine now", allowed: false })).rejects.toMatchObject({ status: 404 });
    expect(await listDevices(other.id)).toEqual([]);
    await updateDevice(userActor(owner), device.id, { nickname: " Van phone ", allowed: false });
    expect((await listDevices(owner.id))[0]).toMatchObject({ nickname: "Van phone", allowed: false, sessionCount: 1 });
  });

  it("with the allow-list on, refuse uploads from devices not allowed, until allowed", async () => {
    const user = await makeUser("dev-allow");
    const token = (await createToken(user.id, "upload")).token;
    const send = (deviceId: string, time: number) =>
      handleUploadRequest(new Request(`http://server.test/api/upload/${token}?${torqueQuery({ deviceId, time })}`), token);
    const t0 = Date.UTC(2024, 4, 1, 8, 0, 0);
    await setRestrictDevices(userActor(user), true);
    await expect(send("aaaa", t0 + 1000)).rejects.toMatchObject({ status: 403 });
    const [device] = await listDevices(user.id);
    expect(device).toMatchObject({ torqueId: "aaaa", allowed: false });
    await updateDevice(userActor(user), device.id, { allowed: true });
    expect((await send("aaaa", t0 + 2000)).outcome).toBe("accepted");
    await setRestrictDevices(userActor(user), false);
    expect((await send("bbbb", t0 + 3000)).outcome).toBe("accepted");
  });
});
