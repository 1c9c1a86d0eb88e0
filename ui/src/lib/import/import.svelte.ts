import {
  commands,
  EVENTS,
  type ImportFormat,
  type ImportPreview,
  type ImportProgress,
  type ImportReport,
  type ImportRequest,
} from "$lib/bindings";
import { errorMessage } from "$lib/shared/errors";
import { onEvent } from "$lib/shared/events";

export const FORMAT_LABELS: Record<ImportFormat, string> = {
  csv: "CSV",
  google: "Google Contacts",
  outlook: "Outlook",
  linkedin: "LinkedIn connections",
  propertyradar: "PropertyRadar",
  vcard: "vCard",
};
export const FORMATS = Object.keys(FORMAT_LABELS) as ImportFormat[];

/** The share of the file read so far, 0–1; null when the size is unknown. */
export function progressFraction(p: ImportProgress | null): number | null {
  if (!p || p.total_bytes <= 0) return null;
  return Math.min(1, p.bytes_read / p.total_bytes);
}

/**
 * The import screen: choose a file, preview how Kith reads it, then a dry run or the real
 * import with progress from `kith://import-progress` and the report at the end.
 */
export class ImportState {
  path = $state("");
  /** null = let Kith detect the format. */
  format = $state<ImportFormat | null>(null);
  preview = $state<ImportPreview | null>(null);
  previewing = $state(false);
  running = $state<"dry" | "real" | null>(null);
  progress = $state<ImportProgress | null>(null);
  report = $state<ImportReport | null>(null);
  /** Whether `report` came from a dry run (nothing was written). */
  reportWasDry = $state(false);
  error = $state<string | null>(null);
  pathError = $state<string | null>(null);

  setPath(path: string): void {
    if (path === this.path) return;
    this.path = path;
    this.preview = null;
    this.report = null;
    this.error = null;
    this.pathError = null;
  }

  async browse(): Promise<void> {
    try {
      const picked = await commands.import_pick_file();
      if (picked) {
        this.setPath(picked);
        await this.runPreview();
      }
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  #request(dry_run: boolean): ImportRequest | null {
    const path = this.path.trim();
    if (!path) {
      this.pathError = "Choose a file to import, or type its path.";
      return null;
    }
    this.pathError = null;
    return { path, format: this.format, dry_run };
  }

  async runPreview(): Promise<void> {
    const request = this.#request(true);
    if (!request) return;
    this.previewing = true;
    this.error = null;
    try {
      this.preview = await commands.import_preview(request);
    } catch (e) {
      this.preview = null;
      this.error = errorMessage(e);
    } finally {
      this.previewing = false;
    }
  }

  async run(dry: boolean): Promise<ImportReport | null> {
    const request = this.#request(dry);
    if (!request || this.running) return null;
    this.running = dry ? "dry" : "real";
    this.progress = null;
    this.report = null;
    this.error = null;
    const stop = onEvent<ImportProgress>(EVENTS.importProgress, (p) => (this.progress = p));
    try {
      const report = await commands.import_run(request);
      this.report = report;
      this.reportWasDry = dry;
      return report;
    } catch (e) {
      this.error = errorMessage(e);
      return null;
    } finally {
      stop();
      this.running = null;
    }
  }
}
