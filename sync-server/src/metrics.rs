//! Prometheus metrics (`GET /metrics`): connections, documents loaded, messages and bytes each
//! way, rejections by reason, and storage write latency and errors.

use std::sync::Mutex;

use prometheus_client::encoding::{EncodeLabelSet, text::encode};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use samod::{RepoEvent, RepoObserver, StorageOperation};
use tandem_store::StoreStats;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ReasonLabel {
    pub reason: String,
}

/// Every metric the server exports. Shared through `Arc`; all updates are lock-free except the
/// storage-statistics snapshot taken at scrape time.
#[derive(Debug, Default)]
pub struct Metrics {
    pub connections_open: Gauge,
    pub connections_accepted: Counter,
    pub connections_refused: Family<ReasonLabel, Counter>,
    pub connections_closed: Family<ReasonLabel, Counter>,
    pub documents_loaded: Gauge,
    pub messages_in: Counter,
    pub messages_out: Counter,
    pub bytes_in: Counter,
    pub bytes_out: Counter,
    pub rejections: Family<ReasonLabel, Counter>,
    pub storage_healthy: Gauge,
    pub storage_write_errors: Counter,
    pub storage_writes: Counter,
    storage_write_seconds: StorageHistogram,
    last_stats: Mutex<StoreStats>,
}

#[derive(Debug)]
struct StorageHistogram(Histogram);

impl Default for StorageHistogram {
    fn default() -> Self {
        // 100 µs .. ~1.6 s
        StorageHistogram(Histogram::new(exponential_buckets(0.0001, 2.0, 15)))
    }
}

impl Metrics {
    /// Counts one rejected message or connection under `reason`.
    pub fn reject(&self, reason: &str) {
        self.rejections.get_or_create(&ReasonLabel { reason: reason.to_owned() }).inc();
    }

    pub fn refuse(&self, reason: &str) {
        self.connections_refused.get_or_create(&ReasonLabel { reason: reason.to_owned() }).inc();
    }

    pub fn closed(&self, reason: &str) {
        self.connections_closed.get_or_create(&ReasonLabel { reason: reason.to_owned() }).inc();
    }

    /// Renders the Prometheus text format, folding in the store's counters first.
    pub fn render(&self, stats: StoreStats, healthy: bool) -> String {
        {
            let mut last = self.last_stats.lock().unwrap_or_else(|e| e.into_inner());
            self.storage_write_errors.inc_by(stats.put_failures.saturating_sub(last.put_failures));
            self.storage_writes.inc_by(stats.puts.saturating_sub(last.puts));
            *last = stats;
        }
        self.storage_healthy.set(i64::from(healthy));
        let mut registry = Registry::with_prefix("tandem_sync");
        registry.register("connections_open", "WebSocket connections open now", self.connections_open.clone());
        registry.register(
            "connections_accepted",
            "WebSocket connections that completed the handshake",
            self.connections_accepted.clone(),
        );
        registry.register(
            "connections_refused",
            "Connections refused before or at the handshake, by reason",
            self.connections_refused.clone(),
        );
        registry.register("connections_closed", "Connections closed, by reason", self.connections_closed.clone());
        registry.register("documents_loaded", "Documents loaded in memory", self.documents_loaded.clone());
        registry.register("messages_in", "Protocol messages received", self.messages_in.clone());
        registry.register("messages_out", "Protocol messages sent", self.messages_out.clone());
        registry.register("bytes_in", "Protocol bytes received", self.bytes_in.clone());
        registry.register("bytes_out", "Protocol bytes sent", self.bytes_out.clone());
        registry.register("rejections", "Messages or connections rejected, by reason", self.rejections.clone());
        registry.register("storage_healthy", "1 when document storage writes succeed", self.storage_healthy.clone());
        registry.register(
            "storage_write_errors",
            "Document storage writes that failed (and were retried)",
            self.storage_write_errors.clone(),
        );
        registry.register("storage_writes", "Document storage writes", self.storage_writes.clone());
        registry.register(
            "storage_write_seconds",
            "Time to durably write one document chunk",
            self.storage_write_seconds.0.clone(),
        );
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = encode(&mut out, &registry);
        out
    }
}

/// Feeds samod's repository events into the metrics.
#[derive(Debug)]
pub struct Observer(pub std::sync::Arc<Metrics>);

impl RepoObserver for Observer {
    fn observe(&self, event: &RepoEvent) {
        match event {
            RepoEvent::DocumentOpened { .. } => {
                self.0.documents_loaded.inc();
            }
            RepoEvent::DocumentClosed { .. } => {
                self.0.documents_loaded.dec();
            }
            RepoEvent::StorageOperationCompleted { operation: StorageOperation::Put, duration, .. } => {
                self.0.storage_write_seconds.0.observe(duration.as_secs_f64());
            }
            _ => {}
        }
    }
}
