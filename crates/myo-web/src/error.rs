//! One error type for every handler: a stable code, a status and a message safe to show.
//! Internal details are logged, never returned.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use myo_store::StoreError;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Bad input: the message names the field (422).
    #[error("{0}")]
    Invalid(String),
    #[error("sign in first")]
    Unauthenticated,
    #[error("the form has expired or did not come from this site; reload and try again")]
    Csrf,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("too many attempts; wait a minute and try again")]
    RateLimited,
    #[error("internal error")]
    Internal(String),
}

impl WebError {
    pub fn code(&self) -> &'static str {
        match self {
            WebError::Invalid(_) => "invalid",
            WebError::Unauthenticated => "unauthenticated",
            WebError::Csrf => "csrf",
            WebError::Forbidden => "forbidden",
            WebError::NotFound => "not_found",
            WebError::RateLimited => "rate_limited",
            WebError::Internal(_) => "internal",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            WebError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::Unauthenticated => StatusCode::UNAUTHORIZED,
            WebError::Csrf | WebError::Forbidden => StatusCode::FORBIDDEN,
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The field a validation message names (`email: …` → `email`).
    pub fn field(&self) -> Option<&str> {
        match self {
            WebError::Invalid(m) => m
                .split_once(':')
                .map(|(f, _)| f)
                .filter(|f| !f.is_empty() && !f.contains(' ')),
            _ => None,
        }
    }

    /// The JSON body of an API error: `{"error": {"code", "message", "field"}}`.
    pub fn json(&self) -> Response {
        (
            self.status(),
            axum::Json(json!({"error": {
                "code": self.code(),
                "message": self.to_string(),
                "field": self.field(),
            }})),
        )
            .into_response()
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::UnknownAthlete { .. } | StoreError::UnknownEvent(_) => WebError::NotFound,
            e if e.is_bad_input() => WebError::Invalid(e.to_string()),
            e => WebError::Internal(e.to_string()),
        }
    }
}

/// Pages render errors as HTML.
impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let WebError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        if matches!(self, WebError::Unauthenticated) {
            return axum::response::Redirect::to("/signin").into_response();
        }
        let status = self.status();
        let body = crate::pages::error_page(status, &self.to_string());
        (status, body).into_response()
    }
}

/// API handlers' error: the same error as JSON.
#[derive(Debug)]
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let WebError::Internal(detail) = &self.0 {
            tracing::error!(%detail, "internal error");
        }
        self.0.json()
    }
}
