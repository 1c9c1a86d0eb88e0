import { commands, type SignInRequest, type SyncReport, type SyncStatus } from "$lib/bindings";
import { errorMessage } from "$lib/shared/errors";

export type SignInForm = { server: string; email: string; password: string; recoveryKey: string };

/** What is wrong with the sign-in form before it is sent, field by field. */
export function signInProblems(form: SignInForm): Partial<Record<keyof SignInForm, string>> {
  const problems: Partial<Record<keyof SignInForm, string>> = {};
  if (!/^https?:\/\/\S+$/.test(form.server.trim())) problems.server = "Enter the server's address, e.g. https://sync.example.com";
  if (!/^\S+@\S+$/.test(form.email.trim())) problems.email = "Enter the account's email address.";
  if (!form.password) problems.password = "Enter the password.";
  return problems;
}

/**
 * The sync account. Signing in with an empty recovery key creates a new account; its recovery
 * key comes back once and is kept here only until the person has dismissed it.
 */
export class SyncState {
  status = $state<SyncStatus | null>(null);
  form = $state<SignInForm>({ server: "", email: "", password: "", recoveryKey: "" });
  problems = $state<Partial<Record<keyof SignInForm, string>>>({});
  error = $state<string | null>(null);
  busy = $state(false);
  syncing = $state(false);
  lastReport = $state<SyncReport | null>(null);
  /** The new account's recovery key, shown once. */
  newRecoveryKey = $state<string | null>(null);

  get creating(): boolean {
    return this.form.recoveryKey.trim() === "";
  }

  async load(): Promise<void> {
    try {
      this.status = await commands.sync_status();
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  async signIn(deviceName: string | null = null): Promise<boolean> {
    this.problems = signInProblems(this.form);
    if (Object.keys(this.problems).length > 0) return false;
    const request: SignInRequest = {
      server: this.form.server.trim(),
      email: this.form.email.trim(),
      password: this.form.password,
      recovery_key: this.creating ? null : this.form.recoveryKey.trim(),
      device_name: deviceName,
    };
    this.busy = true;
    this.error = null;
    try {
      const result = await commands.sync_sign_in(request);
      this.newRecoveryKey = result.recovery_key;
      this.form = { server: request.server, email: request.email, password: "", recoveryKey: "" };
      await this.load();
      return true;
    } catch (e) {
      this.error = errorMessage(e);
      return false;
    } finally {
      this.busy = false;
    }
  }

  async signOut(): Promise<void> {
    this.busy = true;
    try {
      await commands.sync_sign_out();
      this.lastReport = null;
      await this.load();
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.busy = false;
    }
  }

  async syncNow(): Promise<SyncReport | null> {
    this.syncing = true;
    this.error = null;
    try {
      this.lastReport = await commands.sync_now();
      await this.load();
      return this.lastReport;
    } catch (e) {
      this.error = errorMessage(e);
      return null;
    } finally {
      this.syncing = false;
    }
  }

  dismissRecoveryKey(): void {
    this.newRecoveryKey = null;
  }
}
