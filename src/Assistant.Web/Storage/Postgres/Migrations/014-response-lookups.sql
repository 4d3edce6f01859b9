-- /mydata and /forget find a participant's responses across surveys by their key alone
-- (the lookup when a participant starts a survey, by survey and participant, is ix_survey_responses_participant's).
CREATE INDEX ix_survey_responses_participant_key ON survey_responses (participant_key);
