import { changeEmailAction, changePasswordAction, updateProfileAction } from "@/app/actions/account";
import { ActionForm } from "@/components/forms/action-form";
import { PASSWORD_RULES } from "@/lib/auth/secrets";

export function ProfileSection({ displayName, email }: { displayName: string | null; email: string }) {
  return (
    <section className="panel" aria-labelledby="profile-heading" id="profile">
      <h2 id="profile-heading">Profile</h2>
      <ActionForm action={updateProfileAction} submitLabel="Save name" label="Display name">
        <label htmlFor="display-name">Display name</label>
        <input id="display-name" name="displayName" defaultValue={displayName ?? ""} maxLength={100} autoComplete="name" />
      </ActionForm>
      <ActionForm action={changeEmailAction} submitLabel="Change e-mail" label="E-mail address">
        <label htmlFor="new-email">E-mail (you sign in with it)</label>
        <input id="new-email" name="email" type="email" defaultValue={email} required maxLength={254} autoComplete="email" />
        <label htmlFor="email-password">Current password</label>
        <input id="email-password" name="currentPassword" type="password" required autoComplete="current-password" />
      </ActionForm>
    </section>
  );
}

export function PasswordSection() {
  return (
    <section className="panel" aria-labelledby="password-heading" id="password">
      <h2 id="password-heading">Password</h2>
      <p className="muted">Changing it signs you out on every other device and browser. Use {PASSWORD_RULES}.</p>
      <ActionForm action={changePasswordAction} submitLabel="Change password" label="Change password">
        <label htmlFor="current-password">Current password</label>
        <input id="current-password" name="currentPassword" type="password" required autoComplete="current-password" />
        <label htmlFor="new-password">New password</label>
        <input id="new-password" name="newPassword" type="password" required minLength={10} maxLength={200} autoComplete="new-password" />
        <label htmlFor="confirm-password">New password again</label>
        <input id="confirm-password" name="confirmPassword" type="password" required minLength={10} maxLength={200} autoComplete="new-password" />
      </ActionForm>
    </section>
  );
}
