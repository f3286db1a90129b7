//! The HTTP surface: the WebSocket endpoint (`/` and `/sync`), `GET /healthz`
//! and `GET /v1/whoami`, and the token check in front of them.
//!
//! A token comes as `Authorization: Bearer …` or as `?token=…` (what an
//! unmodified automerge-repo WebSocket client can carry in its URL). A
//! missing, unknown or revoked token gets 401 before any upgrade; an address
//! with too many refusals in a minute gets 429 without its token being
//! looked at. Tokens never reach the logs: requests are logged by path only.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, PoisonError};
use std::time::Instant;

use axum::Json;
use axum::Router;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::{ConnectInfo, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::json::WhoAmI;
use crate::server::Shared;
use crate::storage::{Device, Farm};
use crate::token::TokenHash;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(sync_socket))
        .route("/sync", get(sync_socket))
        .route("/healthz", get(healthz))
        .route("/v1/whoami", get(whoami))
        .with_state(shared)
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn whoami(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    match authenticate(&shared, address.ip(), &headers, query.as_deref()).await {
        Ok(who) => Json(WhoAmI::new(&who.device, &who.farm)).into_response(),
        Err(refusal) => refusal,
    }
}

/// The WebSocket endpoint. Checks the token, the device's connection count,
/// then upgrades and hands the socket to `connection::serve`.
async fn sync_socket(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let who = match authenticate(&shared, address.ip(), &headers, query.as_deref()).await {
        Ok(who) => who,
        Err(refusal) => return refusal,
    };
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    if shared.shutdown.is_cancelled() {
        return (StatusCode::SERVICE_UNAVAILABLE, "shutting down\n").into_response();
    }
    let limit = shared.config.limits.max_connections_per_device;
    let Some(live) = shared.live.register(who.device.id, limit) else {
        tracing::warn!(device = %who.device.id, %address, limit, "too many connections for this device");
        return (
            StatusCode::TOO_MANY_REQUESTS,
            format!("this device already has {limit} open connections\n"),
        )
            .into_response();
    };
    // Counted from now, so that shutdown waits for a socket whose upgrade
    // is still under way.
    let tracked = shared.connections.token();
    let frame_limit = shared.config.limits.max_frame_bytes;
    let mut response = upgrade
        // Carnet's own clients ask for compressed frames; others get plain ones.
        .protocols([carnet_protocol::compression::SUBPROTOCOL])
        .max_message_size(frame_limit)
        .max_frame_size(frame_limit)
        .on_failed_upgrade(
            move |error| tracing::warn!(%error, %address, "websocket upgrade failed"),
        )
        .on_upgrade(move |socket| async move {
            crate::connection::serve(socket, shared, who.device, live, address).await;
            drop(tracked);
        });
    response
        .headers_mut()
        .insert(header::DATE, crate::connection::server_time_header());
    response
}

/// A device that presented a valid token.
#[derive(Debug)]
pub(crate) struct Authenticated {
    pub device: Device,
    pub farm: Farm,
}

async fn authenticate(
    shared: &Arc<Shared>,
    address: IpAddr,
    headers: &HeaderMap,
    query: Option<&str>,
) -> Result<Authenticated, Response> {
    if shared
        .auth_failures
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .is_blocked(address, Instant::now())
    {
        tracing::warn!(%address, "refused: too many failed authentications from this address");
        return Err((
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, HeaderValue::from_static("60"))],
            "too many failed authentications, try again in a minute\n",
        )
            .into_response());
    }
    let Some(presented) = presented_token(headers, query) else {
        return Err(refuse(shared, address, "no token"));
    };
    let Some(hash) = TokenHash::of_presented(presented) else {
        return Err(refuse(shared, address, "malformed token"));
    };
    let storage = Arc::clone(&shared.storage);
    let found = tokio::task::spawn_blocking(move || {
        let device = storage.device_for_token(&hash)?;
        let farm = match &device {
            Some(device) => storage.farm(device.farm)?,
            None => None,
        };
        Ok::<_, crate::error::ServerError>(device.zip(farm))
    })
    .await;
    match found {
        Ok(Ok(Some((device, _)))) if device.is_revoked() => {
            tracing::warn!(%address, device = %device.id, name = %device.name, "refused: device revoked");
            Err(refuse(shared, address, "revoked device"))
        }
        Ok(Ok(Some((device, farm)))) => Ok(Authenticated { device, farm }),
        Ok(Ok(None)) => Err(refuse(shared, address, "unknown token")),
        Ok(Err(error)) => {
            tracing::error!(%error, "cannot check a token");
            Err((StatusCode::INTERNAL_SERVER_ERROR, "storage failure\n").into_response())
        }
        Err(error) => {
            tracing::error!(%error, "token check failed");
            Err((StatusCode::INTERNAL_SERVER_ERROR, "storage failure\n").into_response())
        }
    }
}

/// Counts and logs a refused token; the answer never says why, so a caller
/// cannot tell an unknown token from a revoked one.
fn refuse(shared: &Shared, address: IpAddr, reason: &'static str) -> Response {
    let failures = shared
        .auth_failures
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .record(address, Instant::now());
    tracing::warn!(%address, reason, failures_this_minute = failures, "authentication refused");
    (
        StatusCode::UNAUTHORIZED,
        [(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"))],
        "invalid or missing device token\n",
    )
        .into_response()
}

/// The token from `Authorization: Bearer …`, else from `?token=…`.
fn presented_token<'a>(headers: &'a HeaderMap, query: Option<&'a str>) -> Option<&'a str> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            let (scheme, token) = value.trim().split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then_some(token.trim())
        });
    // Tokens are base64url, which needs no percent-decoding.
    bearer.or_else(|| {
        query?
            .split('&')
            .find_map(|pair| pair.strip_prefix("token="))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_comes_from_the_bearer_header_or_the_query() {
        let mut headers = HeaderMap::new();
        assert_eq!(
            presented_token(&headers, Some("a=1&token=cst_x&b=2")),
            Some("cst_x")
        );
        assert_eq!(presented_token(&headers, Some("tokens=cst_x")), None);
        assert_eq!(presented_token(&headers, None), None);
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer cst_h"),
        );
        assert_eq!(
            presented_token(&headers, Some("token=cst_q")),
            Some("cst_h")
        );
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(
            presented_token(&headers, Some("token=cst_q")),
            Some("cst_q")
        );
    }
}
