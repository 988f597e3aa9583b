-- A coach's invitation to an email with no athlete account (yet): the coach's answer is the
-- same whether the account exists or not (no user enumeration). Signing up with the email as
-- an athlete turns it into a pending coach link.
CREATE TABLE invitations (
    coach_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    PRIMARY KEY (coach_id, email)
);

CREATE INDEX invitations_email ON invitations (email);
