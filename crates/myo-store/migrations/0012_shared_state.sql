-- What several `myo serve` processes on one database share besides the data: throttle
-- counters (fixed windows; keys are opaque, callers hash what identifies a person) and claims
-- on background work (computing an athlete's roster row), so that one replica does each job.
CREATE TABLE throttles (
    key TEXT PRIMARY KEY,
    window_start_ms BIGINT NOT NULL,
    tries BIGINT NOT NULL
);

CREATE INDEX throttles_window ON throttles (window_start_ms);

-- One row per athlete: the job (`target`: what the result is for), who holds it and until
-- when; `done` once its result is saved, so that nobody repeats it.
CREATE TABLE work_claims (
    athlete_id BIGINT PRIMARY KEY REFERENCES athletes (id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    holder TEXT NOT NULL,
    until_ms BIGINT NOT NULL,
    done BOOLEAN NOT NULL
);
