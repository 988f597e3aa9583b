//! One error type for every handler: a stable code, a status and a message safe to show.
//! Internal details are logged, never returned.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use myo_store::StoreError;
use serde::Serialize;

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

/// The stable code of an error (one per `WebError` variant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Invalid,
    Unauthenticated,
    Csrf,
    Forbidden,
    NotFound,
    RateLimited,
    Internal,
}

impl ErrorCode {
    pub fn name(self) -> &'static str {
        match self {
            ErrorCode::Invalid => "invalid",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::Csrf => "csrf",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Internal => "internal",
        }
    }
}

/// The body of every API error.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// Safe to show; for `invalid`, it starts with the field it names (`limit: …`).
    pub message: String,
    /// The field or parameter at fault (`invalid` only), else `null`.
    #[schema(required)]
    pub field: Option<String>,
}

impl WebError {
    pub fn error_code(&self) -> ErrorCode {
        match self {
            WebError::Invalid(_) => ErrorCode::Invalid,
            WebError::Unauthenticated => ErrorCode::Unauthenticated,
            WebError::Csrf => ErrorCode::Csrf,
            WebError::Forbidden => ErrorCode::Forbidden,
            WebError::NotFound => ErrorCode::NotFound,
            WebError::RateLimited => ErrorCode::RateLimited,
            WebError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn code(&self) -> &'static str {
        self.error_code().name()
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

    /// The body of an API error: `{"error": {"code", "message", "field"}}`.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.error_code(),
                message: self.to_string(),
                field: self.field().map(str::to_string),
            },
        }
    }

    /// The JSON response of an API error.
    pub fn json(&self) -> Response {
        (self.status(), axum::Json(self.body())).into_response()
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
