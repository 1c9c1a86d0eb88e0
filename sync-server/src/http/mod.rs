//! The HTTP boundary: routes, extractors that turn a request into checked inputs, errors into
//! `ErrorBody` answers, and one log line and metrics sample per request. Handlers (in
//! `routes.rs` and `events.rs`) parse, call one use case and answer; nothing else.

mod events;
mod extract;
mod routes;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use kith_protocol::{ErrorBody, MAX_BODY_BYTES};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

use crate::error::{retry_after_secs, ApiError};
use crate::relay::Relay;

pub use extract::PeerAddr;

/// Longest time a request may take to be answered (an event stream is answered at once and then
/// stays open).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What every handler gets.
#[derive(Clone)]
pub struct AppState {
    /// The use cases' shared state.
    pub relay: Arc<Relay>,
    /// Read the client address from the last `X-Forwarded-For` entry (set by the load balancer
    /// in front) instead of the TCP peer, for the per-address login limit.
    pub trust_forwarded_for: bool,
}

/// The clock, read here at the boundary and handed to the use cases.
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Every route of the API, with the body limit, timeouts and metrics around them.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(routes::healthz))
        .route("/metrics", get(routes::metrics))
        .route("/v1/accounts", post(routes::create_account))
        .route("/v1/login", post(routes::login))
        .route("/v1/logout", post(routes::logout))
        .route("/v1/devices", get(routes::devices))
        .route("/v1/devices/{device_id}", delete(routes::revoke_device))
        .route(
            "/v1/workspaces/{workspace_id}/changes",
            post(routes::push).get(routes::pull),
        )
        .route("/v1/workspaces/{workspace_id}/events", get(events::events))
        .fallback(routes::no_route)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(CatchPanicLayer::new())
        .layer(middleware::map_response(error_body_everywhere))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(cause) = &self {
            // In full here, generic in the answer.
            tracing::error!(error = %cause, "request failed");
        }
        let status =
            StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = ErrorBody {
            code: self.code().to_owned(),
            message: self.to_string(),
        };
        let mut response = (status, Json(body)).into_response();
        if let ApiError::RateLimited(wait) = self {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(retry_after_secs(wait)),
            );
        }
        response
    }
}

/// Gives the answers made outside the handlers (a timeout, a caught panic) an `ErrorBody` too, so
/// every 4xx and 5xx has one.
async fn error_body_everywhere(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let body = ErrorBody {
        code: if status.is_server_error() {
            "internal"
        } else {
            "bad_request"
        }
        .to_owned(),
        message: if status == StatusCode::SERVICE_UNAVAILABLE {
            "the server took too long to answer; try again later".to_owned()
        } else {
            format!("the server could not answer this request ({status}); try again later")
        },
    };
    (status, Json(body)).into_response()
}

/// The workspace id a request names, for the log line (ids are opaque random uuids).
fn workspace_of(route: &str, path: &str) -> Option<String> {
    route.starts_with("/v1/workspaces/").then(|| {
        path.split('/')
            .nth(3)
            .unwrap_or("")
            .chars()
            .take(64)
            .collect()
    })
}

/// One log line and one metrics sample per request, labelled by the route template. Never logs
/// the query string, a header or a body.
async fn observe(
    State(state): State<AppState>,
    matched: Option<MatchedPath>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = matched.map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let workspace_id = workspace_of(&route, request.uri().path());
    let has_body = request_has_body(request.headers());
    let mut response = next.run(request).await;
    if has_body && (response.status().is_client_error() || response.status().is_server_error()) {
        // The body may be unread (refused before reading it): hyper will then close the
        // connection, and saying so keeps a client from reusing it for its next request.
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    state
        .relay
        .metrics
        .observe(method.as_str(), &route, status, elapsed);
    tracing::info!(
        method = %method,
        route = %route,
        status,
        duration_ms = elapsed.as_secs_f64() * 1000.0,
        workspace_id = workspace_id.as_deref().unwrap_or(""),
        "request"
    );
    response
}

fn request_has_body(headers: &axum::http::HeaderMap) -> bool {
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v != "0")
}

/// The address the login limit counts against.
pub(crate) fn client_address(
    trust_forwarded_for: bool,
    peer: SocketAddr,
    headers: &axum::http::HeaderMap,
) -> std::net::IpAddr {
    if trust_forwarded_for {
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .next_back()
            .and_then(|last| last.trim().parse().ok());
        if let Some(address) = forwarded {
            return address;
        }
    }
    peer.ip()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn answers_made_outside_the_handlers_get_an_error_body() {
        let timed_out =
            error_body_everywhere(StatusCode::SERVICE_UNAVAILABLE.into_response()).await;
        assert_eq!(timed_out.status(), StatusCode::SERVICE_UNAVAILABLE);
        let bytes = axum::body::to_bytes(timed_out.into_body(), 10_000)
            .await
            .unwrap();
        let body: ErrorBody = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body.code, "internal");

        let fine = error_body_everywhere("ok".into_response()).await;
        assert_eq!(fine.status(), StatusCode::OK);
        let already = error_body_everywhere(ApiError::Unauthorized.into_response()).await;
        let bytes = axum::body::to_bytes(already.into_body(), 10_000)
            .await
            .unwrap();
        let body: ErrorBody = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body.code, "unauthorized");
    }

    #[test]
    fn the_forwarded_address_counts_only_when_trusted() {
        let peer = SocketAddr::from(([10, 0, 0, 1], 40000));
        let mut headers = axum::http::HeaderMap::new();
        headers.insert("x-forwarded-for", "1.2.3.4, 5.6.7.8".parse().unwrap());
        assert_eq!(client_address(false, peer, &headers), peer.ip());
        // The last entry is the one the nearest proxy added; earlier ones the client can forge.
        assert_eq!(
            client_address(true, peer, &headers),
            "5.6.7.8".parse::<std::net::IpAddr>().unwrap()
        );
        headers.insert("x-forwarded-for", "garbage".parse().unwrap());
        assert_eq!(client_address(true, peer, &headers), peer.ip());
        assert_eq!(
            client_address(true, peer, &axum::http::HeaderMap::new()),
            peer.ip()
        );
    }

    #[test]
    fn only_workspace_routes_log_a_workspace() {
        assert_eq!(
            workspace_of(
                "/v1/workspaces/{workspace_id}/changes",
                "/v1/workspaces/abc/changes"
            ),
            Some("abc".to_owned())
        );
        assert_eq!(
            workspace_of("/v1/devices/{device_id}", "/v1/devices/x"),
            None
        );
    }
}
