-- Version 8: a contact's emails, phones, tags and import keys as one B-tree entry each.
--
-- These tables exist to find contacts by a value (an import matching an email, a phone or a
-- row it has seen; the tag filter and its counts); the values themselves are in the contact's
-- record. With a rowid, a second index on the value and a foreign key checked on every insert,
-- each value cost three B-tree writes and a lookup of its contact, a third of an import's
-- B-tree work. Now each table is keyed (value, contact) without a rowid: one write per value.
-- The projection code keeps them in step with `contacts` (a contact row is only ever removed
-- by a rebuild, which empties these first), so the foreign keys go. Phones are kept by their
-- E.164 form, the only form matched on; one that could not be read stays in the record.
CREATE TABLE contact_emails_v8 (
    email_key  TEXT NOT NULL,            -- lower-cased, for matching
    contact_pk INTEGER NOT NULL,
    PRIMARY KEY (email_key, contact_pk)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO contact_emails_v8 SELECT email_key, contact_pk FROM contact_emails;
DROP TABLE contact_emails;
ALTER TABLE contact_emails_v8 RENAME TO contact_emails;

CREATE TABLE contact_phones_v8 (
    e164       TEXT NOT NULL,
    contact_pk INTEGER NOT NULL,
    PRIMARY KEY (e164, contact_pk)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO contact_phones_v8
    SELECT e164, contact_pk FROM contact_phones WHERE e164 IS NOT NULL;
DROP TABLE contact_phones;
ALTER TABLE contact_phones_v8 RENAME TO contact_phones;

CREATE TABLE contact_tags_v8 (
    tag        TEXT NOT NULL,
    contact_pk INTEGER NOT NULL,
    PRIMARY KEY (tag, contact_pk)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO contact_tags_v8 SELECT tag, contact_pk FROM contact_tags;
DROP TABLE contact_tags;
ALTER TABLE contact_tags_v8 RENAME TO contact_tags;

CREATE TABLE contact_import_keys_v8 (
    key        TEXT NOT NULL,
    contact_pk INTEGER NOT NULL,
    PRIMARY KEY (key, contact_pk)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO contact_import_keys_v8 SELECT key, contact_pk FROM contact_import_keys;
DROP TABLE contact_import_keys;
ALTER TABLE contact_import_keys_v8 RENAME TO contact_import_keys;
