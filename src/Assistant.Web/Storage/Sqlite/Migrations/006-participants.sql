-- Which conversations belong to which participant, so their data can be shown and erased as a whole; unanswered
-- questions remember their conversation for the same reason.
CREATE TABLE participant_links (
    participant_key  TEXT NOT NULL,
    channel          TEXT NOT NULL,
    conversation_id  TEXT NOT NULL,
    conversation_key TEXT NOT NULL,
    user_state_key   TEXT,
    first_seen       TEXT NOT NULL,
    PRIMARY KEY (participant_key, conversation_key)
) WITHOUT ROWID;
CREATE INDEX ix_participant_links_conversation ON participant_links (conversation_key);
ALTER TABLE unanswered_questions ADD COLUMN conversation_key TEXT;
CREATE INDEX ix_unanswered_conversation ON unanswered_questions (conversation_key);
