import { commands, type Facets } from "$lib/bindings";
import { errorMessage } from "$lib/shared/errors";

/** Tag, industry and status counts for the filters and the dashboard chart. */
export class FacetsState {
  facets = $state<Facets | null>(null);
  error = $state<string | null>(null);

  async load(): Promise<void> {
    try {
      this.facets = await commands.contact_facets();
      this.error = null;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }
}
