import { createUserAction } from "@/app/actions/admin";
import { ActionForm } from "@/components/forms/action-form";
import { PASSWORD_RULES } from "@/lib/auth/secrets";

export function CreateUserForm() {
  return (
    <section className="panel" aria-labelledby="create-user-heading">
      <h2 id="create-user-heading">Add a user</h2>
      <ActionForm action={createUserAction} submitLabel="Add user" pendingLabel="Adding…" label="Add a user">
        <label htmlFor="new-user-email">E-mail</label>
        <input id="new-user-email" name="email" type="email" required maxLength={254} autoComplete="off" />
        <label htmlFor="new-user-name">Display name (optional)</label>
        <input id="new-user-name" name="displayName" maxLength={100} autoComplete="off" />
        <label htmlFor="new-user-password">Initial password</label>
        <input id="new-user-password" name="password" type="password" required minLength={10} maxLength={200} autoComplete="new-password" aria-describedby="new-user-password-rules" />
        <p id="new-user-password-rules" className="muted">
          Use {PASSWORD_RULES}. Tell it to the user; they can change it in Settings.
        </p>
        <label htmlFor="new-user-role">Role</label>
        <select id="new-user-role" name="role" defaultValue="user">
          <option value="user">User: sees only their own data</option>
          <option value="admin">Admin: also manages users</option>
        </select>
      </ActionForm>
    </section>
  );
}
