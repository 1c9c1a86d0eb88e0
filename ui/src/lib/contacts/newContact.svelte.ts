import { commands, type Contact, type ContactChanges } from "$lib/bindings";
import { errorMessage } from "$lib/shared/errors";
import { splitTags } from "./detail.svelte";

/** The "New contact" dialog's form: only the name is required. */
export class NewContactForm {
  name = $state("");
  company = $state("");
  email = $state("");
  phone = $state("");
  tags = $state("");
  error = $state<string | null>(null);
  saving = $state(false);

  reset(): void {
    this.name = "";
    this.company = "";
    this.email = "";
    this.phone = "";
    this.tags = "";
    this.error = null;
  }

  changes(): ContactChanges | null {
    const name = this.name.trim();
    if (!name) {
      this.error = "A contact needs a name.";
      return null;
    }
    const changes: ContactChanges = { name };
    if (this.company.trim()) changes.company = this.company.trim();
    if (this.email.trim()) changes.emails = [{ label: "", value: this.email.trim() }];
    if (this.phone.trim()) changes.phones = [{ label: "", value: this.phone.trim() }];
    const tags = splitTags(this.tags);
    if (tags.length > 0) changes.tags = tags;
    return changes;
  }

  async save(): Promise<Contact | null> {
    const changes = this.changes();
    if (!changes || this.saving) return null;
    this.saving = true;
    try {
      const contact = await commands.contact_create(changes);
      this.reset();
      return contact;
    } catch (e) {
      this.error = errorMessage(e);
      return null;
    } finally {
      this.saving = false;
    }
  }
}
