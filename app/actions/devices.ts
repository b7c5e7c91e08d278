"use server";

import { revalidatePath } from "next/cache";
import { requireUserWith } from "@/lib/auth/current-user";
import { setRestrictDevices, updateDevice } from "@/lib/devices";
import { badRequest } from "@/lib/http/errors";
import { field, formResult, type FormState } from "@/lib/http/form-state";

function deviceId(form: FormData): number {
  const id = Number(field(form, "id"));
  if (!Number.isInteger(id) || id <= 0) throw badRequest("Not a device id.");
  return id;
}

export async function updateDeviceAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { actor } = await requireUserWith("manageAccount");
  return formResult(async () => {
    await updateDevice(actor, deviceId(form), { nickname: field(form, "nickname"), allowed: form.get("allowed") === "on" });
    revalidatePath("/", "layout");
    return "Saved.";
  });
}

export async function setRestrictDevicesAction(_previous: FormState, form: FormData): Promise<FormState> {
  const { actor } = await requireUserWith("manageAccount");
  return formResult(async () => {
    const on = form.get("restrictDevices") === "on";
    await setRestrictDevices(actor, on);
    revalidatePath("/settings");
    return on ? "Only allowed devices may upload now." : "Every device with your upload token may upload.";
  });
}
