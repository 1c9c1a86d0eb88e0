-- Version 3: which imported rows each contact came from.
--
-- A contact document keeps a set of fingerprints of the file rows merged into it, so importing
-- the same file again recognises every row, even a row with only a name (two people are never
-- merged on a name alone, so the name cannot be the key). Part of the projection.
CREATE TABLE contact_import_keys (
    contact_pk INTEGER NOT NULL REFERENCES contacts(pk) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    PRIMARY KEY (contact_pk, key)
) STRICT;
CREATE INDEX contact_import_keys_key ON contact_import_keys(key);
