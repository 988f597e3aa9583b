-- The latest computed summary of each athlete (what a coach's roster row shows), so that a
-- roster after a restart is a read rather than a year's simulation per athlete. A cache: it
-- is valid for the log revision it was computed from; `model` names the model version.
CREATE TABLE summaries (
    athlete_id BIGINT NOT NULL PRIMARY KEY REFERENCES athletes (id) ON DELETE CASCADE,
    revision BIGINT NOT NULL,
    at_ms BIGINT NOT NULL,
    model TEXT NOT NULL,
    data TEXT NOT NULL
);
