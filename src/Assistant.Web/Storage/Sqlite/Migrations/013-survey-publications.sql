-- what staff decided about a survey after it ran: closed early, results published, the outcome note
-- One row per survey. Staff records and published aggregate figures only; nothing a participant wrote.
CREATE TABLE survey_publications (
    survey_id     TEXT NOT NULL PRIMARY KEY,
    closed_at     TEXT,
    closed_by     TEXT,
    published_at  TEXT,
    published_by  TEXT,
    results_url   TEXT,
    results_json  TEXT,
    note_bg       TEXT NOT NULL DEFAULT '',
    note_en       TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
) WITHOUT ROWID;
