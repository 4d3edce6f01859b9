-- Channel updates claimed for processing (Telegram update ids), so each one has its effect once across redeliveries,
-- restarts and instances. Times are Unix milliseconds so stale claims compare as numbers.
CREATE TABLE processed_updates (
    source          TEXT NOT NULL,
    update_id       INTEGER NOT NULL,
    conversation_id TEXT,
    payload         TEXT NOT NULL,
    claimed_at_ms   INTEGER NOT NULL,
    completed_at_ms INTEGER,
    PRIMARY KEY (source, update_id)
) WITHOUT ROWID;
CREATE INDEX ix_processed_updates_open ON processed_updates (source, claimed_at_ms) WHERE completed_at_ms IS NULL;
CREATE INDEX ix_processed_updates_done ON processed_updates (completed_at_ms) WHERE completed_at_ms IS NOT NULL;
