-- Password recovery: one-time reset links an administrator issues (`myo admin
-- reset-password`), and recovery codes a user keeps for the "forgot password" page. Both are
-- stored as SHA-256 hashes of the secret, like sessions and API tokens.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL
);

CREATE INDEX password_resets_user ON password_resets (user_id);

CREATE TABLE recovery_codes (
    code_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_ms BIGINT NOT NULL
);

CREATE INDEX recovery_codes_user ON recovery_codes (user_id);
