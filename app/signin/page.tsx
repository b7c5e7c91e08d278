import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentUser } from "@/lib/auth/current-user";
import { userCount } from "@/lib/users";

export const metadata: Metadata = { title: "Sign in" };

// Errors arriving in the URL come from next-auth's own endpoint (/api/auth/callback/credentials).
function errorFromUrl(error: string | undefined, code: string | undefined): string | null {
  if (!error) return null;
  if (code === "rate_limited") return "Too many failed sign-ins. Wait 15 minutes and try again.";
  return "Wrong e-mail or password.";
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string; code?: string; signedOut?: string }>;
}) {
  if (await currentUser().catch(() => null)) redirect("/");
  // A fresh instance has nobody to sign in: its first admin is made on the set-up page.
  if ((await userCount()) === 0) redirect("/setup");
  const { error, code, signedOut } = await searchParams;
  return (
    <main className="center-card">
      <div className="panel">
        <h1>Torque Log Server</h1>
        <p className="muted">Sign in to see your trips.</p>
        {signedOut === "everywhere" ? (
          <p role="status" className="ok">
            You are signed out on every device and browser.
          </p>
        ) : null}
        <SignInForm initialError={errorFromUrl(error, code)} />
      </div>
    </main>
  );
}
