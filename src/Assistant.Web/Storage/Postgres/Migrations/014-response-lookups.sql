-- /mydata and /forget find a participant's responses across surveys by their key alone
-- (the survey turn's lookup, by survey and participant, is ix_survey_responses_participant's already).
CREATE INDEX ix_survey_responses_participant_key ON survey_responses (participant_key);
