-- Athletes (the scenario spec's [athlete] fields) and their logged events (the spec's [[event]]
-- tables: kind plus the remaining fields as JSON). Portable SQL: SQLite and PostgreSQL.
CREATE TABLE athletes (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    sex TEXT NOT NULL,
    age DOUBLE PRECISION NOT NULL,
    body_mass_kg DOUBLE PRECISION NOT NULL,
    training_status TEXT NOT NULL,
    max_hr DOUBLE PRECISION,
    resting_hr DOUBLE PRECISION,
    conditions TEXT NOT NULL,
    utc_offset TEXT NOT NULL,
    revision BIGINT NOT NULL,
    created_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL
);

CREATE TABLE events (
    id BIGINT PRIMARY KEY,
    athlete_id BIGINT NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    kind TEXT NOT NULL,
    fields TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL
);

CREATE INDEX events_athlete_at ON events (athlete_id, at_ms);

-- Id allocation that works the same on both backends: one row per sequence.
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

INSERT INTO counters (name, value) VALUES ('athlete', 0);
INSERT INTO counters (name, value) VALUES ('event', 0);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
