-- invitations with campaign labels, and the campaign of each survey response
-- An invitation is the server's record behind a signed invitation code: the survey it opens, the campaign it counts
-- for, when it stops working and how many openings it allows. Nothing personal.
CREATE TABLE invitations (
    id          TEXT NOT NULL PRIMARY KEY,
    survey_id   TEXT NOT NULL,
    campaign    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    expires_at  TEXT,
    max_uses    INTEGER,
    opened      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX ix_invitations_survey ON invitations (survey_id, created_at);
ALTER TABLE survey_responses ADD COLUMN campaign TEXT;
CREATE INDEX ix_survey_responses_campaign ON survey_responses (survey_id, campaign);
