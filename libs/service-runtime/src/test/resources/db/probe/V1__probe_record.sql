create table probe_record (request_id uuid primary key, create_time timestamptz not null default now());
