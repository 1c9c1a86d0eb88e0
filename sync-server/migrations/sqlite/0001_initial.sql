-- The sync server's SQLite schema, version 1. Never edit a shipped migration; add the next file.
CREATE TABLE accounts (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
) STRICT;

-- One workspace per account. last_seq is the newest change sequence number: the counter that
-- hands out 1, 2, 3, ... inside the push transaction.
CREATE TABLE workspaces (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL UNIQUE REFERENCES accounts (id),
    key_check  BLOB NOT NULL,
    last_seq   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE devices (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id),
    name         TEXT NOT NULL,
    token_hash   BLOB NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER,
    revoked_at   INTEGER
) STRICT;
CREATE INDEX devices_by_account ON devices (account_id);

CREATE TABLE changes (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    seq          INTEGER NOT NULL,
    id           BLOB NOT NULL,
    data         BLOB NOT NULL,
    size         INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    device_id    TEXT NOT NULL REFERENCES devices (id),
    PRIMARY KEY (workspace_id, seq),
    UNIQUE (workspace_id, id)
) STRICT, WITHOUT ROWID;
