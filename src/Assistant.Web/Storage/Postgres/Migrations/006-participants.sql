-- participant links, conversation of unanswered questions
-- Which conversations belong to which participant, so their data can be shown and erased as a whole; unanswered
-- questions remember their conversation for the same reason.
CREATE TABLE participant_links (
    participant_key  text NOT NULL,
    channel          text NOT NULL,
    conversation_id  text NOT NULL,
    conversation_key text NOT NULL,
    user_state_key   text,
    first_seen       timestamptz NOT NULL,
    PRIMARY KEY (participant_key, conversation_key)
);
CREATE INDEX ix_participant_links_conversation ON participant_links (conversation_key);
ALTER TABLE unanswered_questions ADD COLUMN conversation_key text;
CREATE INDEX ix_unanswered_conversation ON unanswered_questions (conversation_key);
