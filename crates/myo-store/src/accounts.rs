//! Web accounts: users and their roles, sign-in sessions, API tokens and coach links.
//!
//! Secrets never reach the database: sessions and API tokens are stored as the SHA-256 hash
//! the caller computes (`token_hash`), passwords as the caller's argon2 PHC string. The store
//! answers who may see an athlete ([`Store::can_view`]): the athlete's own user, and coaches
//! whose invitation that user accepted.

use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::athletes::{check_name, insert_athlete};
use crate::{scenario, take_ids, Profile, Result, Store, StoreError};

/// What a user is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Owns one athlete's log.
    Athlete,
    /// Sees the athletes who accepted an invitation.
    Coach,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Athlete => "athlete",
            Role::Coach => "coach",
        }
    }

    pub fn parse(text: &str) -> Result<Role> {
        match text {
            "athlete" => Ok(Role::Athlete),
            "coach" => Ok(Role::Coach),
            _ => Err(StoreError::Invalid(format!(
                "role: \"{}\" is not athlete or coach",
                text.escape_debug()
            ))),
        }
    }
}

/// A user account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    #[serde(skip)]
    pub password_hash: String,
    pub role: Role,
    /// The athlete this user owns (athletes only).
    pub athlete_id: Option<i64>,
    pub created_ms: i64,
    pub updated_ms: i64,
}

/// A signed-in session: its user and the CSRF token its forms carry.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf: String,
    pub expires_ms: i64,
}

/// An API token as its owner sees it (the secret itself is never stored).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiToken {
    /// The SHA-256 of the secret: the token's handle for revoking it.
    pub token_hash: String,
    pub name: String,
    pub created_ms: i64,
    pub expires_ms: i64,
}

/// One coach link as either side sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoachLink {
    pub coach: User,
    pub athlete_user: User,
    pub accepted: bool,
    pub created_ms: i64,
}

const USER_COLUMNS: &str =
    "u.id, u.email, u.password_hash, u.role, u.athlete_id, u.created_ms, u.updated_ms";

fn user_from_row(row: &AnyRow, prefix: &str) -> Result<User> {
    let col = |c: &str| format!("{prefix}{c}");
    let role: String = row.try_get(col("role").as_str())?;
    Ok(User {
        id: row.try_get(col("id").as_str())?,
        email: row.try_get(col("email").as_str())?,
        password_hash: row.try_get(col("password_hash").as_str())?,
        role: Role::parse(&role).map_err(|e| StoreError::Migrate(e.to_string()))?,
        athlete_id: row.try_get(col("athlete_id").as_str())?,
        created_ms: row.try_get(col("created_ms").as_str())?,
        updated_ms: row.try_get(col("updated_ms").as_str())?,
    })
}

/// Emails are compared in lower case; an address browsers accept in an email field (the
/// HTML standard's rule: no quotes, angle brackets, spaces or non-ASCII letters), with a dot
/// in the domain, at most 254 characters.
pub fn normalise_email(email: &str) -> Result<String> {
    let e = email.trim().to_lowercase();
    let local_ok = |c: char| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c);
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let ok = e.len() <= 254
        && e.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty()
                && user.chars().all(local_ok)
                && host.contains('.')
                && host.split('.').all(label_ok)
        });
    if ok {
        Ok(e)
    } else {
        Err(StoreError::Invalid(
            "email: not an email address like ann@example.org".into(),
        ))
    }
}

/// A new password hash; every session but `keep_session` and every API token end.
async fn set_password_in(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    password_hash: &str,
    keep_session: Option<&str>,
    now_ms: i64,
) -> Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1, updated_ms = $2 WHERE id = $3")
        .bind(password_hash.to_string())
        .bind(now_ms)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep_session.unwrap_or("").to_string())
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM api_tokens WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A new user: the account, and for an athlete either a new athlete or an existing one.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub athlete: NewUserAthlete<'a>,
}

#[derive(Debug, Clone)]
pub enum NewUserAthlete<'a> {
    /// A coach: no athlete.
    None,
    /// A new athlete with this name and profile.
    Create { name: &'a str, profile: &'a Profile },
    /// An athlete already in the store (a CLI user moving to the web).
    Existing(i64),
}

/// Accounts created with a name already in use get the first free of "name 2" to this.
const NAME_SUFFIX_MAX: u32 = 100;

impl Store {
    /// Adds a user (and their new athlete) in one transaction. An email in use is `Invalid`
    /// naming the field; a new athlete's name in use gets a number ("ann 2").
    pub async fn add_user(&self, new: &NewUser<'_>, now_ms: i64) -> Result<User> {
        let email = normalise_email(new.email)?;
        if let NewUserAthlete::Create { name, profile } = &new.athlete {
            check_name(name)?;
            scenario::validate_profile(profile)?;
        }
        let mut tx = self.write().await?;
        let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE email = $1")
            .bind(email.clone())
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Invalid("email: already has an account".into()));
        }
        let athlete_id = match &new.athlete {
            NewUserAthlete::None => None,
            NewUserAthlete::Existing(id) => {
                let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM athletes WHERE id = $1")
                    .bind(*id)
                    .fetch_optional(&mut *tx)
                    .await?;
                if found.is_none() {
                    return Err(StoreError::unknown_athlete_id(*id));
                }
                let owned: Option<(i64,)> =
                    sqlx::query_as("SELECT id FROM users WHERE athlete_id = $1")
                        .bind(*id)
                        .fetch_optional(&mut *tx)
                        .await?;
                if owned.is_some() {
                    return Err(StoreError::Invalid(
                        "athlete: already belongs to an account".into(),
                    ));
                }
                Some(*id)
            }
            NewUserAthlete::Create { name, profile } => {
                // Two club members may share a name: the second is "Alex 2" in the store (the
                // CLI's handle), so that sign-up neither fails nor says who else has an account.
                let mut unique = None;
                for n in 1..=NAME_SUFFIX_MAX {
                    let candidate = if n == 1 {
                        name.to_string()
                    } else {
                        format!("{name} {n}")
                    };
                    let exists: Option<(i64,)> =
                        sqlx::query_as("SELECT id FROM athletes WHERE name = $1")
                            .bind(candidate.clone())
                            .fetch_optional(&mut *tx)
                            .await?;
                    if exists.is_none() && check_name(&candidate).is_ok() {
                        unique = Some(candidate);
                        break;
                    }
                }
                let name = unique.ok_or_else(|| {
                    StoreError::Invalid("name: choose another (too many athletes share it)".into())
                })?;
                let id = take_ids(&mut tx, "athlete", 1).await?;
                insert_athlete(&mut tx, id, &name, profile, 0, now_ms, now_ms).await?;
                Some(id)
            }
        };
        if new.role == Role::Athlete && athlete_id.is_none() {
            return Err(StoreError::Invalid(
                "athlete: an athlete account needs an athlete".into(),
            ));
        }
        let id = take_ids(&mut tx, "user", 1).await?;
        sqlx::query(
            "INSERT INTO users (id, email, password_hash, role, athlete_id, created_ms, updated_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(email.clone())
        .bind(new.password_hash.to_string())
        .bind(new.role.name())
        .bind(athlete_id)
        .bind(now_ms)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        // Invitations sent before the account existed become pending links.
        if new.role == Role::Athlete {
            let invited: Vec<(i64, i64)> =
                sqlx::query_as("SELECT coach_id, created_ms FROM invitations WHERE email = $1")
                    .bind(email.clone())
                    .fetch_all(&mut *tx)
                    .await?;
            for (coach_id, created_ms) in invited {
                sqlx::query(
                    "INSERT INTO coach_links (coach_id, athlete_user_id, accepted, created_ms, updated_ms) \
                     VALUES ($1, $2, 0, $3, $4)",
                )
                .bind(coach_id)
                .bind(id)
                .bind(created_ms)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?;
            }
        }
        sqlx::query("DELETE FROM invitations WHERE email = $1")
            .bind(email.clone())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.user(id)
            .await?
            .ok_or(StoreError::Invalid("user vanished".into()))
    }

    pub async fn user(&self, id: i64) -> Result<Option<User>> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| user_from_row(&r, "")).transpose()
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>> {
        let email = email.trim().to_lowercase();
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users u WHERE u.email = $1"
        ))
        .bind(email)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| user_from_row(&r, "")).transpose()
    }

    /// Sets a new password hash and ends every session but `keep_session` (the one changing it).
    pub async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep_session: Option<&str>,
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        set_password_in(&mut tx, user_id, password_hash, keep_session, now_ms).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores a one-time password-reset link's secret (hashed) for a user, valid until
    /// `expires_ms`.
    pub async fn add_password_reset(
        &self,
        user_id: i64,
        token_hash: &str,
        expires_ms: i64,
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM password_resets WHERE expires_ms <= $1")
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO password_resets (token_hash, user_id, created_ms, expires_ms) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash.to_string())
        .bind(user_id)
        .bind(now_ms)
        .bind(expires_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether a reset link is live (to show its form).
    pub async fn password_reset_live(&self, token_hash: &str, now_ms: i64) -> Result<bool> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT user_id FROM password_resets WHERE token_hash = $1 AND expires_ms > $2",
        )
        .bind(token_hash.to_string())
        .bind(now_ms)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.is_some())
    }

    /// Sets a new password through a live reset link, which is then used up (with every other
    /// link of the user); ends every session and API token. The user, or none when the link is
    /// unknown, used or expired.
    pub async fn reset_password(
        &self,
        token_hash: &str,
        password_hash: &str,
        now_ms: i64,
    ) -> Result<Option<User>> {
        let mut tx = self.write().await?;
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT user_id FROM password_resets WHERE token_hash = $1 AND expires_ms > $2",
        )
        .bind(token_hash.to_string())
        .bind(now_ms)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((user_id,)) = row else {
            return Ok(None);
        };
        sqlx::query("DELETE FROM password_resets WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        set_password_in(&mut tx, user_id, password_hash, None, now_ms).await?;
        tx.commit().await?;
        self.user(user_id).await
    }

    /// Replaces a user's recovery codes with these (hashed) ones.
    pub async fn set_recovery_codes(
        &self,
        user_id: i64,
        code_hashes: &[String],
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        for h in code_hashes {
            sqlx::query(
                "INSERT INTO recovery_codes (code_hash, user_id, created_ms) VALUES ($1, $2, $3)",
            )
            .bind(h.clone())
            .bind(user_id)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// How many unused recovery codes a user has.
    pub async fn recovery_codes_left(&self, user_id: i64) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }

    /// Sets a new password with one of the account's recovery codes, which is used up; ends
    /// every session and API token. False (and nothing changed) when the email has no account
    /// or the code is not one of its unused ones.
    pub async fn recover_password(
        &self,
        email: &str,
        code_hash: &str,
        password_hash: &str,
        now_ms: i64,
    ) -> Result<bool> {
        let email = email.trim().to_lowercase();
        let mut tx = self.write().await?;
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT u.id FROM recovery_codes c JOIN users u ON u.id = c.user_id \
             WHERE u.email = $1 AND c.code_hash = $2",
        )
        .bind(email)
        .bind(code_hash.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((user_id,)) = row else {
            return Ok(false);
        };
        sqlx::query("DELETE FROM recovery_codes WHERE code_hash = $1")
            .bind(code_hash.to_string())
            .execute(&mut *tx)
            .await?;
        set_password_in(&mut tx, user_id, password_hash, None, now_ms).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Stores a session (by the hash of its secret), dropping this user's expired ones.
    pub async fn add_session(
        &self,
        user_id: i64,
        token_hash: &str,
        csrf: &str,
        expires_ms: i64,
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND expires_ms <= $2")
            .bind(user_id)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_ms, expires_ms) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash.to_string())
        .bind(user_id)
        .bind(csrf.to_string())
        .bind(now_ms)
        .bind(expires_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The live session with this token hash.
    pub async fn session(&self, token_hash: &str, now_ms: i64) -> Result<Option<Session>> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, s.csrf, s.expires_ms FROM sessions s \
             JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_ms > $2"
        ))
        .bind(token_hash.to_string())
        .bind(now_ms)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Session {
                user: user_from_row(&r, "")?,
                csrf: r.try_get("csrf")?,
                expires_ms: r.try_get("expires_ms")?,
            })
        })
        .transpose()
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores an API token (by the hash of its secret), valid until `expires_ms`.
    pub async fn add_api_token(
        &self,
        user_id: i64,
        token_hash: &str,
        name: &str,
        expires_ms: i64,
        now_ms: i64,
    ) -> Result<()> {
        if name.trim().is_empty() || name.len() > 64 || name.chars().any(char::is_control) {
            return Err(StoreError::Invalid(
                "name: use 1 to 64 visible characters".into(),
            ));
        }
        if expires_ms <= now_ms {
            return Err(StoreError::Invalid("expires: must be in the future".into()));
        }
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO api_tokens (token_hash, user_id, name, created_ms, expires_ms) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash.to_string())
        .bind(user_id)
        .bind(name.to_string())
        .bind(now_ms)
        .bind(expires_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user a live API token belongs to (none once it expired).
    pub async fn user_by_api_token(&self, token_hash: &str, now_ms: i64) -> Result<Option<User>> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.expires_ms > $2"
        ))
        .bind(token_hash.to_string())
        .bind(now_ms)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| user_from_row(&r, "")).transpose()
    }

    /// A user's API tokens, newest first (expired ones too, until revoked).
    pub async fn api_tokens(&self, user_id: i64) -> Result<Vec<ApiToken>> {
        let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT token_hash, name, created_ms, expires_ms FROM api_tokens \
             WHERE user_id = $1 ORDER BY created_ms DESC, name",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(token_hash, name, created_ms, expires_ms)| ApiToken {
                token_hash,
                name,
                created_ms,
                expires_ms,
            })
            .collect())
    }

    /// Revokes one of a user's API tokens; false when the user has no such token.
    pub async fn revoke_api_token(&self, user_id: i64, token_hash: &str) -> Result<bool> {
        let mut tx = self.write().await?;
        let done = sqlx::query("DELETE FROM api_tokens WHERE user_id = $1 AND token_hash = $2")
            .bind(user_id)
            .bind(token_hash.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(done > 0)
    }

    /// A coach invites an athlete's account (pending until the athlete accepts). Inviting
    /// again is a no-op; only coaches invite, only athletes are invited.
    pub async fn invite(&self, coach: &User, athlete_email: &str, now_ms: i64) -> Result<User> {
        if coach.role != Role::Coach {
            return Err(StoreError::Invalid(
                "role: only coaches invite athletes".into(),
            ));
        }
        let athlete = self
            .user_by_email(athlete_email)
            .await?
            .filter(|u| u.role == Role::Athlete)
            .ok_or_else(|| {
                StoreError::Invalid("email: no athlete account with this email".into())
            })?;
        let mut tx = self.write().await?;
        let exists: Option<(i64,)> = sqlx::query_as(
            "SELECT accepted FROM coach_links WHERE coach_id = $1 AND athlete_user_id = $2",
        )
        .bind(coach.id)
        .bind(athlete.id)
        .fetch_optional(&mut *tx)
        .await?;
        if exists.is_none() {
            sqlx::query(
                "INSERT INTO coach_links (coach_id, athlete_user_id, accepted, created_ms, updated_ms) \
                 VALUES ($1, $2, 0, $3, $4)",
            )
            .bind(coach.id)
            .bind(athlete.id)
            .bind(now_ms)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(athlete)
    }

    /// A coach invites whoever has `email`, without learning whether an account exists: an
    /// athlete account gets a pending link ([`Store::invite`]); any other email an invitation
    /// that becomes a pending link when an athlete signs up with it.
    pub async fn invite_email(&self, coach: &User, email: &str, now_ms: i64) -> Result<()> {
        if coach.role != Role::Coach {
            return Err(StoreError::Invalid(
                "role: only coaches invite athletes".into(),
            ));
        }
        let email = normalise_email(email)?;
        let athlete = self
            .user_by_email(&email)
            .await?
            .filter(|u| u.role == Role::Athlete);
        if athlete.is_some() {
            self.invite(coach, &email, now_ms).await?;
            return Ok(());
        }
        let mut tx = self.write().await?;
        let pending: Option<(i64,)> =
            sqlx::query_as("SELECT created_ms FROM invitations WHERE coach_id = $1 AND email = $2")
                .bind(coach.id)
                .bind(email.clone())
                .fetch_optional(&mut *tx)
                .await?;
        if pending.is_none() {
            sqlx::query(
                "INSERT INTO invitations (coach_id, email, created_ms) VALUES ($1, $2, $3)",
            )
            .bind(coach.id)
            .bind(email)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The emails a coach invited that have no athlete account yet, oldest first.
    pub async fn invitations(&self, coach_id: i64) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT email FROM invitations WHERE coach_id = $1 ORDER BY created_ms, email",
        )
        .bind(coach_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(e,)| e).collect())
    }

    /// Deletes a user and everything of theirs in one transaction: sessions, API tokens,
    /// coach links and invitations, and their athlete with every event, source, checkpoint,
    /// personal state and summary.
    pub async fn delete_user(&self, user_id: i64) -> Result<()> {
        let user = self
            .user(user_id)
            .await?
            .ok_or(StoreError::Invalid("user: no such account".into()))?;
        let mut tx = self.write().await?;
        for sql in [
            "DELETE FROM sessions WHERE user_id = $1",
            "DELETE FROM api_tokens WHERE user_id = $1",
            "DELETE FROM password_resets WHERE user_id = $1",
            "DELETE FROM recovery_codes WHERE user_id = $1",
            "DELETE FROM invitations WHERE coach_id = $1",
            "DELETE FROM coach_links WHERE coach_id = $1",
            "DELETE FROM coach_links WHERE athlete_user_id = $1",
            "DELETE FROM users WHERE id = $1",
        ] {
            sqlx::query(sql).bind(user_id).execute(&mut *tx).await?;
        }
        sqlx::query("DELETE FROM invitations WHERE email = $1")
            .bind(user.email.clone())
            .execute(&mut *tx)
            .await?;
        if let Some(id) = user.athlete_id {
            for table in [
                "checkpoints",
                "personal_states",
                "summaries",
                "sources",
                "events",
            ] {
                sqlx::query(&format!("DELETE FROM {table} WHERE athlete_id = $1"))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query("DELETE FROM athletes WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM settings WHERE key = 'default_athlete' AND value = $1")
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The athlete accepts a coach's pending invitation; false when there is none.
    pub async fn accept_coach(
        &self,
        athlete_user_id: i64,
        coach_id: i64,
        now_ms: i64,
    ) -> Result<bool> {
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE coach_links SET accepted = 1, updated_ms = $1 \
             WHERE coach_id = $2 AND athlete_user_id = $3",
        )
        .bind(now_ms)
        .bind(coach_id)
        .bind(athlete_user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(done > 0)
    }

    /// Ends a link from either side (an athlete revoking or declining, a coach dropping).
    pub async fn remove_coach_link(&self, coach_id: i64, athlete_user_id: i64) -> Result<bool> {
        let mut tx = self.write().await?;
        let done =
            sqlx::query("DELETE FROM coach_links WHERE coach_id = $1 AND athlete_user_id = $2")
                .bind(coach_id)
                .bind(athlete_user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        tx.commit().await?;
        Ok(done > 0)
    }

    /// Every link of a user, as coach or as athlete, oldest first.
    pub async fn coach_links(&self, user_id: i64) -> Result<Vec<CoachLink>> {
        let c = "c.id AS c_id, c.email AS c_email, c.password_hash AS c_password_hash, \
                 c.role AS c_role, c.athlete_id AS c_athlete_id, c.created_ms AS c_created_ms, \
                 c.updated_ms AS c_updated_ms";
        let a = c.replace("c.", "a.").replace(" c_", " a_");
        let rows = sqlx::query(&format!(
            "SELECT {c}, {a}, l.accepted, l.created_ms FROM coach_links l \
             JOIN users c ON c.id = l.coach_id JOIN users a ON a.id = l.athlete_user_id \
             WHERE l.coach_id = $1 OR l.athlete_user_id = $2 ORDER BY l.created_ms, c.id, a.id"
        ))
        .bind(user_id)
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let accepted: i64 = r.try_get("accepted")?;
                Ok(CoachLink {
                    coach: user_from_row(r, "c_")?,
                    athlete_user: user_from_row(r, "a_")?,
                    accepted: accepted != 0,
                    created_ms: r.try_get("created_ms")?,
                })
            })
            .collect()
    }

    /// The athletes (ids, ascending, at most `limit`) some coach has an accepted link to.
    pub async fn coached_athletes(&self, limit: i64) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT DISTINCT u.athlete_id FROM coach_links l \
             JOIN users u ON u.id = l.athlete_user_id \
             WHERE l.accepted = 1 AND u.athlete_id IS NOT NULL ORDER BY u.athlete_id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// Whether `user` may see the athlete `athlete_id`: their own, or a coach's accepted link.
    pub async fn can_view(&self, user: &User, athlete_id: i64) -> Result<bool> {
        if user.athlete_id == Some(athlete_id) {
            return Ok(true);
        }
        if user.role != Role::Coach {
            return Ok(false);
        }
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT u.id FROM coach_links l JOIN users u ON u.id = l.athlete_user_id \
             WHERE l.coach_id = $1 AND l.accepted = 1 AND u.athlete_id = $2",
        )
        .bind(user.id)
        .bind(athlete_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::normalise_email;

    #[test]
    fn emails_are_lower_case_and_what_browsers_accept() {
        assert_eq!(
            normalise_email("  Ann.O'Neil+club@Example.ORG ").unwrap(),
            "ann.o'neil+club@example.org"
        );
        for bad in [
            "\"ann\"@example.org",
            "<ann>@example.org",
            "ann@exa<mple.org",
            "an n@example.org",
            "ann@example",
            "ann@-example.org",
            "ann@example..org",
            "änn@example.org",
            "ann@@example.org",
            "@example.org",
        ] {
            assert!(normalise_email(bad).is_err(), "{bad}");
        }
    }
}
