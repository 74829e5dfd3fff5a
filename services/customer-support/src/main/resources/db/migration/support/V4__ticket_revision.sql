-- A ticket's etag names its revision: the number of changes of its own fields (subject,
-- description, priority, tags, status, assignee, resolution, billable minutes). `version` keeps
-- counting every event (comments and SLA breaches too) and orders the published events. Existing
-- tickets start from their version, so no etag a client holds becomes valid for other content.
ALTER TABLE ticket ADD COLUMN revision bigint;
UPDATE ticket SET revision = version;
ALTER TABLE ticket ALTER COLUMN revision SET NOT NULL;
ALTER TABLE ticket ADD CONSTRAINT ticket_revision_within_version
    CHECK (revision >= 1 AND revision <= version);
