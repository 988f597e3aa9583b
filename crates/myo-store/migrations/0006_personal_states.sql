-- The personal model's state (its particles and what each has learned) at local midnights,
-- beside `checkpoints` and dropped with them by a write to an event. Large (hundreds of kB):
-- only the newest few per athlete are kept.
CREATE TABLE personal_states (
    athlete_id BIGINT NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    at_ms BIGINT NOT NULL,
    origin_ms BIGINT NOT NULL,
    model TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (athlete_id, at_ms)
);
