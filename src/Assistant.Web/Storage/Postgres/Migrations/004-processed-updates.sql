-- processed channel updates
-- Channel updates claimed for processing (Telegram update ids): the primary key lets exactly one instance claim an
-- id. Times are Unix milliseconds, as in SQLite, so stale claims compare as numbers.
CREATE TABLE processed_updates (
    source          text NOT NULL,
    update_id       bigint NOT NULL,
    conversation_id text,
    payload         text NOT NULL,
    claimed_at_ms   bigint NOT NULL,
    completed_at_ms bigint,
    CONSTRAINT processed_updates_once PRIMARY KEY (source, update_id)
);
CREATE INDEX ix_processed_updates_open ON processed_updates (source, claimed_at_ms) WHERE completed_at_ms IS NULL;
CREATE INDEX ix_processed_updates_done ON processed_updates (completed_at_ms) WHERE completed_at_ms IS NOT NULL;
