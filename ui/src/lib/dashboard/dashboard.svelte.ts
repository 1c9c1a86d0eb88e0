import { commands, type Count, type Dashboard, type DueFollowUp, type FollowUp } from "$lib/bindings";
import { STATUSES } from "$lib/contacts/fields";
import { errorMessage } from "$lib/shared/errors";

export type StatusBar = { name: string; count: number; fraction: number };

/** The status chart's bars: the three known statuses first (zero when absent), then any other. */
export function statusBars(statuses: Count[]): StatusBar[] {
  const known = STATUSES.map((name) => ({ name, count: statuses.find((s) => s.name === name)?.count ?? 0 }));
  const others = statuses.filter((s) => !(STATUSES as readonly string[]).includes(s.name));
  const all = [...known, ...others];
  const max = Math.max(1, ...all.map((b) => b.count));
  return all.map((b) => ({ ...b, fraction: b.count / max }));
}

/**
 * The dashboard: what is due, who to reach out to, birthdays, recent interactions, VIPs and the
 * status chart. A follow-up marked done or snoozed leaves its list at once; the refresh that
 * the change event triggers brings in anything new (a repeat's next occurrence).
 */
export class DashboardState {
  data = $state<Dashboard | null>(null);
  statuses = $state<Count[] | null>(null);
  error = $state<string | null>(null);
  loading = $state(true);

  async load(): Promise<void> {
    try {
      const [data, facets] = await Promise.all([commands.dashboard(), commands.contact_facets()]);
      this.data = data;
      this.statuses = facets.statuses;
      this.error = null;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }

  /** After Done or Snooze: the follow-up is no longer due now, so it leaves both lists. */
  settled(f: FollowUp): void {
    if (!this.data) return;
    const keep = (d: DueFollowUp) => d.id !== f.id;
    this.data.overdue = this.data.overdue.filter(keep);
    this.data.due_today = this.data.due_today.filter(keep);
  }

  get empty(): boolean {
    const d = this.data;
    return (
      !!d &&
      d.overdue.length === 0 &&
      d.due_today.length === 0 &&
      d.reach_out.length === 0 &&
      d.birthdays.length === 0 &&
      d.recent_interactions.length === 0 &&
      d.vips.length === 0
    );
  }
}
