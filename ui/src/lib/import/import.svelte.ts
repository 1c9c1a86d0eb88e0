import {
  commands,
  EVENTS,
  type ColumnMap,
  type ImportFormat,
  type ImportPreview,
  type ImportProgress,
  type ImportReport,
  type ImportRequest,
  type PreviewColumns,
} from "$lib/bindings";
import { debounce } from "$lib/shared/debounce";
import { errorMessage } from "$lib/shared/errors";
import { onEvent } from "$lib/shared/events";
import { columnName, forScreen, namesPerson } from "./columns";

export const FORMAT_LABELS: Record<ImportFormat, string> = {
  csv: "CSV",
  google: "Google Contacts",
  outlook: "Outlook",
  linkedin: "LinkedIn connections",
  propertyradar: "PropertyRadar",
  vcard: "vCard",
};
export const FORMATS = Object.keys(FORMAT_LABELS) as ImportFormat[];

/** How long the preview waits after the last change to the column map before reading again. */
export const LIVE_PREVIEW_MS = 300;

/** The share of the file read so far, 0–1; null when the size is unknown. */
export function progressFraction(p: ImportProgress | null): number | null {
  if (!p || p.total_bytes <= 0) return null;
  return Math.min(1, p.bytes_read / p.total_bytes);
}

/**
 * The import screen: choose a file, preview how Kith reads it (and, for CSV files, change what
 * each column is read as), then a dry run or the real import with progress from
 * `kith://import-progress` and the report at the end.
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
  /** The file's first row and Kith's own reading of its columns (CSV-like files only). */
  guesses = $state<PreviewColumns | null>(null);
  /** The columns as the user named them; null until they change one, then sent with every request. */
  map = $state<ColumnMap | null>(null);
  /** Whether the mapping step is shown (it opens by itself when Kith cannot read the file as it is). */
  mapperOpen = $state(false);
  /** Why the last preview with the user's map failed. */
  mapError = $state<string | null>(null);

  /** Only the answer to the latest preview is shown. */
  #generation = 0;
  #livePreview = debounce(() => void this.runPreview(), LIVE_PREVIEW_MS);

  /** What each column is read as now: the user's names, else Kith's guesses. */
  get columns(): string[] {
    return this.map?.columns ?? this.guesses?.columns ?? [];
  }

  /** Whether the file's first row is read as a header now. */
  get header(): boolean {
    return this.map?.header ?? this.guesses?.header ?? true;
  }

  /** Whether some column tells Kith who each row is (a name, email or phone). */
  get namesSomeone(): boolean {
    return this.columns.some(namesPerson);
  }

  setPath(path: string): void {
    if (path === this.path) return;
    this.path = path;
    this.#forget();
  }

  setFormat(format: ImportFormat | null): void {
    if (format === this.format) return;
    this.format = format;
    this.#forget();
  }

  /** Drops everything read from the previous file or format. */
  #forget(): void {
    this.#livePreview.cancel();
    this.#generation++;
    this.previewing = false;
    this.preview = null;
    this.report = null;
    this.error = null;
    this.pathError = null;
    this.guesses = null;
    this.map = null;
    this.mapperOpen = false;
    this.mapError = null;
  }

  /** Reads column `i` as `name` (a meaning, `-` to skip it, or a custom field's name). */
  setColumn(i: number, name: string): void {
    const map = this.#ownMap();
    if (!map || i < 0 || i >= map.columns.length || map.columns[i] === name) return;
    map.columns[i] = name;
    this.#livePreview();
  }

  setHeader(header: boolean): void {
    const map = this.#ownMap();
    if (!map || map.header === header) return;
    map.header = header;
    this.#livePreview();
  }

  /** Back to Kith's own reading of the columns. */
  resetColumns(): void {
    if (!this.map) return;
    this.map = null;
    this.mapError = null;
    this.#livePreview.cancel();
    void this.runPreview();
  }

  /** The user's map, started from Kith's guesses on the first change. */
  #ownMap(): ColumnMap | null {
    if (!this.map && this.guesses) this.map = { columns: [...this.guesses.columns], header: this.guesses.header };
    return this.map;
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
    // A custom field left without a name keeps Kith's name for an unnamed column.
    const columns = this.map
      ? { columns: this.map.columns.map((c, i) => c.trim() || columnName(i)), header: this.map.header }
      : null;
    return { path, format: this.format, columns, dry_run };
  }

  async runPreview(): Promise<void> {
    const request = this.#request(true);
    if (!request) return;
    this.#livePreview.cancel();
    const generation = ++this.#generation;
    this.previewing = true;
    this.error = null;
    try {
      const preview = await commands.import_preview(request);
      if (generation !== this.#generation) return;
      this.preview = preview;
      this.mapError = null;
      if (!request.columns) this.guesses = preview.columns;
      if (preview.refused) this.mapperOpen = true;
    } catch (e) {
      if (generation !== this.#generation) return;
      this.preview = null;
      if (request.columns) this.mapError = forScreen(errorMessage(e));
      else this.error = errorMessage(e);
    } finally {
      if (generation === this.#generation) this.previewing = false;
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
      this.error = request.columns ? forScreen(errorMessage(e)) : errorMessage(e);
      return null;
    } finally {
      stop();
      this.running = null;
    }
  }
}
