-- "anomaly" on a window that did not alert (a missed anomaly): there is no alert to point at, so the
-- feedback keeps the window itself, for evaluating the model later.
ALTER TABLE feedback ADD COLUMN source VARCHAR(4096);
ALTER TABLE feedback ADD COLUMN first_line BIGINT;
ALTER TABLE feedback ADD COLUMN last_line BIGINT;
ALTER TABLE feedback ADD COLUMN sequence VARCHAR;

CREATE INDEX feedback_verdict_idx ON feedback (verdict, id);
