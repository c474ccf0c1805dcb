//! Messages of several MiB go through the server although each connection reads through a
//! small buffer (`Limits::ws_read_buffer_bytes`, 4 KiB by default, kept small because it is
//! allocated for every idle connection), and a project larger than 16 MiB (the frame limit until
//! 2026-11-27: clients send each message as one frame, so it refused such uploads) goes through
//! with the default limits: a project whose one change holds a 24 MiB text is
//! uploaded by its coordinator, stored, downloaded by a member, and a member's 3 MiB edit comes
//! back. A change is never split across sync messages, so each of those crossed the socket as
//! one message hundreds of times the size of the read buffer. (The texts are string values, one
//! operation each: a text object of millions of characters takes minutes in a debug build.)

mod common;

use automerge::transaction::Transactable;
use automerge::{Automerge, ROOT, ReadDoc};
use common::*;
use futures::StreamExt;
use samod::DocHandle;
use tandem_sync_server::Limits;

/// Size of the text in the first change (the upload), and of the member's later edit.
const FIRST_BYTES: usize = 24 << 20;
const EDIT_BYTES: usize = 3 << 20;

/// Deterministic text of `len` printable ASCII characters (xorshift), so that the change's
/// compression leaves most of its size.
fn text(seed: u64, len: usize) -> String {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(b'!' + (x % 94) as u8)
        })
        .collect()
}

/// The string at `key` in the root, if there is one.
fn string_at(doc: &Automerge, key: &str) -> Option<String> {
    let (value, _) = doc.get(ROOT, key).ok().flatten()?;
    value.to_str().map(str::to_owned)
}

/// Waits until `key` holds `want` in `handle` (a failure reports lengths, not megabytes).
async fn wait_text(handle: &DocHandle, key: &str, want: &str, who: &str) {
    let mut changes = handle.changes();
    let done = async {
        loop {
            if handle.with_document(|d| string_at(d, key)).as_deref() == Some(want) {
                return;
            }
            changes.next().await;
        }
    };
    if tokio::time::timeout(WAIT, done).await.is_err() {
        let len = handle.with_document(|d| string_at(d, key)).map(|s| s.len());
        panic!("{who} never got the {} byte {key} (has {len:?} bytes)", want.len());
    }
}

/// The server's counter `name` from /metrics.
async fn counter(server: &TestServer, name: &str) -> u64 {
    let text = server.metrics().await;
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {name} in /metrics:\n{text}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multi_mib_sync_messages_go_through_both_ways_with_the_small_read_buffer() {
    let limits = Limits::default();
    assert!(
        limits.ws_read_buffer_bytes * 256 <= EDIT_BYTES,
        "this test is about messages far larger than the read buffer ({} bytes)",
        limits.ws_read_buffer_bytes
    );
    let server = TestServer::start_with(limits).await;

    // The coordinator uploads a project whose one change carries a 24 MiB text.
    let first = text(7, FIRST_BYTES);
    let mut doc = Automerge::new();
    let mut tx = doc.transaction();
    tx.put(ROOT, "body", first.as_str()).expect("put");
    tx.commit();
    let mut alice = Peer::new().await;
    let alices = alice.repo.create(doc).await.expect("create");
    let doc_id = alices.document_id().clone();
    server.register(&doc_id).await;
    let alice_conn = alice.connect(server.ws_url(&server.admin)).await.expect("alice connects");
    pushed(&alices, alice_conn).await;
    let stored = tokio::time::timeout(WAIT, server.state.repo().find(doc_id.clone()))
        .await
        .expect("the server finds its copy in time")
        .expect("repo running")
        .expect("the server has the project");
    wait_text(&stored, "body", &first, "the server").await;
    let bytes_in = counter(&server, "tandem_sync_bytes_in_total").await;
    assert!(bytes_in >= 17 << 20, "the upload crossed the socket as one message of > 16 MiB ({bytes_in} bytes in)");

    // A member downloads it: the server sends the whole change in one message.
    let (bob_token, _) = server.member(&doc_id, "member", "Bob").await;
    let mut bob = Peer::new().await;
    let bob_conn = bob.connect(server.ws_url(&bob_token)).await.expect("bob connects");
    let bobs = bob.find(&doc_id).await.expect("bob finds the project");
    wait_text(&bobs, "body", &first, "bob").await;
    let bytes_out = counter(&server, "tandem_sync_bytes_out_total").await;
    assert!(
        bytes_out >= 17 << 20,
        "the download crossed the socket as one message of > 16 MiB ({bytes_out} bytes out)"
    );

    // The member adds a 3 MiB text; the server takes it in and relays it to the coordinator.
    let edit = text(11, EDIT_BYTES);
    bobs.with_document(|d| {
        let mut tx = d.transaction();
        tx.put(ROOT, "appendix", edit.as_str()).expect("put");
        tx.commit();
    });
    pushed(&bobs, bob_conn).await;
    wait_text(&stored, "appendix", &edit, "the server").await;
    wait_text(&alices, "appendix", &edit, "alice").await;
    let bytes_in_after = counter(&server, "tandem_sync_bytes_in_total").await;
    assert!(
        bytes_in_after - bytes_in >= 2 << 20,
        "the edit crossed the socket as one message of ≥ 2 MiB ({} bytes in)",
        bytes_in_after - bytes_in
    );
    let metrics = server.metrics().await;
    let rejected: Vec<_> = metrics.lines().filter(|l| l.starts_with("tandem_sync_rejections_total{")).collect();
    assert!(rejected.is_empty(), "no message or connection was refused: {rejected:?}");

    alice.stop().await;
    bob.stop().await;
    server.stop().await;
}
