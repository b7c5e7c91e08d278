import Link from "next/link";
import { signOutAction } from "@/app/actions/auth";

export function TopBar({ name, isAdmin }: { name: string; isAdmin: boolean }) {
  return (
    <header className="topbar">
      <Link href="/" className="brand">
        Torque Log Server
      </Link>
      <nav aria-label="Main">
        <Link href="/">Sessions</Link>
        <Link href="/import">Import</Link>
        <Link href="/uploads">Upload log</Link>
        <Link href="/settings">Settings</Link>
        <Link href="/api-docs">API</Link>
        {isAdmin ? <Link href="/admin/users">Users</Link> : null}
      </nav>
      <span className="muted" data-testid="signed-in-as">
        {name}
      </span>
      <form action={signOutAction}>
        <button type="submit">Sign out</button>
      </form>
    </header>
  );
}
