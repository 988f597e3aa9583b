//! One error type for every handler: a stable code, a status and a message safe to show.
//! Internal details are logged, never returned.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use myo_store::StoreError;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Bad input whose field is known: `message` starts with it (422).
    #[error("{message}")]
    Field { field: String, message: String },
    /// Bad input from the store, its message starting with the field by convention (422).
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
    /// A request body over [`crate::BODY_LIMIT`] (413).
    #[error("the file or form is larger than the {} MB limit", crate::BODY_LIMIT / (1024 * 1024))]
    TooLarge,
    /// A method the address does not take (405), or a request axum could not read (400).
    #[error("{1}")]
    Request(StatusCode, String),
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
    TooLarge,
    BadRequest,
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
            ErrorCode::TooLarge => "too_large",
            ErrorCode::BadRequest => "bad_request",
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
    /// Safe to show; for `invalid`, it names the field (usually first: `limit: …`).
    pub message: String,
    /// The field or parameter at fault (`invalid` only), else `null`.
    #[schema(required)]
    pub field: Option<String>,
}

impl WebError {
    pub fn error_code(&self) -> ErrorCode {
        match self {
            WebError::Invalid(_) | WebError::Field { .. } => ErrorCode::Invalid,
            WebError::Unauthenticated => ErrorCode::Unauthenticated,
            WebError::Csrf => ErrorCode::Csrf,
            WebError::Forbidden => ErrorCode::Forbidden,
            WebError::NotFound => ErrorCode::NotFound,
            WebError::RateLimited => ErrorCode::RateLimited,
            WebError::TooLarge => ErrorCode::TooLarge,
            WebError::Request(..) => ErrorCode::BadRequest,
            WebError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn code(&self) -> &'static str {
        self.error_code().name()
    }

    pub fn status(&self) -> StatusCode {
        match self {
            WebError::Invalid(_) | WebError::Field { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::Unauthenticated => StatusCode::UNAUTHORIZED,
            WebError::Csrf | WebError::Forbidden => StatusCode::FORBIDDEN,
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::Request(status, _) => *status,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Bad input in `field`: the message is `field: detail`.
    pub fn bad(field: impl Into<String>, detail: impl std::fmt::Display) -> WebError {
        let field = field.into();
        WebError::Field {
            message: format!("{field}: {detail}"),
            field,
        }
    }

    /// Whether this is bad input (422), whichever variant.
    pub fn is_invalid(&self) -> bool {
        matches!(self, WebError::Invalid(_) | WebError::Field { .. })
    }

    /// The field at fault: carried by value, or, for the store's remaining plain messages,
    /// the name their message starts with (`email: …` → `email`).
    pub fn field(&self) -> Option<&str> {
        match self {
            WebError::Field { field, .. } => Some(field.as_str()).filter(|f| !f.is_empty()),
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

impl From<myo_scenario::FieldError> for WebError {
    fn from(e: myo_scenario::FieldError) -> Self {
        WebError::Field {
            field: e.field,
            message: e.message,
        }
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::UnknownAthlete { .. } | StoreError::UnknownEvent(_) => WebError::NotFound,
            StoreError::Field { field, message } => WebError::Field { field, message },
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
        let mut response = crate::pages::error_page(status, &self.to_string());
        *response.status_mut() = status;
        // The error-page layer draws it again with the viewer's menu.
        response
            .extensions_mut()
            .insert(PageError(self.to_string()));
        response
    }
}

/// Marks an HTML error page, with its message, for [`friendly_errors`].
#[derive(Debug, Clone)]
pub struct PageError(pub String);

/// The last layer before the routes: errors that axum and tower answer on their own (no such
/// route, a body over the limit, a wrong method, a path or form that does not parse) come as
/// plain text, and handlers' error pages know nothing of who is signed in. People get the
/// site's error page with its menu; the API gets its JSON error body.
pub async fn friendly_errors(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let headers = req.headers().clone();
    let response = next.run(req).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let page = response.extensions().get::<PageError>().cloned();
    let typed = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json") || t.starts_with("text/html"));
    if typed && page.is_none() {
        return response;
    }
    let message = match page {
        Some(PageError(m)) => m,
        None => {
            let bytes = axum::body::to_bytes(response.into_body(), 4096)
                .await
                .unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes).trim().to_string();
            match status {
                StatusCode::NOT_FOUND => WebError::NotFound.to_string(),
                StatusCode::PAYLOAD_TOO_LARGE => WebError::TooLarge.to_string(),
                StatusCode::METHOD_NOT_ALLOWED => {
                    "this address does not take that kind of request".into()
                }
                _ if text.is_empty() => status.canonical_reason().unwrap_or("error").into(),
                _ => text,
            }
        }
    };
    let error = match status {
        StatusCode::NOT_FOUND => WebError::NotFound,
        StatusCode::PAYLOAD_TOO_LARGE => WebError::TooLarge,
        _ => WebError::Request(status, message.clone()),
    };
    if api {
        let mut body = error.body();
        body.error.message = message;
        return (status, axum::Json(body)).into_response();
    }
    let mut parts = axum::http::Request::new(()).into_parts().0;
    parts.headers = headers;
    let viewer = crate::auth::Viewer::from_request_parts_optional(&mut parts, &state).await;
    let mut page = crate::pages::error_page_for(status, &message, viewer.as_ref());
    *page.status_mut() = status;
    page
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
