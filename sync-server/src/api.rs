//! HTTP handlers: the authenticated WebSocket upgrade, the project API (register, invite, join,
//! members, revoke), `/healthz` and `/metrics`. Errors are JSON `{"error": "..."}` that say what
//! to fix.

use std::str::FromStr;

use axum::Json;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Path, Query, State, rejection::JsonRejection};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use samod::DocumentId;
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::conns::CloseCause;
use crate::db::{DbError, Role, Token, TokenKind};

/// An API error: a status and a sentence.
#[derive(Debug)]
pub(crate) struct ApiError(StatusCode, String);

impl ApiError {
    fn unauthorized() -> ApiError {
        ApiError(
            StatusCode::UNAUTHORIZED,
            "missing, unknown or revoked token; send `Authorization: Bearer <token>` (or `?token=` on /sync)".into(),
        )
    }

    fn bad_request(msg: impl Into<String>) -> ApiError {
        ApiError(StatusCode::BAD_REQUEST, msg.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.0, Json(json!({ "error": self.1 }))).into_response();
        if self.0 == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        let status = match &e {
            DbError::ProjectExists(_) => StatusCode::CONFLICT,
            DbError::NoSuchProject(_) | DbError::NoSuchMember(_) | DbError::NoSuchToken(_) => StatusCode::NOT_FOUND,
            DbError::InviteInvalid => StatusCode::FORBIDDEN,
            DbError::CannotRevokeCoordinator | DbError::PeerTaken(_) | DbError::AlreadyMember(_) => {
                StatusCode::CONFLICT
            }
            DbError::Sql(_) | DbError::Migrate(_) => {
                tracing::error!("metadata database: {e}");
                return ApiError(StatusCode::INTERNAL_SERVER_ERROR, "the server's metadata database failed".into());
            }
        };
        ApiError(status, e.to_string())
    }
}

impl From<JsonRejection> for ApiError {
    fn from(e: JsonRejection) -> Self {
        ApiError::bad_request(format!("the request body is not the JSON this endpoint takes: {}", e.body_text()))
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

async fn authenticate(state: &AppState, secret: Option<&str>) -> Result<Token, ApiError> {
    let secret = secret.filter(|s| !s.is_empty()).ok_or_else(ApiError::unauthorized)?;
    state.inner.db.authenticate(secret).await?.ok_or_else(ApiError::unauthorized)
}

/// Accepts `<id>` or `automerge:<id>`.
fn parse_document_id(raw: &str) -> Result<String, ApiError> {
    let id = raw.strip_prefix("automerge:").unwrap_or(raw);
    DocumentId::from_str(id).map(|d| d.to_string()).map_err(|_| {
        ApiError::bad_request(format!("{raw:?} is not an automerge document id (like 4NMNnkMhL8jXrdJ9jamS58PAVdXu)"))
    })
}

/// The caller's role on a project, or 404 when it has none (no existence leak).
async fn require_role(state: &AppState, token: &Token, document_id: &str) -> Result<Role, ApiError> {
    state.inner.db.role(token.id, document_id).await?.ok_or_else(|| DbError::NoSuchProject(document_id.into()).into())
}

async fn require_coordinator(state: &AppState, token: &Token, document_id: &str) -> Result<(), ApiError> {
    match require_role(state, token, document_id).await? {
        Role::Coordinator => Ok(()),
        _ => Err(ApiError(StatusCode::FORBIDDEN, "only the project's coordinator may do this".into())),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct TokenQuery {
    token: Option<String>,
}

/// `GET /sync` (WebSocket upgrade): authenticates before upgrading; 401 upgrades nothing.
pub(crate) async fn sync_upgrade(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<TokenQuery>,
    ws: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Response {
    let shared = &state.inner;
    let secret = bearer(&headers).map(str::to_owned).or(query.token);
    let token = match authenticate(&state, secret.as_deref()).await {
        Ok(token) => token,
        Err(e) => {
            shared.metrics.refuse("unauthorized");
            tracing::info!("refused a WebSocket upgrade: {}", e.1);
            return e.into_response();
        }
    };
    let ws = match ws {
        Ok(ws) => ws,
        Err(e) => {
            shared.metrics.refuse("not_websocket");
            return ApiError::bad_request(format!("/sync takes a WebSocket upgrade: {}", e.body_text()))
                .into_response();
        }
    };
    if shared.shutdown.is_cancelled() {
        shared.metrics.refuse("shutting_down");
        return ApiError(StatusCode::SERVICE_UNAVAILABLE, "the server is shutting down".into()).into_response();
    }
    if shared.conns.len() >= shared.limits.max_connections {
        shared.metrics.refuse("too_many_connections");
        tracing::warn!(max = shared.limits.max_connections, "refused a connection: at the connection limit");
        return ApiError(StatusCode::SERVICE_UNAVAILABLE, "the server is at its connection limit; retry later".into())
            .into_response();
    }
    let grants = match shared.db.grants(token.id).await {
        Ok(grants) => grants,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let limits = &shared.limits;
    let tasks = shared.tasks.clone();
    let task_state = state.clone();
    // The read buffer is allocated and zero-filled for every connection; tungstenite's 128 KiB
    // default was half of what an idle connection cost. A frame larger than the buffer still
    // arrives whole (tungstenite reserves the frame's length once its header is read).
    ws.read_buffer_size(limits.ws_read_buffer_bytes)
        .max_frame_size(limits.max_frame_bytes)
        .max_message_size(limits.max_message_bytes)
        .on_failed_upgrade(|e| tracing::info!("WebSocket upgrade failed: {e}"))
        .on_upgrade(move |socket| tasks.track_future(crate::gate::serve(task_state, socket, token, grants)))
}

/// `GET /healthz`: 200 when storage writes succeed and the metadata database answers.
pub(crate) async fn healthz(State(state): State<AppState>) -> Response {
    let shared = &state.inner;
    let storage = shared.store.health();
    let database = shared.db.ping().await;
    let healthy = storage.is_healthy() && database.is_ok();
    let body = json!({
        "status": if healthy { "ok" } else { "failing" },
        "storage": format!("{storage:?}"),
        "database": match &database { Ok(()) => "ok".to_owned(), Err(e) => e.to_string() },
        "connections": shared.conns.len(),
    });
    let status = if healthy { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, Json(body)).into_response()
}

/// `GET /metrics`: Prometheus text format.
pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
    let shared = &state.inner;
    let body = shared.metrics.render(shared.store.stats(), shared.store.health().is_healthy());
    ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], body).into_response()
}

#[derive(Debug, Deserialize)]
pub(crate) struct RegisterProject {
    document_id: String,
    #[serde(default)]
    name: String,
}

/// `POST /v1/projects` `{"document_id", "name"}`: an admin token registers a project and becomes
/// its coordinator.
pub(crate) async fn register_project(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<RegisterProject>, JsonRejection>,
) -> Result<Response, ApiError> {
    let token = authenticate(&state, bearer(&headers)).await?;
    let Json(body) = body?;
    if token.kind != TokenKind::Admin {
        return Err(ApiError(
            StatusCode::FORBIDDEN,
            "this token may not register projects; use a token made with `tandem-sync-server token create`".into(),
        ));
    }
    let document_id = parse_document_id(&body.document_id)?;
    let name = body.name.trim();
    if name.chars().count() > 200 {
        return Err(ApiError::bad_request("the project name is longer than 200 characters"));
    }
    state.inner.db.register_project(&token, &document_id, name).await?;
    state.inner.conns.grant(token.id, &document_id, Role::Coordinator);
    tracing::info!(%document_id, token = %token.name, "project registered");
    Ok((StatusCode::CREATED, Json(json!({ "document_id": document_id, "name": name, "role": "coordinator" })))
        .into_response())
}

/// `GET /v1/projects`: the projects this token may use, with its role.
pub(crate) async fn list_projects(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let token = authenticate(&state, bearer(&headers)).await?;
    let mut grants: Vec<_> = state.inner.db.grants(token.id).await?.into_iter().collect();
    grants.sort();
    let list: Vec<_> = grants.into_iter().map(|(doc, role)| json!({ "document_id": doc, "role": role })).collect();
    Ok(Json(json!({ "projects": list })).into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct CreateInvite {
    #[serde(default = "default_role")]
    role: String,
    /// Hours until the invite expires (default 168, one week; at most 8760).
    #[serde(default = "default_expiry_hours")]
    expires_in_hours: u32,
}

fn default_role() -> String {
    "member".into()
}

fn default_expiry_hours() -> u32 {
    168
}

/// `POST /v1/projects/{id}/invites` `{"role": "member"|"viewer", "expires_in_hours": 168}`: the
/// coordinator makes a single-use invite; the secret is returned once.
pub(crate) async fn create_invite(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(document_id): Path<String>,
    body: Result<Json<CreateInvite>, JsonRejection>,
) -> Result<Response, ApiError> {
    let token = authenticate(&state, bearer(&headers)).await?;
    let Json(body) = body?;
    let document_id = parse_document_id(&document_id)?;
    require_coordinator(&state, &token, &document_id).await?;
    let role = match Role::from_str(&body.role) {
        Ok(role @ (Role::Member | Role::Viewer)) => role,
        _ => return Err(ApiError::bad_request(format!("role {:?}: invite as member or viewer", body.role))),
    };
    if body.expires_in_hours == 0 || body.expires_in_hours > 8760 {
        return Err(ApiError::bad_request("expires_in_hours must be between 1 and 8760 (one year)"));
    }
    let expires_at = crate::db::now_ms() + i64::from(body.expires_in_hours) * 3_600_000;
    let invite = state.inner.db.create_invite(&document_id, role, token.id, expires_at).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "document_id": document_id,
            "invite": invite.secret,
            "role": invite.role,
            "expires_at": invite.expires_at,
        })),
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct Join {
    invite: String,
    name: String,
}

/// `POST /v1/join` `{"invite", "name"}`: spends an invite, returns a member token for that project.
/// A caller that sends a token it already holds (`Authorization: Bearer`) gets the grant added to
/// that token instead, and no new token.
pub(crate) async fn join(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Join>, JsonRejection>,
) -> Result<Response, ApiError> {
    let existing = match bearer(&headers) {
        Some(secret) => Some(authenticate(&state, Some(secret)).await?),
        None => None,
    };
    let Json(body) = body?;
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::bad_request("name must be 1 to 200 characters: the name the coordinator will see"));
    }
    let joined = state.inner.db.join(body.invite.trim(), name, existing.as_ref()).await?;
    tracing::info!(document_id = %joined.document_id, member = name, role = joined.role.as_str(), "member joined");
    Ok((StatusCode::CREATED, Json(joined)).into_response())
}

/// `GET /v1/projects/{id}/members`: the coordinator lists members (revoked ones included).
pub(crate) async fn list_members(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(document_id): Path<String>,
) -> Result<Response, ApiError> {
    let token = authenticate(&state, bearer(&headers)).await?;
    let document_id = parse_document_id(&document_id)?;
    require_coordinator(&state, &token, &document_id).await?;
    let members = state.inner.db.members(&document_id).await?;
    Ok(Json(json!({ "document_id": document_id, "members": members })).into_response())
}

/// `DELETE /v1/projects/{id}/members/{member}`: the coordinator revokes a member; the member's
/// open connections are closed at once.
pub(crate) async fn revoke_member(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((document_id, member_id)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let token = authenticate(&state, bearer(&headers)).await?;
    let document_id = parse_document_id(&document_id)?;
    require_coordinator(&state, &token, &document_id).await?;
    let revoked_token = state.inner.db.revoke_member(&document_id, member_id).await?;
    let closed = state.inner.conns.close_token(revoked_token, CloseCause::Revoked);
    tracing::info!(%document_id, member_id, closed, "member revoked");
    Ok(Json(json!({ "revoked": member_id, "connections_closed": closed })).into_response())
}
