-- The daily partitions of reading are created and dropped while the service runs
-- (ReadingPartitions): that is DDL, and the service's own login may only read and write rows.
-- These two functions run with the rights of their owner, the schema owner that runs the
-- migrations (SECURITY DEFINER), do exactly that and nothing else, and are what the service calls.
-- The search_path is pinned so that a caller cannot slip its own objects in.

CREATE FUNCTION reading_partition_create(day date) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  partition_name text := 'reading_p' || to_char(day, 'YYYYMMDD');
  day_start timestamptz := day::timestamp AT TIME ZONE 'UTC';
  day_end timestamptz := (day + 1)::timestamp AT TIME ZONE 'UTC';
BEGIN
  -- Serialises maintenance runs of several instances.
  PERFORM pg_advisory_xact_lock(hashtext('fieldops-telemetry-reading-partitions'));
  IF to_regclass(partition_name) IS NOT NULL THEN
    RETURN false;
  END IF;
  -- Readings of that day that arrived before their partition wait in the default partition: they
  -- move in the same transaction that attaches it, so nothing is lost and attaching never fails.
  LOCK TABLE reading_default IN ACCESS EXCLUSIVE MODE;
  EXECUTE format(
    'CREATE TABLE %I (LIKE reading INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)',
    partition_name);
  EXECUTE format(
    'WITH moved AS (DELETE FROM reading_default WHERE observe_time >= $1 AND observe_time < $2'
    ' RETURNING *) INSERT INTO %I SELECT * FROM moved', partition_name)
    USING day_start, day_end;
  EXECUTE format(
    'ALTER TABLE reading ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
    partition_name, day_start, day_end);
  RETURN true;
END
$$;

CREATE FUNCTION reading_partition_drop(day date) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('fieldops-telemetry-reading-partitions'));
  EXECUTE format('DROP TABLE IF EXISTS %I', 'reading_p' || to_char(day, 'YYYYMMDD'));
END
$$;
