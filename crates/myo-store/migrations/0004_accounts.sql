-- Web accounts: users (an athlete's own account owns one athlete row; a coach's owns none),
-- sign-in sessions and API tokens (stored as SHA-256 hashes of the secret), and coach links
-- (an invitation the athlete accepts; deleting the row revokes it).
CREATE TABLE users (
    id BIGINT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    athlete_id BIGINT REFERENCES athletes (id) ON DELETE SET NULL,
    created_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_ms BIGINT NOT NULL
);

CREATE TABLE coach_links (
    coach_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    athlete_user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    accepted BIGINT NOT NULL,
    created_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL,
    PRIMARY KEY (coach_id, athlete_user_id)
);

CREATE INDEX coach_links_athlete ON coach_links (athlete_user_id);

INSERT INTO counters (name, value) VALUES ('user', 0);
