-- Version 9: search entries are taken out by the text they were made from.
--
-- With `contentless_delete = 1` a delete left a tombstone in the index, and once a tenth of a
-- level's entries were tombstones FTS5 rewrote the whole level: two devices converging after
-- 10,000 edits to 100,000 contacts spent a second and a half rewriting the index. A plain
-- contentless index instead takes an entry out with FTS5's 'delete' command and the entry's
-- text, which the projection has in each record, and deletions merge away like insertions.
--
-- The new tables start empty; opening the file fills them from the records in the same
-- transaction (`store::open`, after version 9), since the text of an entry is made in Rust.
DROP TABLE contacts_fts;
CREATE VIRTUAL TABLE contacts_fts USING fts5(
    name, company, emails, phones, tags,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);
DROP TABLE interactions_fts;
CREATE VIRTUAL TABLE interactions_fts USING fts5(
    notes,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);
