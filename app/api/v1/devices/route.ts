import { apiRoute } from "@/lib/api/route";
import { listDevices } from "@/lib/api/v1/devices";
import { listDevices as loadDevices } from "@/lib/devices";

export const GET = apiRoute(listDevices, async ({ actor }) => ({ devices: await loadDevices(actor.userId) }));
