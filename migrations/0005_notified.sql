-- Version 5: which reminders this device has already shown.
--
-- One row per occurrence (a follow-up at its due or snoozed moment, a keep-in-touch cadence
-- running out, a birthday), keyed as `kith_core::reminders` names them, so a restart or a
-- catch-up after sleep never shows the same one twice. Local to this file: not part of the
-- Automerge log and never synced, because "already shown" is a fact about this device.
CREATE TABLE notified (
    key TEXT PRIMARY KEY,
    at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
