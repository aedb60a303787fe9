-- Appends one audit event in a single round trip: takes the chain's lock, reads the chain's head and inserts the
-- next event with hash = SHA-256(prev_hash ‖ '\n' ‖ canonical content), the content given without its last
-- field — "seq", which sorts last among the event's keys — because only the head knows it. The lock is held
-- until the caller's transaction ends; every act in the city queues on it, so its holder must not wait on the
-- application between reading the head and inserting (the three statements this replaces did, for milliseconds
-- under load). The reads see the previous holder's event because a VOLATILE function takes a fresh snapshot for
-- each query it runs, after the lock is granted. server/platform/audit/audit.ts computes the same hash to verify.
CREATE OR REPLACE FUNCTION audit_append(
  lock_key bigint, p_id uuid, p_occurred_at timestamptz, p_actor_user_id uuid, p_actor_username text, p_acting_role text,
  p_scope text, p_action text, p_entity_type text, p_entity_id text, p_outcome text, p_changes jsonb, p_detail jsonb,
  p_request_id text, p_ip text, p_content_without_seq text
) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  head_seq bigint;
  head_hash text;
  next_seq bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(lock_key);
  SELECT e.seq, e.hash INTO head_seq, head_hash FROM audit_events e ORDER BY e.seq DESC LIMIT 1;
  next_seq := coalesce(head_seq, 0) + 1;
  head_hash := coalesce(head_hash, repeat('0', 64));
  INSERT INTO audit_events (seq, id, occurred_at, actor_user_id, actor_username, acting_role, scope, action, entity_type, entity_id, outcome, changes, detail, request_id, ip, prev_hash, hash)
  VALUES (next_seq, p_id, p_occurred_at, p_actor_user_id, p_actor_username, p_acting_role, p_scope, p_action, p_entity_type, p_entity_id, p_outcome, p_changes, p_detail, p_request_id, p_ip,
          head_hash, encode(sha256(convert_to(head_hash || E'\n' || p_content_without_seq || next_seq::text || '}', 'UTF8')), 'hex'));
  RETURN next_seq;
END;
$$;
