-- The sync server's PostgreSQL schema, version 1. Never edit a shipped migration; add the next file.
CREATE TABLE accounts (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);

-- One workspace per account. last_seq is the newest change sequence number: the counter that
-- hands out 1, 2, 3, ... while the push transaction holds the row lock.
CREATE TABLE workspaces (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL UNIQUE REFERENCES accounts (id),
    key_check  BYTEA NOT NULL,
    last_seq   BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE devices (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id),
    name         TEXT NOT NULL,
    token_hash   BYTEA NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX devices_by_account ON devices (account_id);

CREATE TABLE changes (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    seq          BIGINT NOT NULL,
    id           BYTEA NOT NULL,
    data         BYTEA NOT NULL,
    size         INTEGER NOT NULL,
    received_at  BIGINT NOT NULL,
    device_id    TEXT NOT NULL REFERENCES devices (id),
    PRIMARY KEY (workspace_id, seq),
    UNIQUE (workspace_id, id)
);
