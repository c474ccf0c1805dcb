//! Connecting a samod repository to a sync server over WebSocket (tokio-tungstenite): a
//! [`samod::Dialer`] whose URL may carry the member's token as `?token=`, and a [`LinkProbe`]
//! that records what happened to each attempt (refused, unreachable, closed with a reason), which
//! samod's own dialer events do not say.

use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use futures::{SinkExt, StreamExt, TryStreamExt};
use samod::{Transport, Url};
use tokio_tungstenite::tungstenite::{self, Message};

/// What the transport saw of the most recent attempts to reach a server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProbeState {
    /// Connection attempts so far.
    pub attempts: u64,
    /// A WebSocket is open right now.
    pub open: bool,
    /// Why the last attempt failed or the last connection ended.
    pub last_error: Option<String>,
    /// The server refused the token at the upgrade (HTTP 401/403): retrying cannot help.
    pub refused: Option<String>,
}

/// Shared between a [`WsDialer`] and whoever watches the link; calls `on_change` after each update.
pub struct LinkProbe {
    state: Mutex<ProbeState>,
    on_change: Box<dyn Fn() + Send + Sync>,
}

impl std::fmt::Debug for LinkProbe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LinkProbe").field("state", &self.state()).finish_non_exhaustive()
    }
}

impl LinkProbe {
    pub fn new(on_change: impl Fn() + Send + Sync + 'static) -> Arc<LinkProbe> {
        Arc::new(LinkProbe { state: Mutex::new(ProbeState::default()), on_change: Box::new(on_change) })
    }

    /// A copy of the current state.
    pub fn state(&self) -> ProbeState {
        self.state.lock().map(|s| s.clone()).unwrap_or_default()
    }

    fn update(&self, f: impl FnOnce(&mut ProbeState)) {
        if let Ok(mut s) = self.state.lock() {
            f(&mut s);
        }
        (self.on_change)();
    }
}

/// Dials one WebSocket URL (`ws://host:port/sync?token=...`).
#[derive(Debug, Clone)]
pub struct WsDialer {
    url: Url,
    probe: Option<Arc<LinkProbe>>,
}

impl WsDialer {
    pub fn new(url: Url) -> Arc<WsDialer> {
        Arc::new(WsDialer { url, probe: None })
    }

    /// A dialer that reports each attempt to `probe`.
    pub fn with_probe(url: Url, probe: Arc<LinkProbe>) -> Arc<WsDialer> {
        Arc::new(WsDialer { url, probe: Some(probe) })
    }
}

/// The server sent something that is not part of the protocol (a text frame), or the link failed.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct WsError(String);

/// The URL without its token, for messages and logs.
fn without_token(url: &Url) -> Url {
    let mut u = url.clone();
    u.set_query(None);
    u
}

/// [`without_token`] as text.
fn shown(url: &Url) -> String {
    without_token(url).to_string()
}

impl samod::Dialer for WsDialer {
    /// The URL without the token: samod only logs it (and its logs must not leak the token);
    /// `connect` dials the full URL.
    fn url(&self) -> Url {
        without_token(&self.url)
    }

    fn connect(&self) -> BoxFuture<'static, Result<Transport, Box<dyn std::error::Error + Send + Sync + 'static>>> {
        let url = self.url.clone();
        let probe = self.probe.clone();
        Box::pin(async move {
            if let Some(p) = &probe {
                p.update(|s| s.attempts += 1);
            }
            let socket =
                match tokio_tungstenite::connect_async_with_config(url.as_str(), Some(ws_config()), false).await {
                    Ok((socket, _response)) => socket,
                    Err(e) => {
                        let (reason, refused) = describe_connect_error(&e, &url);
                        if let Some(p) = &probe {
                            p.update(|s| {
                                s.open = false;
                                s.last_error = Some(reason.clone());
                                if refused {
                                    s.refused = Some(reason.clone());
                                }
                            });
                        }
                        return Err(Box::new(WsError(reason)) as Box<dyn std::error::Error + Send + Sync>);
                    }
                };
            if let Some(p) = &probe {
                p.update(|s| {
                    s.open = true;
                    s.last_error = None;
                    s.refused = None;
                });
            }
            let (sink, stream) = socket.split();
            let on_end = probe.clone();
            let stream = stream
                .map_err(|e| WsError(format!("the connection broke: {e}")))
                .try_filter_map(|msg| async move {
                    match msg {
                        Message::Binary(bytes) => Ok(Some(bytes.to_vec())),
                        Message::Text(_) => Err(WsError("the server sent a text frame".into())),
                        Message::Close(frame) => {
                            let reason =
                                frame.map(|f| format!("{} {}", u16::from(f.code), f.reason)).unwrap_or_default();
                            Err(WsError(format!("the server closed the connection: {reason}")))
                        }
                        Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => Ok(None),
                    }
                })
                .inspect_err(move |e| {
                    if let Some(p) = &on_end {
                        let reason = e.to_string();
                        p.update(|s| {
                            s.open = false;
                            s.last_error = Some(reason);
                        });
                    }
                });
            let sink = sink
                .sink_map_err(|e| WsError(format!("sending: {e}")))
                .with(|bytes: Vec<u8>| futures::future::ready(Ok::<_, WsError>(Message::Binary(bytes.into()))));
            Ok(Transport::new(Box::pin(stream), Box::pin(sink)))
        })
    }
}

/// The largest message (and frame) taken from a server. A project's first sync arrives as one
/// message sent as one frame, so tungstenite's defaults (16 MiB frames, 64 MiB messages) would
/// refuse a large project; this is the Tandem server's own default (`serve --max-message-mib`).
const MAX_MESSAGE_BYTES: usize = 256 << 20;

fn ws_config() -> tokio_tungstenite::tungstenite::protocol::WebSocketConfig {
    tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
        .max_message_size(Some(MAX_MESSAGE_BYTES))
        .max_frame_size(Some(MAX_MESSAGE_BYTES))
}

/// A sentence for a failed connection attempt, and whether the server refused our credentials.
fn describe_connect_error(e: &tungstenite::Error, url: &Url) -> (String, bool) {
    let at = shown(url);
    match e {
        tungstenite::Error::Http(response) => {
            let status = response.status().as_u16();
            let body = response
                .body()
                .as_deref()
                .and_then(|b| serde_json::from_slice::<serde_json::Value>(b).ok())
                .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned))
                .unwrap_or_default();
            let refused = matches!(status, 401 | 403);
            if refused {
                let why = format!(
                    "{at} no longer accepts this profile's token (HTTP {status}); ask the project's coordinator for a \
                     new invite"
                );
                return (why, true);
            }
            let what = if status == 503 {
                "the server is busy or its storage is failing (HTTP 503)".to_owned()
            } else {
                format!("the server answered HTTP {status}")
            };
            let detail = if body.is_empty() { String::new() } else { format!(": {body}") };
            (format!("{what} at {at}{detail}"), refused)
        }
        tungstenite::Error::Io(io) => (format!("cannot reach {at}: {io}"), false),
        other => (format!("cannot connect to {at}: {other}"), false),
    }
}
