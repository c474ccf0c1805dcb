//! Issue #8: a full disk on the server and on a member's device, emulated by the store's
//! `DiskFault` switch (every write attempt fails with the OS's ENOSPC error where the filesystem
//! would; see `store/src/fault.rs`). On both sides the error is surfaced, nothing acknowledged
//! is lost, and once the disk has room again everything recovers with no restart and the writes
//! that were waiting land. (A read-only directory is covered in `store/tests/faults.rs`, and a
//! data directory that cannot be written at all in `ops.rs`.)

mod common;

use std::path::Path;
use std::time::Duration;

use automerge::{Automerge, ChangeHash, ReadDoc};
use common::*;
use tandem_client::{Client, SyncState};
use tandem_core::Command;
use tandem_core::log::{LogCommand, LogKind};
use tandem_core::project::ProjectCommand;

/// Polls `check` every 20 ms until it yields a value, for at most `WAIT`.
async fn poll<T, F: std::future::Future<Output = Option<T>>>(check: impl Fn() -> F) -> Option<T> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if let Some(value) = check().await {
            return Some(value);
        }
        if tokio::time::Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn metric(metrics: &str, name: &str) -> Option<f64> {
    metrics.lines().find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
}

/// A document as it is on disk now: every stored chunk under `dir/<doc id>` (temp files of
/// writes in progress skipped) loaded into one document. Read directly, not through a second
/// store, so nothing of the running server's is touched.
fn on_disk(documents: &Path, doc: &str) -> Automerge {
    fn walk(dir: &Path, out: &mut Vec<Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if path.is_dir() {
                walk(&path, out);
            } else if let Ok(bytes) = std::fs::read(&path) {
                out.push(bytes);
            }
        }
    }
    let mut chunks = Vec::new();
    walk(&documents.join(&doc[..2]).join(&doc[2..]), &mut chunks);
    let mut loaded = Automerge::new();
    for chunk in chunks {
        loaded.load_incremental(&chunk).expect("every stored chunk loads");
    }
    loaded
}

fn has_all(doc: &Automerge, hashes: &[ChangeHash]) -> bool {
    hashes.iter().all(|h| doc.get_change_by_hash(h).is_some())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_on_the_server_shows_in_healthz_and_metrics_and_heals_without_a_restart() {
    let server = TestServer::start().await;
    let documents = server.data_dir().join("documents");
    let (alice, doc, _) = coordinated_project(&server, "before").await;
    let id = doc.document_id().to_string();
    let acked = doc.with_document(|d| d.get_heads());
    poll(|| async { has_all(&on_disk(&documents, &id), &acked).then_some(()) })
        .await
        .expect("the project is on the server's disk");

    let fault = server.state.store().disk_fault();
    fault.fill();
    // Alice goes on writing; the server takes her changes in but cannot store them.
    for i in 0..5 {
        put(&doc, "title", &format!("during {i}"));
    }
    let during = doc.with_document(|d| d.get_heads());
    poll(|| async { (server.server_doc(doc.document_id()).await?.0 == during).then_some(()) })
        .await
        .expect("the server took the changes in");

    // The error is surfaced: /healthz 503 naming the cause, metrics.
    let failing = poll(|| async {
        let (status, body) = server.call("GET", "/healthz", None, None).await;
        (status == 503).then_some(body)
    })
    .await
    .expect("/healthz turns 503 while the disk is full");
    assert_eq!(failing["status"], "failing", "{failing}");
    assert!(failing["storage"].as_str().unwrap_or_default().contains("No space left on device"), "{failing}");
    let metrics = server.metrics().await;
    assert_eq!(metric(&metrics, "tandem_sync_storage_healthy"), Some(0.0), "{metrics}");
    assert!(metric(&metrics, "tandem_sync_storage_write_errors_total").unwrap_or(0.0) >= 1.0, "{metrics}");
    // Nothing stored before is lost, and nothing new reached the disk.
    let now = on_disk(&documents, &id);
    assert!(has_all(&now, &acked) && !has_all(&now, &during), "the disk holds exactly what came before the fault");
    // A member who asks for the project meanwhile gets it (the relay serves from memory, and
    // at the latest once the disk has room).
    let mut bob = Peer::new().await;
    let (bob_token, _) = server.member(doc.document_id(), "member", "bob").await;
    bob.connect(server.ws_url(&bob_token)).await.expect("bob connects");
    let bob_repo = bob.repo.clone();
    let bob_id = doc.document_id().clone();
    let bobs = tokio::spawn(async move { bob_repo.find(bob_id).await });

    // Room again: the waiting writes land and health recovers, with no restart.
    fault.clear();
    let bobs = tokio::time::timeout(WAIT, bobs).await.expect("bob's find ends").unwrap().unwrap();
    wait_for(&bobs.expect("bob gets the project"), "title", "during 4").await;
    poll(|| async { server.healthy().await.then_some(()) }).await.expect("/healthz is 200 again");
    assert_eq!(metric(&server.metrics().await, "tandem_sync_storage_healthy"), Some(1.0));
    poll(|| async { has_all(&on_disk(&documents, &id), &during).then_some(()) })
        .await
        .expect("the changes that arrived while the disk was full are on disk now");
    bob.stop().await;
    alice.stop().await;
    // And they load after a restart.
    let server = server.restart().await;
    let (heads, text) = server.server_doc(doc.document_id()).await.expect("the project loads");
    assert_eq!(heads, during);
    assert!(text.contains("during 4"), "{text}");
    server.stop().await;
}

/// A log entry command.
fn entry(body: &str) -> Command {
    Command::Log(LogCommand::Add { body: body.into(), kind: LogKind::default(), refs: Vec::new() })
}

/// The member's side runs the client (its own runtime) on this plain test thread, beside a
/// server on a runtime of its own.
#[test]
fn a_full_disk_on_a_members_device_fails_the_command_shows_storage_error_and_recovers() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let server = rt.block_on(TestServer::start());
    let home = tempfile::tempdir().unwrap();
    let mut client = Client::open(home.path()).unwrap();
    let (project, _) = client
        .create_project(ProjectCommand::Create {
            name: "Full disk".into(),
            me: "Ada".into(),
            client: None,
            start: None,
            end: None,
            currency: None,
            budget: None,
        })
        .unwrap();
    client.share(&project, &server.url(""), Some(&server.admin), WAIT).unwrap();
    client.connect().unwrap();
    let acked = client.execute(&project, entry("acknowledged before the fault")).unwrap().hash.unwrap();
    let fault = client.store().disk_fault();

    fault.fill();
    // The command fails, and says why.
    let err = client.execute(&project, entry("written while the disk is full")).unwrap_err();
    let shown = format!("{err}: {:?}", std::error::Error::source(&err));
    assert!(shown.contains("No space left on device"), "{shown}");
    // The status says "storage error", with the cause.
    let status = wait_status(&mut client, &project, |s| s.state == SyncState::StorageError);
    assert!(status.detail.as_deref().unwrap_or_default().contains("No space left on device"), "{status:?}");
    // The document stays consistent: it reads, it holds what was acknowledged, and the refused
    // change is kept in memory (the repo goes on retrying its write), not half-applied.
    let bodies = client.read(&project, log_bodies).unwrap();
    assert!(bodies.contains(&"acknowledged before the fault".to_owned()), "{bodies:?}");
    assert_eq!(bodies.iter().filter(|b| b.as_str() == "written while the disk is full").count(), 1, "{bodies:?}");
    assert!(client.read(&project, |d| d.get_change_by_hash(&acked).is_some()).unwrap());

    // Room again: no restart, the waiting write lands, commands work and the project syncs.
    fault.clear();
    wait_status(&mut client, &project, |s| s.state == SyncState::UpToDate && s.unsent == 0);
    assert!(client.store().health().is_healthy());
    client.execute(&project, entry("written after the fault")).unwrap();
    wait_status(&mut client, &project, |s| s.state == SyncState::UpToDate && s.unsent == 0);
    let stored = on_disk(client.store().root(), &project);
    let bodies = log_bodies(&stored);
    for body in ["acknowledged before the fault", "written while the disk is full", "written after the fault"] {
        assert!(bodies.contains(&body.to_owned()), "{body:?} is on the member's disk: {bodies:?}");
    }
    client.close();
    // The server got all of it.
    let (_, _) = rt.block_on(server.server_doc(&project.parse().unwrap())).expect("the server has the project");
    let on_server = on_disk(&server.data_dir().join("documents"), &project);
    assert_eq!(log_bodies(&on_server).len(), 3, "{:?}", log_bodies(&on_server));
    rt.block_on(server.stop());
}

fn log_bodies(doc: &Automerge) -> Vec<String> {
    tandem_core::log::log(doc, &Default::default()).unwrap_or_default().into_iter().map(|e| e.body).collect()
}

/// Waits (on the client's events) until the project's status satisfies `done`.
fn wait_status(
    client: &mut Client,
    project: &str,
    done: impl Fn(&tandem_client::SyncStatus) -> bool,
) -> tandem_client::SyncStatus {
    let events = client.subscribe();
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let status = client.status(project);
        if done(&status) {
            return status;
        }
        assert!(std::time::Instant::now() < deadline, "the status never got there; last {status:?}");
        let _ = events.recv_timeout(Duration::from_millis(100));
    }
}
