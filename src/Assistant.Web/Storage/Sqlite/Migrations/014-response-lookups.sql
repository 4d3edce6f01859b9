-- a participant's responses to a survey, newest first, found without reading the survey's other responses
-- Without statistics SQLite chose ix_survey_responses_started_at for this lookup (survey_id only, then every response of
-- the survey read to compare its participant): starting a survey cost more as responses accumulated (about 28 ms with
-- 50,000 of them, against well under 1 ms now). The index now holds the whole lookup and its order.
DROP INDEX ix_survey_responses_participant;
CREATE INDEX ix_survey_responses_participant ON survey_responses (survey_id, participant_key, started_at, id);
-- /mydata and /forget find a participant's responses across surveys by their key alone.
CREATE INDEX ix_survey_responses_participant_key ON survey_responses (participant_key);
