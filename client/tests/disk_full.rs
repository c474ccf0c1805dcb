//! A full disk under a member's replica, on real files: the store's `DiskFault` switch makes every
//! write attempt fail with the OS's ENOSPC error where the filesystem would (store/src/fault.rs);
//! everything above it is the real client, samod and store.
//!
//! What must hold: a command the disk cannot take is refused before it changes anything, so
//! running it again once there is room makes exactly one change; a command whose write fails
//! after its change was made says so, keeps the change, and stores it once when the disk has
//! room (the user must not repeat it, and need not); a process that cannot wait learns exactly
//! which changes are not on disk, and nothing lands behind its back afterwards.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use automerge::{Automerge, ReadDoc};
mod common;

use common::{add_task, create};
use tandem_client::{Client, ClientError};
use tandem_core::tasks;
use tandem_store::StorageKey;

const WAIT: Duration = Duration::from_secs(20);

/// How many tasks of the document are called `title`.
fn count(doc: &Automerge, title: &str) -> usize {
    tasks::tasks(doc).unwrap().into_iter().filter(|t| t.title == title).count()
}

/// Every stored chunk of the project, read from the files, not through samod.
fn files(c: &Client, id: &str) -> BTreeMap<String, Vec<u8>> {
    let prefix = StorageKey::from_parts([id]).unwrap();
    c.store().load_range_sync(&prefix).unwrap().into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The project as its files hold it.
fn on_disk(c: &Client, id: &str) -> Automerge {
    let mut doc = Automerge::new();
    for bytes in files(c, id).values() {
        doc.load_incremental(bytes).unwrap();
    }
    doc
}

fn change_count(doc: &Automerge) -> usize {
    doc.get_changes(&[]).len()
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !done() {
        assert!(Instant::now() < deadline, "waited {WAIT:?} for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn open_with_project() -> (tempfile::TempDir, Client, String) {
    let home = tempfile::tempdir().unwrap();
    let mut c = Client::open(home.path()).unwrap();
    let (id, _) = c.create_project(create("Apollo", "Ada")).unwrap();
    c.execute(&id, add_task("Before the fault")).unwrap();
    (home, c, id)
}

#[test]
fn a_failing_store_refuses_the_command_before_it_changes_anything() {
    let (home, mut c, id) = open_with_project();
    let fault = c.store().disk_fault();
    fault.fill();
    // The store learns that writes fail (as it does from any write attempt).
    assert!(c.store().check_writable().is_err());
    assert!(!c.store().health().is_healthy());
    let heads = c.read(&id, |d| d.get_heads()).unwrap();
    let stored = files(&c, &id);

    let err = c.execute(&id, add_task("Retry me")).unwrap_err();
    assert!(matches!(err, ClientError::StorageFailing { .. }), "{err:?}");
    let shown = err.to_string();
    assert!(shown.contains("No space left on device"), "{shown}");
    assert!(shown.contains("nothing was changed"), "{shown}");
    assert!(shown.contains("free space"), "{shown}");
    // Nothing changed: not in memory, not on disk, nothing waiting.
    assert_eq!(c.read(&id, |d| d.get_heads()).unwrap(), heads);
    assert_eq!(c.read(&id, |d| count(d, "Retry me")).unwrap(), 0);
    assert_eq!(files(&c, &id), stored);
    assert_eq!(c.unsaved_changes(), 0);

    // Room again: the first retry works at once (the stale health is checked with a fresh
    // write), and makes exactly one change.
    fault.clear();
    let changes = c.read(&id, change_count).unwrap();
    let out = c.execute(&id, add_task("Retry me")).unwrap();
    // samod writes its own copy of each change in the background; one that was still on its
    // way when the disk filled up failed and is retried after a backoff, and the store reports
    // healthy only once no key's write is failing (store/src/lib.rs `failing_keys`). On a busy
    // machine that retry can still be pending here (seen in CI), so wait for it.
    wait_until("samod's retried writes to land and the store to report healthy", || c.store().health().is_healthy());
    assert_eq!(c.read(&id, change_count).unwrap(), changes + 1);
    assert_eq!(c.read(&id, |d| count(d, "Retry me")).unwrap(), 1);
    c.close();
    let mut c = Client::open(home.path()).unwrap();
    assert_eq!(c.read(&id, |d| count(d, "Retry me")).unwrap(), 1);
    assert_eq!(c.read(&id, change_count).unwrap(), changes + 1);
    assert!(c.read(&id, |d| d.get_change_by_hash(&out.hash.unwrap()).is_some()).unwrap());
}

#[test]
fn a_change_the_disk_refused_is_kept_and_stored_once_when_there_is_room() {
    let (home, mut c, id) = open_with_project();
    let changes = c.read(&id, change_count).unwrap();
    let before = files(&c, &id);
    let fault = c.store().disk_fault();
    fault.fill();

    let err = c.execute(&id, add_task("Made while full")).unwrap_err();
    let ClientError::SavePending { outcome, .. } = &err else { panic!("expected SavePending, got {err:?}") };
    let hash = outcome.hash.expect("the command made a change");
    let shown = err.to_string();
    for words in ["Made while full", "No space left on device", "do not repeat it", "keeps the change"] {
        assert!(shown.contains(words), "{words:?} in {shown}");
    }
    // The change is made, once, in memory, and waits for the disk.
    assert_eq!(c.read(&id, |d| count(d, "Made while full")).unwrap(), 1);
    assert_eq!(c.unsaved_changes(), 1);
    assert_eq!(files(&c, &id), before, "nothing reached the disk");
    assert!(!c.store().health().is_healthy());

    // Room again: with no command and no restart, the change is stored.
    fault.clear();
    wait_until("the waiting change to be stored", || c.unsaved_changes() == 0 && c.store().health().is_healthy());
    let doc_id: samod::DocumentId = id.parse().unwrap();
    let key = StorageKey::incremental_path(&doc_id, hash);
    let raw = c.read(&id, |d| d.get_change_by_hash(&hash).unwrap().raw_bytes().to_vec()).unwrap();
    // Once: samod's own retry and the client's both store a single new change under its hash,
    // so the disk holds one file for it, with its bytes, and nothing else new.
    let after = files(&c, &id);
    let new: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert_eq!(new, [&key.to_string()], "{after:?}");
    assert_eq!(after[&key.to_string()], raw);
    // A second put of the same key (as when both land) rewrites the same bytes in place.
    c.store().put_once(&key, &raw).unwrap();
    assert_eq!(files(&c, &id), after);
    assert_eq!(change_count(&on_disk(&c, &id)), changes + 1);

    c.close();
    let mut c = Client::open(home.path()).unwrap();
    assert_eq!(c.read(&id, |d| count(d, "Made while full")).unwrap(), 1);
    assert_eq!(c.read(&id, change_count).unwrap(), changes + 1);
}

#[test]
fn the_next_command_is_refused_until_the_waiting_change_is_on_disk() {
    let (home, mut c, id) = open_with_project();
    let changes = c.read(&id, change_count).unwrap();
    let fault = c.store().disk_fault();
    fault.fill();
    let first = c.execute(&id, add_task("First")).unwrap_err();
    assert!(matches!(first, ClientError::SavePending { .. }), "{first:?}");
    let heads = c.read(&id, |d| d.get_heads()).unwrap();

    // A later change would land before the one it builds on: refused, nothing changed.
    let second = c.execute(&id, add_task("Second")).unwrap_err();
    assert!(matches!(second, ClientError::StorageFailing { .. }), "{second:?}");
    assert!(second.to_string().contains("nothing was changed"), "{second}");
    assert_eq!(c.read(&id, |d| d.get_heads()).unwrap(), heads);
    assert_eq!(c.read(&id, |d| count(d, "Second")).unwrap(), 0);

    // Room again: retrying the refused command stores the waiting one first, then its own.
    fault.clear();
    c.execute(&id, add_task("Second")).unwrap();
    assert_eq!(c.unsaved_changes(), 0);
    let disk = on_disk(&c, &id);
    assert_eq!((count(&disk, "First"), count(&disk, "Second")), (1, 1));
    assert_eq!(change_count(&disk), changes + 2);
    c.close();
    let mut c = Client::open(home.path()).unwrap();
    assert_eq!(c.read(&id, |d| (count(d, "First"), count(d, "Second"))).unwrap(), (1, 1));
    assert_eq!(c.read(&id, change_count).unwrap(), changes + 2);
}

#[test]
fn a_process_that_cannot_wait_learns_what_was_not_saved_and_nothing_lands_later() {
    let (home, mut c, id) = open_with_project();
    let changes = c.read(&id, change_count).unwrap();
    let fault = c.store().disk_fault();
    fault.fill();
    let err = c.execute(&id, add_task("Lost with the process")).unwrap_err();
    assert!(matches!(err, ClientError::SavePending { .. }), "{err:?}");

    let err = c.finish_pending().unwrap_err();
    let ClientError::NotSaved { summaries, .. } = &err else { panic!("expected NotSaved, got {err:?}") };
    assert_eq!(summaries.len(), 1, "{summaries:?}");
    let shown = err.to_string();
    for words in ["NOT saved", "Lost with the process", "No space left on device", "run the same command again"] {
        assert!(shown.contains(words), "{words:?} in {shown}");
    }
    // Room again before the process ends: samod's retry of the same write must not land now,
    // or running the command again would make it twice.
    fault.clear();
    let closing = Instant::now();
    c.close();
    assert!(closing.elapsed() < Duration::from_secs(10), "close took {:?}", closing.elapsed());
    let mut c = Client::open(home.path()).unwrap();
    assert_eq!(c.read(&id, |d| count(d, "Lost with the process")).unwrap(), 0);
    assert_eq!(c.read(&id, change_count).unwrap(), changes);
    // So running it again is right, and makes it once.
    c.execute(&id, add_task("Lost with the process")).unwrap();
    c.close();
    let mut c = Client::open(home.path()).unwrap();
    assert_eq!(c.read(&id, |d| count(d, "Lost with the process")).unwrap(), 1);
    assert_eq!(c.read(&id, change_count).unwrap(), changes + 1);
}

#[test]
fn a_process_that_cannot_wait_keeps_the_change_when_the_last_try_succeeds() {
    let (home, mut c, id) = open_with_project();
    let fault = c.store().disk_fault();
    fault.fill();
    let err = c.execute(&id, add_task("Saved on the last try")).unwrap_err();
    assert!(matches!(err, ClientError::SavePending { .. }), "{err:?}");
    fault.clear();
    c.finish_pending().unwrap();
    assert_eq!(c.unsaved_changes(), 0);
    assert_eq!(count(&on_disk(&c, &id), "Saved on the last try"), 1);
    c.close();
    let mut c = Client::open(home.path()).unwrap();
    assert_eq!(c.read(&id, |d| count(d, "Saved on the last try")).unwrap(), 1);
}

#[test]
fn closing_on_a_full_disk_gives_up_the_waiting_writes_instead_of_hanging() {
    let (home, mut c, id) = open_with_project();
    let changes = c.read(&id, change_count).unwrap();
    let fault = c.store().disk_fault();
    fault.fill();
    let err = c.execute(&id, add_task("Never stored")).unwrap_err();
    assert!(matches!(err, ClientError::SavePending { .. }), "{err:?}");
    let closing = Instant::now();
    c.close();
    // The grace is 5 s; samod's retries sleep up to 2 s between attempts.
    let took = closing.elapsed();
    assert!(took >= Duration::from_secs(5) && took < Duration::from_secs(12), "close took {took:?}");
    fault.clear();
    let mut c = Client::open(home.path()).unwrap();
    assert_eq!(c.read(&id, change_count).unwrap(), changes);
}
