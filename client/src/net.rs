//! Connecting a samod repository to a sync server over WebSocket (tokio-tungstenite): a
//! [`samod::Dialer`] whose URL may carry the member's token as `?token=`.

use std::sync::Arc;

use futures::future::BoxFuture;
use futures::{SinkExt, StreamExt, TryStreamExt};
use samod::{Transport, Url};
use tokio_tungstenite::tungstenite::Message;

/// Dials one WebSocket URL (`ws://host:port/sync?token=...`).
#[derive(Debug, Clone)]
pub struct WsDialer {
    url: Url,
}

impl WsDialer {
    pub fn new(url: Url) -> Arc<WsDialer> {
        Arc::new(WsDialer { url })
    }
}

/// The server sent something that is not part of the protocol (a text frame).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct WsError(String);

impl samod::Dialer for WsDialer {
    fn url(&self) -> Url {
        self.url.clone()
    }

    fn connect(&self) -> BoxFuture<'static, Result<Transport, Box<dyn std::error::Error + Send + Sync + 'static>>> {
        let url = self.url.clone();
        Box::pin(async move {
            let (socket, _response) = tokio_tungstenite::connect_async(url.as_str()).await?;
            let (sink, stream) = socket.split();
            let stream = stream.map_err(|e| WsError(format!("receiving: {e}"))).try_filter_map(|msg| async move {
                match msg {
                    Message::Binary(bytes) => Ok(Some(bytes.to_vec())),
                    Message::Text(_) => Err(WsError("the server sent a text frame".into())),
                    Message::Close(frame) => {
                        let reason = frame.map(|f| format!("{} {}", u16::from(f.code), f.reason)).unwrap_or_default();
                        Err(WsError(format!("the server closed the connection: {reason}")))
                    }
                    Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => Ok(None),
                }
            });
            let sink = sink
                .sink_map_err(|e| WsError(format!("sending: {e}")))
                .with(|bytes: Vec<u8>| futures::future::ready(Ok::<_, WsError>(Message::Binary(bytes.into()))));
            Ok(Transport::new(Box::pin(stream), Box::pin(sink)))
        })
    }
}
