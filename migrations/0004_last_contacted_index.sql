-- Version 4: the desktop app sorts the contact list by when each person was last contacted.
--
-- Without an index every page of that list sorts all live contacts; with it SQLite walks the
-- index (most recent first, never-contacted people after, by name) and stops at the page.
CREATE INDEX contacts_last_contacted ON contacts(last_contacted_at IS NULL, last_contacted_at DESC, name COLLATE NOCASE, id)
    WHERE deleted_at IS NULL;
