//! Extractors: a JSON body whose errors name the field, the authenticated device, the client's
//! address.

use std::net::{IpAddr, SocketAddr};

use axum::body::Bytes;
use axum::extract::connect_info::Connected;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use axum::serve::IncomingStream;
use kith_protocol::MAX_BODY_BYTES;
use serde::de::DeserializeOwned;

use super::{client_address, now_ms, AppState};
use crate::accounts;
use crate::error::ApiError;
use crate::serve::{PlainListener, TlsListener};
use crate::store::Caller;

/// The TCP peer of a connection, plain or TLS.
#[derive(Clone, Copy, Debug)]
pub struct PeerAddr(pub SocketAddr);

impl Connected<IncomingStream<'_, PlainListener>> for PeerAddr {
    fn connect_info(stream: IncomingStream<'_, PlainListener>) -> Self {
        PeerAddr(*stream.remote_addr())
    }
}

impl Connected<IncomingStream<'_, TlsListener>> for PeerAddr {
    fn connect_info(stream: IncomingStream<'_, TlsListener>) -> Self {
        PeerAddr(*stream.remote_addr())
    }
}

fn too_large() -> ApiError {
    ApiError::TooLarge(format!(
        "the request body is larger than {MAX_BODY_BYTES} bytes; push fewer changes at a time"
    ))
}

/// A JSON body. A body over `MAX_BODY_BYTES` is refused before it is read when it says its
/// length, and as soon as it passes the limit when it does not.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
            return Err(too_large());
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                too_large()
            } else {
                ApiError::BadRequest(format!("could not read the request body: {e}"))
            }
        })?;
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let path = e.path().to_string();
            if path == "." {
                ApiError::BadRequest(format!("the body is not the JSON expected: {}", e.inner()))
            } else {
                ApiError::BadRequest(format!(
                    "the body is not the JSON expected: {path}: {}",
                    e.inner()
                ))
            }
        })?;
        deserializer.end().map_err(|e| {
            ApiError::BadRequest(format!("the body has more after its JSON value: {e}"))
        })?;
        Ok(ApiJson(value))
    }
}

/// The device a valid `Authorization: Bearer` token belongs to.
pub struct Authenticated(pub Caller);

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        accounts::authenticate(&state.relay, header, now_ms())
            .await
            .map(Authenticated)
    }
}

/// The address a login is counted against.
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<PeerAddr>>()
            .map_or(SocketAddr::from(([0, 0, 0, 0], 0)), |c| c.0 .0);
        Ok(ClientIp(client_address(
            state.trust_forwarded_for,
            peer,
            &parts.headers,
        )))
    }
}
