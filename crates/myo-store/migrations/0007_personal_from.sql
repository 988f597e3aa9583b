-- When the athlete last asked myo to forget what it learned: the personal model learns only
-- from reports dated at or after it (NULL: from every report).
ALTER TABLE athletes ADD COLUMN personal_from_ms BIGINT;
