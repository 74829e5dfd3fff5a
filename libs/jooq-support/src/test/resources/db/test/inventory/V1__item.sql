CREATE TABLE item (
    item_id uuid PRIMARY KEY,
    name    text NOT NULL
);
