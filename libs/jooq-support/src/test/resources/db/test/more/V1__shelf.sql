CREATE TABLE shelf (shelf_id uuid PRIMARY KEY, label text NOT NULL);
