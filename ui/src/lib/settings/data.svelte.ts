import { commands, type ExportFormat, type RebuildReport } from "$lib/bindings";
import { errorMessage } from "$lib/shared/errors";

export const EXPORT_FORMATS: ReadonlyArray<{ value: ExportFormat; label: string }> = [
  { value: "json", label: "JSON (everything, with interactions and follow-ups)" },
  { value: "csv", label: "CSV (Kith's columns; imports back without loss)" },
  { value: "vcard", label: "vCard 4.0 (for address books)" },
];

/** A backup file name next to the database: `/data/kith.db` → `/data/kith-backup-2026-11-21.db`. */
export function suggestBackupPath(dbPath: string, now = new Date()): string {
  const sep = dbPath.includes("\\") && !dbPath.includes("/") ? "\\" : "/";
  const cut = dbPath.lastIndexOf(sep);
  const dir = cut >= 0 ? dbPath.slice(0, cut + 1) : "";
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  return `${dir}kith-backup-${day}.db`;
}

type Outcome = { ok: boolean; message: string } | null;

/** Export, backup and rebuild: each runs one command and keeps its outcome to show beside it. */
export class DataTools {
  exportFormat = $state<ExportFormat>("json");
  exporting = $state(false);
  exportOutcome = $state<Outcome>(null);

  backupPath = $state("");
  backingUp = $state(false);
  backupOutcome = $state<Outcome>(null);

  rebuilding = $state(false);
  rebuildOutcome = $state<Outcome>(null);
  rebuildReport = $state<RebuildReport | null>(null);

  /** Asks where to write (native dialog), then writes; a cancelled dialog does nothing. */
  async runExport(): Promise<void> {
    this.exporting = true;
    this.exportOutcome = null;
    try {
      const path = await commands.export_pick_file(this.exportFormat);
      if (!path) return;
      const n = await commands.export_to({ path, format: this.exportFormat });
      this.exportOutcome = { ok: true, message: `Exported ${n} ${n === 1 ? "contact" : "contacts"} to ${path}` };
    } catch (e) {
      this.exportOutcome = { ok: false, message: errorMessage(e) };
    } finally {
      this.exporting = false;
    }
  }

  async runBackup(): Promise<void> {
    const path = this.backupPath.trim();
    if (!path) {
      this.backupOutcome = { ok: false, message: "Enter the file to write the backup to." };
      return;
    }
    this.backingUp = true;
    this.backupOutcome = null;
    try {
      await commands.backup_to(path);
      this.backupOutcome = { ok: true, message: `Backed up to ${path}` };
    } catch (e) {
      this.backupOutcome = { ok: false, message: errorMessage(e) };
    } finally {
      this.backingUp = false;
    }
  }

  async runRebuild(): Promise<void> {
    this.rebuilding = true;
    this.rebuildOutcome = null;
    try {
      const report = await commands.rebuild();
      this.rebuildReport = report;
      this.rebuildOutcome = {
        ok: true,
        message: report.matched
          ? `Rebuilt ${report.documents} records; the index matched the change log.`
          : `Rebuilt ${report.documents} records; the index had drifted and has been repaired.`,
      };
    } catch (e) {
      this.rebuildOutcome = { ok: false, message: errorMessage(e) };
    } finally {
      this.rebuilding = false;
    }
  }
}
