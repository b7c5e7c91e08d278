import { signOutEverywhereAction } from "@/app/actions/auth";

export function SecuritySection() {
  return (
    <section className="panel" aria-labelledby="security-heading" id="security">
      <h2 id="security-heading">Sign-in sessions</h2>
      <p className="muted">
        Lost a phone or used a shared computer? This signs you out everywhere, here too. Tokens keep working: revoke them above.
      </p>
      <form action={signOutEverywhereAction}>
        <button type="submit" className="danger">
          Sign out everywhere
        </button>
      </form>
    </section>
  );
}
