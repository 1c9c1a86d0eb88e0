import {
  commands,
  type Contact,
  type ContactChanges,
  type ContactDetail,
  type FollowUp,
  type Interaction,
  type InteractionChanges,
} from "$lib/bindings";
import { isFiltered, NO_FILTER, toQuery, type TimelineFilter } from "$lib/interactions/timeline";
import { errorMessage } from "$lib/shared/errors";
import { toasts } from "$lib/shared/toast.svelte";

/**
 * One contact's page: the record, its timeline, follow-ups, history and conflicts. Every edit
 * sends only what changed and takes the contact the Rust side returns as the truth.
 */
export class ContactDetailState {
  id = $state<string | null>(null);
  detail = $state<ContactDetail | null>(null);
  loading = $state(false);
  /** Why the contact could not be shown (unknown id, deleted). */
  error = $state<string | null>(null);
  #generation = 0;
  /** The timeline's filter bar, and what it found (null while no filter is set). */
  filter = $state<TimelineFilter>({ ...NO_FILTER });
  filtered = $state<Interaction[] | null>(null);
  filterError = $state<string | null>(null);
  #filterGeneration = 0;

  get contact(): Contact | null {
    return this.detail?.contact ?? null;
  }

  /** Interactions newest first (those the filter found, while one is set). */
  get timeline(): Interaction[] {
    const list = this.filtered ?? this.detail?.interactions ?? [];
    return [...list].filter((i) => !i.deleted_at).sort((a, b) => b.occurred_at.localeCompare(a.occurred_at));
  }

  /** Open follow-ups by due time, then the finished ones most recent first. */
  get followUps(): FollowUp[] {
    const list = (this.detail?.follow_ups ?? []).filter((f) => !f.deleted_at);
    const open = list.filter((f) => f.status === "open").sort((a, b) => effectiveDue(a).localeCompare(effectiveDue(b)));
    const closed = list
      .filter((f) => f.status !== "open")
      .sort((a, b) => (b.completed_at ?? b.updated_at).localeCompare(a.completed_at ?? a.updated_at));
    return [...open, ...closed];
  }

  async load(id: string): Promise<void> {
    const generation = ++this.#generation;
    if (id !== this.id) {
      this.id = id;
      this.detail = null;
      this.loading = true;
      this.filter = { ...NO_FILTER };
      this.filtered = null;
      this.filterError = null;
    }
    try {
      const detail = await commands.contact_get(id);
      if (generation !== this.#generation) return;
      this.detail = detail;
      this.error = null;
    } catch (e) {
      if (generation !== this.#generation) return;
      this.error = errorMessage(e);
      this.detail = null;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  async refresh(): Promise<void> {
    if (!this.id) return;
    await this.load(this.id);
    if (this.filtered) await this.applyFilter(this.filter);
  }

  /** Saves an edit; returns the message to show beside the field, or null when it was saved. */
  async update(changes: ContactChanges): Promise<string | null> {
    const id = this.id;
    if (!id || !this.detail) return "The contact is not loaded yet.";
    try {
      const contact = await commands.contact_update({ id, changes });
      if (this.detail && this.id === id) this.detail.contact = contact;
      return null;
    } catch (e) {
      return errorMessage(e);
    }
  }

  async addTags(raw: string): Promise<string | null> {
    const tags = splitTags(raw).filter((t) => !this.contact?.tags.includes(t));
    if (tags.length === 0) return null;
    return this.update({ add_tags: tags });
  }

  removeTag(tag: string): Promise<string | null> {
    return this.update({ remove_tags: [tag] });
  }

  /** Resolves a conflict by keeping one of the values the devices wrote. */
  async keep(field: string, value: string): Promise<void> {
    const id = this.id;
    if (!id) return;
    try {
      const contact = await commands.contact_keep_value({ id, field, value });
      if (this.detail && this.id === id) {
        this.detail.contact = contact;
        this.detail.conflicts = this.detail.conflicts.filter((c) => c.field !== field);
      }
      toasts.show(`Kept “${value}” for ${field}`, "success");
      await this.refresh();
    } catch (e) {
      toasts.error(e);
    }
  }

  /** Deletes this contact; returns true when it went (the toast offers Undo). */
  async remove(): Promise<boolean> {
    const id = this.id;
    const name = this.contact?.name;
    if (!id) return false;
    try {
      await commands.contacts_delete([id]);
      toasts.deleted(1, "contact", () => commands.contacts_restore([id]), name);
      return true;
    } catch (e) {
      toasts.error(e);
      return false;
    }
  }

  /** Runs the timeline's filter (the query covers the whole timeline, not only what is loaded). */
  async applyFilter(filter: TimelineFilter): Promise<void> {
    this.filter = { ...filter };
    const id = this.id;
    const generation = ++this.#filterGeneration;
    if (!id || !isFiltered(filter)) {
      this.filtered = null;
      this.filterError = null;
      return;
    }
    const query = toQuery(id, filter);
    if (typeof query === "string") {
      this.filterError = query;
      return;
    }
    try {
      const found = await commands.interaction_list(query);
      if (generation !== this.#filterGeneration) return;
      this.filtered = found;
      this.filterError = null;
    } catch (e) {
      if (generation === this.#filterGeneration) this.filterError = errorMessage(e);
    }
  }

  /** Saves an edit to an interaction; returns the message to show, or null when it was saved. */
  async updateInteraction(interaction: Interaction, changes: InteractionChanges): Promise<string | null> {
    try {
      const saved = await commands.interaction_update({ id: interaction.id, changes });
      for (const list of [this.detail?.interactions, this.filtered]) {
        const at = list?.findIndex((i) => i.id === saved.id) ?? -1;
        if (list && at >= 0) list[at] = saved;
      }
      void this.refresh();
      return null;
    } catch (e) {
      return errorMessage(e);
    }
  }

  async removeInteraction(interaction: Interaction): Promise<void> {
    try {
      await commands.interaction_delete(interaction.id);
      if (this.detail) {
        this.detail.interactions = this.detail.interactions.filter((i) => i.id !== interaction.id);
      }
      if (this.filtered) this.filtered = this.filtered.filter((i) => i.id !== interaction.id);
      toasts.deleted(1, "interaction", async () => {
        await commands.interaction_restore(interaction.id);
        await this.refresh();
      });
    } catch (e) {
      toasts.error(e);
    }
  }

  /** Puts a follow-up the Rust side returned in place of the old one. */
  replaceFollowUp(followUp: FollowUp): void {
    if (!this.detail) return;
    const list = this.detail.follow_ups;
    const at = list.findIndex((f) => f.id === followUp.id);
    if (at >= 0) list[at] = followUp;
    else list.push(followUp);
  }

  dropFollowUp(id: string): void {
    if (this.detail) this.detail.follow_ups = this.detail.follow_ups.filter((f) => f.id !== id);
  }
}

export function effectiveDue(f: FollowUp): string {
  return f.snoozed_until && f.snoozed_until > f.due_at ? f.snoozed_until : f.due_at;
}

/** "vip, investor  ,  golf" → ["vip", "investor", "golf"]. */
export function splitTags(raw: string): string[] {
  const seen = new Set<string>();
  for (const part of raw.split(",")) {
    const tag = part.trim();
    if (tag) seen.add(tag);
  }
  return [...seen];
}
