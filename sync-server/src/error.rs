//! The errors a request can end in, each with its HTTP status and its stable `code`
//! (`ErrorBody::code`). Messages name what was wrong and where; internal failures are logged in
//! full and answered generically.

use std::time::Duration;

use crate::store::StoreError;

/// A request's failure; each variant is one HTTP status and one `code`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request is malformed or a value is invalid.
    #[error("{0}")]
    BadRequest(String),
    /// 401: no usable device token.
    #[error("the device token is missing, unknown or revoked; log in again")]
    Unauthorized,
    /// 401: a login with a wrong email or password.
    #[error("email or password is wrong")]
    InvalidCredentials,
    /// 404: no such route, workspace or device (for this caller).
    #[error("{0}")]
    NotFound(String),
    /// 409: the email already has an account.
    #[error("{0}")]
    Conflict(String),
    /// 413: the body or a change is over its limit.
    #[error("{0}")]
    TooLarge(String),
    /// 405: the route exists, not with this method.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// 429: too many failed logins; wait this long.
    #[error("too many failed logins; try again in {} seconds", retry_after_secs(*.0))]
    RateLimited(Duration),
    /// 500: storage failed; logged in full, answered generically.
    #[error("the server could not finish this request; try again later")]
    Internal(#[source] StoreError),
}

/// Whole seconds to wait, rounded up, at least one.
pub fn retry_after_secs(wait: Duration) -> u64 {
    (wait.as_millis().div_ceil(1000) as u64).max(1)
}

impl ApiError {
    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::BadRequest(_) => 400,
            ApiError::Unauthorized | ApiError::InvalidCredentials => 401,
            ApiError::NotFound(_) => 404,
            ApiError::MethodNotAllowed(_) => 405,
            ApiError::Conflict(_) => 409,
            ApiError::TooLarge(_) => 413,
            ApiError::RateLimited(_) => 429,
            ApiError::Internal(_) => 500,
        }
    }

    /// The stable machine-readable code (`ErrorBody::code`).
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad_request",
            ApiError::Unauthorized => "unauthorized",
            ApiError::InvalidCredentials => "invalid_credentials",
            ApiError::NotFound(_) => "not_found",
            ApiError::MethodNotAllowed(_) => "method_not_allowed",
            ApiError::Conflict(_) => "conflict",
            ApiError::TooLarge(_) => "too_large",
            ApiError::RateLimited(_) => "rate_limited",
            ApiError::Internal(_) => "internal",
        }
    }

    /// The one answer for a workspace or device the caller may not see, whether or not it
    /// exists, so ids of other accounts cannot be probed.
    pub fn workspace_not_found() -> Self {
        ApiError::NotFound("no such workspace".to_owned())
    }

    /// The one answer for a device the caller may not see.
    pub fn device_not_found() -> Self {
        ApiError::NotFound("no such device".to_owned())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NoSuchWorkspace => ApiError::workspace_not_found(),
            other => ApiError::Internal(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1000)), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1001)), 2);
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
    }

    #[test]
    fn internal_errors_say_nothing_of_their_cause() {
        let e = ApiError::Internal(StoreError::Pool("secret detail".into()));
        assert_eq!(e.status(), 500);
        assert!(!e.to_string().contains("secret"));
    }
}
