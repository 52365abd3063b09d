-- Idempotency key of an alert: SHA-256 (64 hex characters) of the origin of the line the window ends at
-- (followed source, file device/inode/fingerprint, line number). A line read again after a crash yields
-- the same key, and the unique constraint stores its alert once. Uploads have none (NULL: both H2 and
-- PostgreSQL allow any number of NULLs under a unique constraint). Same SQL on H2 and PostgreSQL.
ALTER TABLE alert ADD COLUMN idempotency_key VARCHAR(64);
ALTER TABLE alert ADD CONSTRAINT alert_idempotency_key_uq UNIQUE (idempotency_key);
