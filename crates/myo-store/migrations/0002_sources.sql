-- Imported files: one row per athlete and content hash, so a file is imported once.
CREATE TABLE sources (
    athlete_id BIGINT NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    hash TEXT NOT NULL,
    name TEXT NOT NULL,
    events BIGINT NOT NULL,
    imported_ms BIGINT NOT NULL,
    PRIMARY KEY (athlete_id, hash)
);

ALTER TABLE events ADD COLUMN source TEXT;
