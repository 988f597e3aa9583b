-- API tokens expire: tokens made before get 90 days from their creation.
ALTER TABLE api_tokens ADD COLUMN expires_ms BIGINT NOT NULL DEFAULT 0;
UPDATE api_tokens SET expires_ms = created_ms + 7776000000;
