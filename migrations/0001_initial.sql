-- Kith's local database, version 1.
--
-- Truth lives in `docs` and `changes` (Automerge); every other table is a projection that
-- `kith rebuild` can drop and recompute. Connection pragmas (WAL, foreign keys, busy timeout)
-- are set by the code that opens the file, not here.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- One row per Automerge document: a compacted snapshot so loading never replays history.
CREATE TABLE docs (
    id         TEXT PRIMARY KEY,
    kind       TEXT,                 -- contact | interaction | follow_up; NULL until known
    snapshot   BLOB NOT NULL,
    heads      TEXT NOT NULL,        -- comma-separated hex change hashes
    updated_at INTEGER NOT NULL
) STRICT;

-- Every Automerge change ever seen, local or remote, once.
CREATE TABLE changes (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id  TEXT NOT NULL,
    hash    TEXT NOT NULL UNIQUE,
    actor   TEXT NOT NULL,
    at      INTEGER NOT NULL,        -- the change's own timestamp, UTC milliseconds
    message TEXT,                    -- which fields the change touched, as written by its author
    local   INTEGER NOT NULL,        -- 1 when written through this file
    pushed  INTEGER NOT NULL,        -- 0 while the sync server has not acknowledged it
    applied INTEGER NOT NULL,        -- 0 while its dependencies have not arrived
    bytes   BLOB NOT NULL
) STRICT;
CREATE INDEX changes_doc ON changes(doc_id, seq);
CREATE INDEX changes_outbox ON changes(seq) WHERE local = 1 AND pushed = 0;
CREATE INDEX changes_pending ON changes(doc_id) WHERE applied = 0;

-- Projection: contacts.
CREATE TABLE contacts (
    pk                 INTEGER PRIMARY KEY,
    id                 TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL,
    company            TEXT,
    status             TEXT NOT NULL,
    vip                INTEGER NOT NULL,
    industry           TEXT,
    birthday           TEXT,            -- YYYY-MM-DD or --MM-DD
    birthday_md        INTEGER,         -- month * 100 + day, for upcoming-birthday lookups
    keep_in_touch_days INTEGER,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    deleted_at         INTEGER,
    last_contacted_at  INTEGER,         -- derived from interactions
    record             TEXT NOT NULL    -- the whole contact as JSON, for show and export
) STRICT;
CREATE INDEX contacts_name ON contacts(name COLLATE NOCASE) WHERE deleted_at IS NULL;
CREATE INDEX contacts_vip ON contacts(name COLLATE NOCASE) WHERE vip = 1 AND deleted_at IS NULL;
CREATE INDEX contacts_birthday ON contacts(birthday_md) WHERE birthday_md IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX contacts_cadence ON contacts(keep_in_touch_days)
    WHERE keep_in_touch_days IS NOT NULL AND deleted_at IS NULL;

CREATE TABLE contact_emails (
    contact_pk INTEGER NOT NULL REFERENCES contacts(pk) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    label      TEXT NOT NULL,
    email      TEXT NOT NULL,
    email_key  TEXT NOT NULL,            -- lower-cased, for matching
    PRIMARY KEY (contact_pk, position)
) STRICT;
CREATE INDEX contact_emails_key ON contact_emails(email_key);

CREATE TABLE contact_phones (
    contact_pk INTEGER NOT NULL REFERENCES contacts(pk) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    label      TEXT NOT NULL,
    phone      TEXT NOT NULL,            -- as the user typed it
    e164       TEXT,                     -- normalised, when it could be
    PRIMARY KEY (contact_pk, position)
) STRICT;
CREATE INDEX contact_phones_e164 ON contact_phones(e164) WHERE e164 IS NOT NULL;

CREATE TABLE contact_tags (
    contact_pk INTEGER NOT NULL REFERENCES contacts(pk) ON DELETE CASCADE,
    tag        TEXT NOT NULL,
    PRIMARY KEY (contact_pk, tag)
) STRICT;
CREATE INDEX contact_tags_tag ON contact_tags(tag);

-- Projection: interactions. No foreign key to contacts: sync may deliver an interaction before
-- the contact it belongs to.
CREATE TABLE interactions (
    pk          INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    contact_id  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    deleted_at  INTEGER,
    record      TEXT NOT NULL
) STRICT;
CREATE INDEX interactions_contact ON interactions(contact_id, occurred_at) WHERE deleted_at IS NULL;
CREATE INDEX interactions_recent ON interactions(occurred_at) WHERE deleted_at IS NULL;

-- Projection: follow-ups.
CREATE TABLE follow_ups (
    pk           INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    contact_id   TEXT NOT NULL,
    status       TEXT NOT NULL,
    due_at       INTEGER NOT NULL,
    effective_at INTEGER NOT NULL,       -- snoozed_until when snoozed later than due_at
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    deleted_at   INTEGER,
    record       TEXT NOT NULL
) STRICT;
CREATE INDEX follow_ups_open ON follow_ups(effective_at) WHERE status = 'open' AND deleted_at IS NULL;
CREATE INDEX follow_ups_contact ON follow_ups(contact_id);

-- Full-text search. Contentless (the text lives in the projection) with prefix indexes so
-- search-as-you-type on one to three letters is a single index lookup.
CREATE VIRTUAL TABLE contacts_fts USING fts5(
    name, company, emails, phones, tags,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);
CREATE VIRTUAL TABLE interactions_fts USING fts5(
    notes,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);
