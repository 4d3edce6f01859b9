-- invitations with campaign labels, and the campaign of each survey response
-- An invitation is the server's record behind a signed invitation code: the survey it opens, the campaign it counts
-- for, when it stops working and how many openings it allows. Nothing personal.
CREATE TABLE invitations (
    id          text PRIMARY KEY,
    survey_id   text NOT NULL,
    campaign    text NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  text NOT NULL,
    expires_at  timestamptz,
    max_uses    integer,
    opened      integer NOT NULL DEFAULT 0
);
CREATE INDEX ix_invitations_survey ON invitations (survey_id, created_at);
ALTER TABLE survey_responses ADD COLUMN campaign text;
CREATE INDEX ix_survey_responses_campaign ON survey_responses (survey_id, campaign);
