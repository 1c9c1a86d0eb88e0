-- Version 7: the contacts screen's filter counts come from small indexes.
--
-- Counting live contacts by status and by industry, and the VIPs among them, read the whole
-- contacts table (records included) three times: most of a second on 100k contacts, holding the
-- window's database handle while its first page of contacts waited. These indexes hold just
-- the counted columns. The tag index gains the contact, so tags are counted from it alone.
CREATE INDEX contacts_status_vip ON contacts(status, vip) WHERE deleted_at IS NULL;
CREATE INDEX contacts_industry ON contacts(industry)
    WHERE deleted_at IS NULL AND industry IS NOT NULL AND industry <> '';
DROP INDEX contact_tags_tag;
CREATE INDEX contact_tags_tag ON contact_tags(tag, contact_pk);
