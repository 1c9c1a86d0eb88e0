-- Version 2: indexes measured by kith-bench on 100k contacts.
--
-- Name-ordered lists break ties by id, so the index carries it and no sort is needed.
DROP INDEX contacts_name;
DROP INDEX contacts_vip;
CREATE INDEX contacts_name ON contacts(name COLLATE NOCASE, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_deleted_name ON contacts(name COLLATE NOCASE, id) WHERE deleted_at IS NOT NULL;
CREATE INDEX contacts_vip ON contacts(name COLLATE NOCASE, id) WHERE vip = 1 AND deleted_at IS NULL;

-- "Reach out to": the moment a contact's keep-in-touch cadence runs out, so the most overdue
-- come first from the index instead of from reading every contact with a cadence.
DROP INDEX contacts_cadence;
CREATE INDEX contacts_reach_out ON contacts(COALESCE(last_contacted_at, created_at) + keep_in_touch_days * 86400000)
    WHERE keep_in_touch_days IS NOT NULL AND deleted_at IS NULL AND status = 'active';
