-- what staff decided about a survey after it ran: closed early, results published, the outcome note
-- One row per survey. Staff records and published aggregate figures only; nothing a participant wrote.
CREATE TABLE survey_publications (
    survey_id     text PRIMARY KEY,
    closed_at     timestamptz,
    closed_by     text,
    published_at  timestamptz,
    published_by  text,
    results_url   text,
    results_json  text,
    note_bg       text NOT NULL DEFAULT '',
    note_en       text NOT NULL DEFAULT '',
    updated_at    timestamptz NOT NULL,
    updated_by    text NOT NULL
);
