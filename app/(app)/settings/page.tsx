import type { Metadata } from "next";
import { DeviceSection } from "@/components/settings/device-section";
import { PreferencesSection } from "@/components/settings/preferences-section";
import { PasswordSection, ProfileSection } from "@/components/settings/profile-section";
import { SecuritySection } from "@/components/settings/security-section";
import { ApiTokenSection, UploadTokenSection } from "@/components/settings/token-section";
import { timeZoneChoices } from "@/lib/account";
import { requireUserWith } from "@/lib/auth/current-user";
import { listDevices } from "@/lib/devices";
import { publicOrigin } from "@/lib/request-origin";
import { listTokens } from "@/lib/tokens";

export const metadata: Metadata = { title: "Settings" };

const SECTIONS = [
  ["profile", "Profile"],
  ["password", "Password"],
  ["preferences", "Time zone and units"],
  ["devices", "Devices"],
  ["upload-tokens", "Upload tokens"],
  ["api-tokens", "API tokens"],
  ["security", "Sign-in sessions"],
] as const;

export default async function SettingsPage() {
  const { user } = await requireUserWith("manageAccount");
  const [tokens, devices, origin] = await Promise.all([listTokens(user.id), listDevices(user.id), publicOrigin()]);
  const timeZone = user.timeZone ?? "UTC";
  return (
    <>
      <h1>Settings</h1>
      <nav aria-label="Settings sections" className="section-nav">
        {SECTIONS.map(([id, title]) => (
          <a key={id} href={`#${id}`}>
            {title}
          </a>
        ))}
      </nav>
      <ProfileSection displayName={user.displayName} email={user.email} />
      <PasswordSection />
      <PreferencesSection zones={timeZoneChoices()} timeZone={user.timeZone} unitSystem={user.unitSystem} />
      <DeviceSection devices={devices} restrict={user.restrictDevices} timeZone={timeZone} />
      <UploadTokenSection tokens={tokens} origin={origin} timeZone={timeZone} />
      <ApiTokenSection tokens={tokens} origin={origin} timeZone={timeZone} />
      <SecuritySection />
    </>
  );
}
