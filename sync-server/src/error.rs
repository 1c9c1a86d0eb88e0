//! The errors a request can end in, each with its HTTP status and its stable `code`
//! (`ErrorBody::code`). Messages name what was wrong and where; internal failures are logged in
//! full and answered generically.

use std::time::Duration;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("the device token is missing, unknown or revoked; log in again")]
    Unauthorized,
    #[error("email or password is wrong")]
    InvalidCredentials,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooLarge(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    #[error("too many failed logins; try again in {} seconds", retry_after_secs(*.0))]
    RateLimited(Duration),
    #[error("the server could not finish this request; try again later")]
    Internal(#[source] StoreError),
}

/// Whole seconds to wait, rounded up, at least one.
pub fn retry_after_secs(wait: Duration) -> u64 {
    (wait.as_millis().div_ceil(1000) as u64).max(1)
}

impl ApiError {
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
