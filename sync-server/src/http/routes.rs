//! Request handlers: parse, call one use case, answer.

use std::time::Instant;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, Method, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use kith_protocol::{
    CreateAccount, DeviceInfo, Login, PullResponse, PushRequest, PushResponse, Session,
};

use super::extract::{ApiJson, Authenticated, ClientIp};
use super::{now_ms, AppState};
use crate::error::ApiError;
use crate::relay::Fresh;
use crate::{accounts, changes};

pub async fn healthz(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    state.relay.store.check().await?;
    Ok("ok")
}

pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.relay.metrics.render(),
    )
}

pub async fn create_account(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<CreateAccount>,
) -> Result<(StatusCode, Json<Session>), ApiError> {
    let fresh = Fresh::draw(&mut rand::rng());
    let session = accounts::create(&state.relay, request, now_ms(), fresh).await?;
    Ok((StatusCode::CREATED, Json(session)))
}

pub async fn login(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    ApiJson(request): ApiJson<Login>,
) -> Result<Json<Session>, ApiError> {
    let fresh = Fresh::draw(&mut rand::rng());
    let session = accounts::login(
        &state.relay,
        request,
        client,
        now_ms(),
        Instant::now(),
        fresh,
    )
    .await?;
    Ok(Json(session))
}

pub async fn logout(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> Result<StatusCode, ApiError> {
    accounts::logout(&state.relay, &caller, now_ms()).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn devices(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> Result<Json<Vec<DeviceInfo>>, ApiError> {
    Ok(Json(accounts::devices(&state.relay, &caller).await?))
}

pub async fn revoke_device(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(device_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    accounts::revoke(&state.relay, &caller, &device_id, now_ms()).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn push(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(workspace_id): Path<String>,
    ApiJson(request): ApiJson<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    let response = changes::push(&state.relay, &caller, &workspace_id, request, now_ms()).await?;
    Ok(Json(response))
}

pub async fn pull(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(workspace_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<PullResponse>, ApiError> {
    let response = changes::pull(&state.relay, &caller, &workspace_id, query.as_deref()).await?;
    Ok(Json(response))
}

pub async fn no_route() -> ApiError {
    ApiError::NotFound("no such route; the API lives under /v1 (see the README)".to_owned())
}

pub async fn method_not_allowed(method: Method) -> ApiError {
    ApiError::MethodNotAllowed(format!("method {method} is not allowed on this route"))
}
