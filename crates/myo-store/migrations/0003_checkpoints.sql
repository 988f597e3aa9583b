-- Model state at local midnights, so that a question simulates only from the last valid one.
-- `origin_ms` is the scenario start the state was computed from; `model` names the model
-- version; a write to an event deletes the checkpoints it may have changed.
CREATE TABLE checkpoints (
    athlete_id BIGINT NOT NULL REFERENCES athletes (id) ON DELETE CASCADE,
    at_ms BIGINT NOT NULL,
    origin_ms BIGINT NOT NULL,
    model TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (athlete_id, at_ms)
);
