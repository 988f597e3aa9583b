//! `myo admin`: accounts for the web app, from the command line (the first account).

use std::io::BufRead as _;

use myo_store::{NewUser, NewUserAthlete, Role};

use super::store::{self as st, LogOpts, OrBad};
use crate::exit::BadInput;

#[derive(clap::Args)]
pub struct AdminArgs {
    #[command(subcommand)]
    pub command: AdminCommand,
}

#[derive(clap::Subcommand)]
pub enum AdminCommand {
    /// Create a web account. The password is read from MYO_PASSWORD or the first line of stdin.
    #[command(after_help = "Examples:
  echo 'a long passphrase' | myo admin create-user coach@example.org --role coach
  MYO_PASSWORD=… myo admin create-user ann@example.org --role athlete --athlete ann")]
    CreateUser {
        /// The account's email (its sign-in name).
        email: String,
        /// athlete (owns the athlete named by --athlete, or the default athlete) or coach.
        #[arg(long, default_value = "athlete")]
        role: String,
    },
    /// Create an API token for an account and print it (shown once; only its hash is kept).
    #[command(after_help = "Example:
  myo admin create-token ann@example.org --name garmin-sync")]
    CreateToken {
        /// The account's email.
        email: String,
        /// What the token is for.
        #[arg(long, default_value = "cli")]
        name: String,
        /// Days until the token expires.
        #[arg(long, default_value_t = myo_web::auth::TOKEN_DAYS, value_name = "DAYS",
              value_parser = clap::value_parser!(i64).range(1..=myo_web::auth::TOKEN_DAYS_MAX))]
        days: i64,
    },
    /// Issue a one-time link that sets a new password for an account (only its hash is
    /// kept; it lasts 24 hours unless told). Send it to the person by a channel you trust.
    #[command(after_help = "Example:
  myo admin reset-password ann@example.org --base-url https://myo.club.example")]
    ResetPassword {
        /// The account's email.
        email: String,
        /// The address people open myo at.
        #[arg(long, default_value = "http://127.0.0.1:8080", value_name = "URL")]
        base_url: String,
        /// Hours until the link expires.
        #[arg(long, default_value_t = myo_web::auth::RESET_LINK_HOURS, value_name = "HOURS",
              value_parser = clap::value_parser!(i64).range(1..=168))]
        hours: i64,
    },
    /// Link a coach to an athlete's account, accepted on both sides (as if the coach invited
    /// and the athlete accepted): for setting up a club from the command line.
    #[command(after_help = "Example:
  myo admin link-coach coach@example.org ann@example.org")]
    LinkCoach {
        /// The coach account's email.
        coach: String,
        /// The athlete account's email.
        athlete: String,
    },
}

pub fn run(args: AdminArgs, opts: &LogOpts) -> anyhow::Result<()> {
    match args.command {
        AdminCommand::CreateUser { email, role } => create_user(&email, &role, opts),
        AdminCommand::CreateToken { email, name, days } => create_token(&email, &name, days, opts),
        AdminCommand::LinkCoach { coach, athlete } => link_coach(&coach, &athlete, opts),
        AdminCommand::ResetPassword {
            email,
            base_url,
            hours,
        } => reset_password(&email, &base_url, hours, opts),
    }
}

/// The account with this email, or a bad-input error naming it.
async fn account(store: &myo_store::Store, email: &str) -> anyhow::Result<myo_store::User> {
    Ok(store
        .user_by_email(email)
        .await
        .bad()?
        .ok_or_else(|| BadInput(format!("no account {email}")))?)
}

fn reset_password(email: &str, base_url: &str, hours: i64, opts: &LogOpts) -> anyhow::Result<()> {
    let now_ms = st::now_ms()?;
    let rt = st::runtime()?;
    rt.block_on(async {
        let store = st::open(opts).await?;
        let user = account(&store, email).await?;
        let secret = myo_web::auth::secret();
        store
            .add_password_reset(
                user.id,
                &myo_web::auth::token_hash(&secret),
                now_ms + hours * 3_600_000,
                now_ms,
            )
            .await
            .bad()?;
        store.close().await;
        println!("{}/reset?token={secret}", base_url.trim_end_matches('/'));
        anyhow::Ok(())
    })
}

fn create_token(email: &str, name: &str, days: i64, opts: &LogOpts) -> anyhow::Result<()> {
    let now_ms = st::now_ms()?;
    let rt = st::runtime()?;
    rt.block_on(async {
        let store = st::open(opts).await?;
        let user = account(&store, email).await?;
        let secret = myo_web::auth::secret();
        store
            .add_api_token(
                user.id,
                &myo_web::auth::token_hash(&secret),
                name,
                now_ms + days * 86_400_000,
                now_ms,
            )
            .await
            .bad_arg("--name")?;
        store.close().await;
        println!("{secret}");
        anyhow::Ok(())
    })
}

fn link_coach(coach: &str, athlete: &str, opts: &LogOpts) -> anyhow::Result<()> {
    let now_ms = st::now_ms()?;
    let rt = st::runtime()?;
    rt.block_on(async {
        let store = st::open(opts).await?;
        let coach_user = account(&store, coach).await?;
        let athlete_user = store.invite(&coach_user, athlete, now_ms).await.bad()?;
        store
            .accept_coach(athlete_user.id, coach_user.id, now_ms)
            .await
            .bad()?;
        store.close().await;
        println!(
            "linked coach {} to {}",
            coach_user.email, athlete_user.email
        );
        anyhow::Ok(())
    })
}

fn create_user(email: &str, role: &str, opts: &LogOpts) -> anyhow::Result<()> {
    let role = Role::parse(role).bad_arg("--role")?;
    let password = match std::env::var("MYO_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    myo_web::auth::check_password_rules(&password).map_err(|e| BadInput(e.to_string()))?;
    let now_ms = st::now_ms()?;
    let rt = st::runtime()?;
    rt.block_on(async {
        let store = st::open(opts).await?;
        let athlete = match role {
            Role::Athlete => NewUserAthlete::Existing(st::athlete(&store, opts).await?.id),
            Role::Coach => NewUserAthlete::None,
        };
        let hash = myo_web::auth::hash_password(password)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let user = store
            .add_user(
                &NewUser {
                    email,
                    password_hash: &hash,
                    role,
                    athlete,
                },
                now_ms,
            )
            .await
            .bad()?;
        store.close().await;
        println!(
            "created {} account {} (id {})",
            role.name(),
            user.email,
            user.id
        );
        anyhow::Ok(())
    })
}
