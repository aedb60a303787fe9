-- Takes the audit chain's lock and reads the chain's head in one round trip. The read must see the event
-- committed by the previous holder of the lock: a VOLATILE function takes a fresh snapshot for each query it
-- runs, after the lock is granted (a plain `select lock, head` would read with the snapshot taken before).
CREATE OR REPLACE FUNCTION audit_chain_head(lock_key bigint) RETURNS TABLE (seq bigint, hash text) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(lock_key);
  RETURN QUERY SELECT e.seq, e.hash FROM audit_events e ORDER BY e.seq DESC LIMIT 1;
END;
$$;
