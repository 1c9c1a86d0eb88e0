-- Version 6: a document whose whole history is its first change keeps no separate snapshot.
--
-- Most documents (every imported contact, every record a new device receives) never change
-- after they are made, and Automerge loads a change chunk as a document, so their snapshot was
-- a second copy of the change already in `changes`: a fifth of the file after a large import.
-- From this version `docs.snapshot` is empty (x'') for such a document, and readers load the
-- document's first change instead. No rows change here; the version number stops an older
-- Kith, which would read the empty snapshot as an empty document, from opening the file.
SELECT 1;
