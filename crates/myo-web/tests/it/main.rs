//! The web app through its router (no socket): accounts, CSRF, who may see what, script
//! injection, the API's errors. On SQLite, and on PostgreSQL when `MYO_TEST_POSTGRES_URL`
//! names a server (required under CI).

mod accounts;
mod cache;
mod charts;
mod helpers;
mod limits;
mod openapi;
mod replicas;
mod roster;
mod routes;
mod server;
mod throttle;
mod upload;
mod year;
