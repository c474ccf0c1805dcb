//! Talking to servers outside the sync protocol: what an address means, the Tandem server's HTTP
//! API (register, invite, join, list grants), and invite codes.
//!
//! Two kinds of server are supported:
//! - a **Tandem server** (`tandem-sync-server`), addressed by its HTTP base URL
//!   (`http://host:port` or `https://...`). It has accounts: the profile holds a bearer token,
//!   and the WebSocket endpoint is `ws(s)://host:port/sync?token=...`.
//! - a **plain automerge-repo relay** (e.g. the Node `@automerge/automerge-repo` server),
//!   addressed by its WebSocket URL (`ws://host:port` or `wss://...`). It has no accounts:
//!   anyone who knows a document id may read and write it.

use std::time::Duration;

use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use url::Url;

use crate::ClientError;

/// How long one API call may take.
const API_TIMEOUT: Duration = Duration::from_secs(15);

/// A server address, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerAddr {
    /// A Tandem server: its HTTP base URL (no trailing slash).
    Tandem(Url),
    /// A plain automerge-repo relay: the WebSocket URL dialed as is.
    Relay(Url),
}

impl ServerAddr {
    /// Parses what a user typed: `http(s)://` for a Tandem server, `ws(s)://` for a relay. A
    /// bare `host:port` is taken as `http://host:port`.
    pub fn parse(raw: &str) -> Result<ServerAddr, ClientError> {
        let raw = raw.trim();
        let with_scheme = if raw.contains("://") { raw.to_owned() } else { format!("http://{raw}") };
        let url = Url::parse(&with_scheme).map_err(|e| {
            ClientError::Input(format!(
                "{raw:?} is not a server address ({e}); write it like http://127.0.0.1:7878 for a Tandem server \
                 or ws://host:port for a plain automerge-repo relay"
            ))
        })?;
        if url.host_str().is_none_or(str::is_empty) {
            return Err(ClientError::Input(format!("{raw:?} has no host name")));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(ClientError::Input(format!(
                "{raw:?} carries a query or fragment; give the server's address only (tokens go in --token)"
            )));
        }
        match url.scheme() {
            "http" | "https" => {
                let mut url = url;
                let path = url.path().trim_end_matches('/').to_owned();
                url.set_path(&path);
                Ok(ServerAddr::Tandem(url))
            }
            "ws" | "wss" => Ok(ServerAddr::Relay(url)),
            other => Err(ClientError::Input(format!(
                "{raw:?} uses {other}://; use http(s):// for a Tandem server or ws(s):// for a plain relay"
            ))),
        }
    }

    /// The key this server has in the profile.
    pub fn key(&self) -> String {
        let url = match self {
            ServerAddr::Tandem(u) | ServerAddr::Relay(u) => u,
        };
        url.as_str().trim_end_matches('/').to_owned()
    }

    /// Whether this is a Tandem server with accounts.
    pub fn is_tandem(&self) -> bool {
        matches!(self, ServerAddr::Tandem(_))
    }

    /// The WebSocket URL to dial, with the token for a Tandem server.
    pub fn sync_url(&self, token: Option<&str>) -> Url {
        match self {
            ServerAddr::Relay(u) => u.clone(),
            ServerAddr::Tandem(base) => {
                let mut u = base.clone();
                let scheme = if base.scheme() == "https" { "wss" } else { "ws" };
                // http → ws and https → wss are always allowed by the url crate.
                let _ = u.set_scheme(scheme);
                let path = format!("{}/sync", base.path().trim_end_matches('/'));
                u.set_path(&path);
                if let Some(t) = token {
                    u.query_pairs_mut().append_pair("token", t);
                }
                u
            }
        }
    }

    fn endpoint(&self, path: &str) -> Result<Url, ClientError> {
        match self {
            ServerAddr::Tandem(base) => {
                let mut u = base.clone();
                u.set_path(&format!("{}{path}", base.path().trim_end_matches('/')));
                Ok(u)
            }
            ServerAddr::Relay(u) => Err(ClientError::Input(format!(
                "{u} is a plain automerge-repo relay: it has no accounts, invites or members"
            ))),
        }
    }
}

impl std::fmt::Display for ServerAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.key())
    }
}

/// A grant as the server lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Grant {
    pub document_id: String,
    pub role: String,
}

/// What joining with an invite returned.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Joined {
    /// A new token, or `None` when the grant went to the token sent along.
    #[serde(default)]
    pub token: Option<String>,
    pub member_id: i64,
    pub document_id: String,
    pub role: String,
}

/// A new invite as the server returned it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NewInvite {
    pub invite: String,
    pub role: String,
    pub expires_at: i64,
}

/// The HTTP side of a Tandem server.
#[derive(Debug, Clone)]
pub struct Api {
    http: reqwest::Client,
}

impl Api {
    pub fn new() -> Result<Api, ClientError> {
        let http = reqwest::Client::builder()
            .timeout(API_TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| ClientError::Profile(format!("cannot set up HTTP: {e}")))?;
        Ok(Api { http })
    }

    async fn call(
        &self,
        server: &ServerAddr,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Result<(u16, Value), ClientError> {
        let url = server.endpoint(path)?;
        let mut req = self.http.request(method, url);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| ClientError::Unreachable { server: server.key(), reason: describe_http_error(&e) })?;
        let status = resp.status().as_u16();
        let text = resp.text().await.map_err(|e| ClientError::Unreachable {
            server: server.key(),
            reason: format!("the answer was cut off: {e}"),
        })?;
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        if (200..300).contains(&status) {
            return Ok((status, value));
        }
        let message =
            value.get("error").and_then(Value::as_str).map(str::to_owned).unwrap_or_else(|| {
                format!("HTTP {status}: {}", value.to_string().chars().take(200).collect::<String>())
            });
        Err(ClientError::Server { server: server.key(), status, message })
    }

    /// Registers a project; the token becomes its coordinator. `Ok(false)` when the project was
    /// already registered by this same token (sharing twice is harmless).
    pub async fn register(
        &self,
        server: &ServerAddr,
        token: &str,
        document_id: &str,
        name: &str,
    ) -> Result<bool, ClientError> {
        let body = json!({ "document_id": document_id, "name": name });
        match self.call(server, reqwest::Method::POST, "/v1/projects", Some(token), Some(body)).await {
            Ok(_) => Ok(true),
            Err(ClientError::Server { status: 409, .. })
                if self.grants(server, token).await?.iter().any(|g| g.document_id == document_id) =>
            {
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// The projects this token may open, with its role in each.
    pub async fn grants(&self, server: &ServerAddr, token: &str) -> Result<Vec<Grant>, ClientError> {
        let (_, body) = self.call(server, reqwest::Method::GET, "/v1/projects", Some(token), None).await?;
        serde_json::from_value(body.get("projects").cloned().unwrap_or(Value::Null)).map_err(|e| ClientError::Server {
            server: server.key(),
            status: 200,
            message: format!("odd answer: {e}"),
        })
    }

    /// Creates a single-use invite.
    pub async fn invite(
        &self,
        server: &ServerAddr,
        token: &str,
        document_id: &str,
        role: &str,
        expires_in_hours: u32,
    ) -> Result<NewInvite, ClientError> {
        let body = json!({ "role": role, "expires_in_hours": expires_in_hours });
        let path = format!("/v1/projects/{document_id}/invites");
        let (_, body) = self.call(server, reqwest::Method::POST, &path, Some(token), Some(body)).await?;
        serde_json::from_value(body).map_err(|e| ClientError::Server {
            server: server.key(),
            status: 201,
            message: format!("odd answer: {e}"),
        })
    }

    /// Spends an invite. With `held`, the grant is added to the token this profile already has.
    pub async fn join(
        &self,
        server: &ServerAddr,
        held: Option<&str>,
        invite: &str,
        name: &str,
    ) -> Result<Joined, ClientError> {
        let body = json!({ "invite": invite, "name": name });
        let (_, body) = self.call(server, reqwest::Method::POST, "/v1/join", held, Some(body)).await?;
        serde_json::from_value(body).map_err(|e| ClientError::Server {
            server: server.key(),
            status: 201,
            message: format!("odd answer: {e}"),
        })
    }
}

fn describe_http_error(e: &reqwest::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!(": {s}"));
        source = s.source();
    }
    msg
}

/// What an invite code carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteCode {
    /// Format version.
    pub v: u32,
    /// The server address (as in the profile).
    pub server: String,
    /// The project's document id.
    pub project: String,
    /// The one-time secret (absent for a plain relay, which has no accounts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite: Option<String>,
    /// The role the invite grants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The project's name, to show before joining.
    #[serde(default)]
    pub name: String,
}

/// Invite codes start with this.
pub const INVITE_PREFIX: &str = "tandem-invite:";

impl InviteCode {
    /// The code as one copy-and-paste line.
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        format!("{INVITE_PREFIX}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json))
    }

    /// Reads a code, saying what is wrong with a damaged one.
    pub fn decode(code: &str) -> Result<InviteCode, ClientError> {
        let bad = |why: &str| {
            ClientError::Input(format!(
                "this is not a Tandem invite code ({why}); copy the whole line that `tandem invite` printed, \
                 starting with {INVITE_PREFIX}"
            ))
        };
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        let body = code.strip_prefix(INVITE_PREFIX).ok_or_else(|| bad("it does not start with tandem-invite:"))?;
        let json = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(body.trim_end_matches('='))
            .map_err(|_| bad("it is cut short or altered"))?;
        let parsed: InviteCode = serde_json::from_slice(&json).map_err(|_| bad("its contents are damaged"))?;
        if parsed.v != 1 {
            return Err(ClientError::Input(format!(
                "this invite code has format version {}; this version of Tandem reads version 1, so update Tandem",
                parsed.v
            )));
        }
        Ok(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        let t = ServerAddr::parse("http://127.0.0.1:7878/").expect("tandem");
        assert_eq!(t.key(), "http://127.0.0.1:7878");
        assert_eq!(t.sync_url(Some("tdt_x")).as_str(), "ws://127.0.0.1:7878/sync?token=tdt_x");
        let t = ServerAddr::parse("https://example.com/tandem").expect("prefix");
        assert_eq!(t.sync_url(None).as_str(), "wss://example.com/tandem/sync");
        assert_eq!(t.endpoint("/v1/join").expect("api").as_str(), "https://example.com/tandem/v1/join");
        assert_eq!(ServerAddr::parse("localhost:7878").expect("bare").key(), "http://localhost:7878");
        let r = ServerAddr::parse("ws://127.0.0.1:9000").expect("relay");
        assert!(!r.is_tandem());
        assert_eq!(r.sync_url(Some("ignored")).as_str(), "ws://127.0.0.1:9000/");
        for bad in ["ftp://x", "http://x?token=1", "://", "http://"] {
            assert!(ServerAddr::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn invite_codes_round_trip_and_damage_is_explained() {
        let code = InviteCode {
            v: 1,
            server: "http://127.0.0.1:7878".into(),
            project: "4NMNnkMhL8jXrdJ9jamS58PAVdXu".into(),
            invite: Some("tdi_abc".into()),
            role: Some("member".into()),
            name: "Billing revamp".into(),
        };
        let text = code.encode();
        assert!(text.starts_with(INVITE_PREFIX));
        assert_eq!(InviteCode::decode(&format!("  {text}\n")).expect("decodes"), code);
        let cut = &text[..text.len() - 5];
        assert!(InviteCode::decode(cut).unwrap_err().to_string().contains("not a Tandem invite code"));
        assert!(InviteCode::decode("hello").unwrap_err().to_string().contains("does not start"));
    }
}
