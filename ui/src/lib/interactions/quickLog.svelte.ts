import { commands, type ContactRow, type Interaction, type InteractionKind } from "$lib/bindings";
import { debounce } from "$lib/shared/debounce";
import { errorMessage } from "$lib/shared/errors";
import { fromLocalInput, toLocalInput } from "$lib/shared/time";

export const KINDS: ReadonlyArray<{ value: InteractionKind; label: string }> = [
  { value: "call", label: "Call" },
  { value: "meeting", label: "Meeting" },
  { value: "email", label: "Email" },
  { value: "message", label: "Message" },
  { value: "note", label: "Note" },
  { value: "other", label: "Other" },
];

/** The unsaved form as kept by `draft_set`: JSON this UI owns. */
export type Draft = { contact_id: string | null; kind: InteractionKind; when: string; notes: string };

export const DRAFT_DEBOUNCE_MS = 300;
const PICKER_DEBOUNCE_MS = 60;
const PICKER_LIMIT = 8;

/** Reads a stored draft, tolerating anything malformed (an older or foreign shape) as no draft. */
export function parseDraft(json: string | null): Draft | null {
  if (!json) return null;
  try {
    const d = JSON.parse(json) as Partial<Draft>;
    if (typeof d !== "object" || d === null) return null;
    return {
      contact_id: typeof d.contact_id === "string" && d.contact_id ? d.contact_id : null,
      kind: KINDS.some((k) => k.value === d.kind) ? (d.kind as InteractionKind) : "note",
      when: typeof d.when === "string" ? d.when : "",
      notes: typeof d.notes === "string" ? d.notes : "",
    };
  } catch {
    return null;
  }
}

type Prefill = { id: string; name: string };

/**
 * The global "log an interaction" form. Whatever is typed is saved to the database file as a
 * draft ~300 ms after the last keystroke, so a crash or a closed window loses nothing; opening
 * the form brings the draft back, and saving clears it.
 */
export class QuickLog {
  open = $state(false);
  contactId = $state<string | null>(null);
  contactName = $state("");
  /** What is typed in the contact picker. */
  query = $state("");
  options = $state<ContactRow[]>([]);
  optionIndex = $state(0);
  pickerOpen = $state(false);
  kind = $state<InteractionKind>("note");
  when = $state("");
  notes = $state("");
  error = $state<string | null>(null);
  contactError = $state<string | null>(null);
  saving = $state(false);
  /** Opened from a contact's page while a draft for someone else was waiting. */
  displaced = $state<Prefill | null>(null);
  /** The contact whose page is shown: Ctrl+L there logs for them. */
  context: Prefill | null = null;

  #pickerGeneration = 0;
  #writeDraft = debounce(() => {
    commands.draft_set(JSON.stringify(this.draft())).catch((e) => (this.error = errorMessage(e)));
  }, DRAFT_DEBOUNCE_MS);
  #search = debounce((text: string) => void this.#fetchOptions(text), PICKER_DEBOUNCE_MS);

  draft(): Draft {
    return { contact_id: this.contactId, kind: this.kind, when: this.when, notes: this.notes };
  }

  async show(prefill?: Prefill, now = new Date()): Promise<void> {
    this.#reset(now);
    this.open = true;
    let draft: Draft | null = null;
    try {
      draft = parseDraft(await commands.draft_get());
    } catch (e) {
      this.error = errorMessage(e);
    }
    const draftForSomeoneElse =
      prefill && draft?.contact_id && draft.contact_id !== prefill.id && draft.notes.trim() !== "";
    if (draft && (!prefill || !draftForSomeoneElse)) {
      this.kind = draft.kind;
      this.when = draft.when || this.when;
      this.notes = draft.notes;
    }
    if (prefill && !draftForSomeoneElse) {
      this.#setContact(prefill.id, prefill.name);
    } else if (draft?.contact_id) {
      // The draft keeps the id only; look the name up (the contact may be gone since).
      try {
        const detail = await commands.contact_get(draft.contact_id);
        this.#setContact(detail.contact.id, detail.contact.name);
        if (draftForSomeoneElse && prefill) {
          this.kind = draft.kind;
          this.when = draft.when || this.when;
          this.notes = draft.notes;
          this.displaced = prefill;
        }
      } catch {
        if (prefill) this.#setContact(prefill.id, prefill.name);
      }
    }
  }

  /** Drops the waiting draft and starts the note for the contact the form was opened for. */
  startOver(now = new Date()): void {
    const prefill = this.displaced;
    if (!prefill) return;
    this.#reset(now);
    this.#setContact(prefill.id, prefill.name);
    this.changed();
  }

  close(): void {
    this.#writeDraft.flush();
    this.#search.cancel();
    this.open = false;
  }

  /** Every edit of the form calls this: the draft is written shortly after the last one. */
  changed(): void {
    this.error = null;
    this.#writeDraft();
  }

  typeContact(text: string): void {
    this.query = text;
    this.contactError = null;
    if (this.contactId && text !== this.contactName) {
      this.contactId = null;
      this.changed();
    }
    this.pickerOpen = text.trim() !== "";
    if (this.pickerOpen) this.#search(text);
    else this.options = [];
  }

  moveOption(delta: number): void {
    if (this.options.length === 0) return;
    this.optionIndex = (this.optionIndex + delta + this.options.length) % this.options.length;
  }

  pick(row: ContactRow | undefined = this.options[this.optionIndex]): void {
    if (!row) return;
    this.#setContact(row.id, row.name);
    this.changed();
  }

  async save(): Promise<Interaction | null> {
    if (this.saving) return null;
    if (!this.contactId) {
      this.contactError = "Choose who this was with.";
      return null;
    }
    const occurredAt = fromLocalInput(this.when);
    if (!occurredAt) {
      this.error = "Pick when it happened.";
      return null;
    }
    this.saving = true;
    try {
      const interaction = await commands.interaction_create({
        contact_id: this.contactId,
        kind: this.kind,
        occurred_at: occurredAt,
        notes: this.notes.trim(),
      });
      // A pending draft write must not bring the note back after it was saved.
      this.#writeDraft.cancel();
      await commands.draft_set(null);
      this.open = false;
      this.#reset(new Date());
      return interaction;
    } catch (e) {
      this.error = errorMessage(e);
      return null;
    } finally {
      this.saving = false;
    }
  }

  async #fetchOptions(text: string): Promise<void> {
    const generation = ++this.#pickerGeneration;
    try {
      const page = await commands.contact_list({
        search: text.trim() || null,
        tag: null,
        status: null,
        vip: false,
        industry: null,
        sort: "name",
        offset: 0,
        limit: PICKER_LIMIT,
      });
      if (generation !== this.#pickerGeneration) return;
      this.options = page.rows;
      this.optionIndex = 0;
    } catch (e) {
      if (generation === this.#pickerGeneration) this.contactError = errorMessage(e);
    }
  }

  #setContact(id: string, name: string) {
    this.contactId = id;
    this.contactName = name;
    this.query = name;
    this.options = [];
    this.pickerOpen = false;
    this.contactError = null;
  }

  #reset(now: Date) {
    this.#writeDraft.cancel();
    this.#search.cancel();
    this.#pickerGeneration++;
    this.contactId = null;
    this.contactName = "";
    this.query = "";
    this.options = [];
    this.optionIndex = 0;
    this.pickerOpen = false;
    this.kind = "note";
    this.when = toLocalInput(now);
    this.notes = "";
    this.error = null;
    this.contactError = null;
    this.displaced = null;
  }
}

export const quickLog = new QuickLog();
