-- autovacuum of personal tables
-- An erasure or a purge leaves the old row versions behind as dead rows until a vacuum removes them. The privacy store
-- vacuums the tables it changed right after each erasure and purge; should that fail (a lock not granted in time, a
-- lost connection), autovacuum here comes after 1 % of a table's rows are dead (PostgreSQL's default is 20 %).
ALTER TABLE state                SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 50);
ALTER TABLE transcripts          SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 50);
ALTER TABLE unanswered_questions SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 50);
ALTER TABLE dl_conversations     SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 50);
ALTER TABLE dl_activities        SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 50);
ALTER TABLE processed_updates    SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 50);
ALTER TABLE survey_responses     SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 50);
ALTER TABLE survey_answers       SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 50);
ALTER TABLE consents             SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 50);
ALTER TABLE participant_links    SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 50);
