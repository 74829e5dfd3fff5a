-- Needs an ACCESS EXCLUSIVE lock on item, which a reader's open transaction holds back.
ALTER TABLE item ADD COLUMN note text;
