//! samod's compaction policy on real files (vendor/samod-core/TANDEM-PATCH.md, second change):
//! edits are saved as incremental chunks, a batch of changes as one chunk, and the full snapshot
//! is rewritten only once the incremental data is large next to it. Reopening a project gives
//! exactly the heads and content it had.

use std::collections::BTreeSet;
use std::path::Path;

use automerge::Automerge;
use tandem_client::Client;
use tandem_core::project::ProjectCommand;
use tandem_core::tasks::{self, NewTask, TaskCommand, TaskPatch};
use tandem_core::{Command, Ctx};

fn create(name: &str, me: &str, client: Option<String>) -> ProjectCommand {
    ProjectCommand::Create {
        name: name.into(),
        me: me.into(),
        client,
        start: None,
        end: None,
        currency: None,
        budget: None,
    }
}

fn add_task(title: &str, description: &str) -> Command {
    Command::Task(TaskCommand::Add(NewTask {
        title: title.into(),
        description: description.into(),
        ..NewTask::default()
    }))
}

fn rename(id: &str, title: &str) -> Command {
    let patch = TaskPatch { title: Some(title.into()), ..TaskPatch::default() };
    Command::Task(TaskCommand::Update { id: id.parse().unwrap(), patch })
}

/// `len` characters of deterministic, poorly compressible words.
fn prose(len: usize) -> String {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut out = String::with_capacity(len);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.push(if x.is_multiple_of(7) { ' ' } else { char::from(b'a' + (x >> 8) as u8 % 26) });
    }
    out
}

/// Names of the chunk files of `kind` ("snapshot" or "incremental") anywhere under the store,
/// without the store's temporary files (they start with a dot).
fn chunk_files(store: &Path, kind: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![store.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                stack.push(path);
            } else if dir.file_name().is_some_and(|d| d == kind) && !name.starts_with('.') {
                out.insert(name);
            }
        }
    }
    out
}

/// The project's document read from its files alone, without samod.
fn doc_from_files(c: &Client, id: &str) -> Automerge {
    let prefix = tandem_store::StorageKey::from_parts([id]).unwrap();
    let mut doc = Automerge::new();
    for (_, data) in c.store().load_range_sync(&prefix).unwrap() {
        doc.load_incremental(&data).unwrap();
    }
    doc
}

#[test]
fn local_edits_rewrite_the_snapshot_rarely_and_reopen_identically() {
    // Before the patch samod wrote a full snapshot once more than 10 chunks were on disk: about
    // every 11th edit whatever the document's size (20 snapshots for these 200 edits). Now the
    // first snapshot comes after ~10 edits (the new document had none), the next once the edits
    // on disk reach a quarter of its size: ~30 KB, ~150 edits later.
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("store");
    let mut c = Client::open(home.path()).unwrap();
    // A document of some size, so that an edit (~220 bytes) is small next to it: a 200 KB field
    // stands in for a project's accumulated content (~130 KB saved).
    let (id, _) = c.create_project(create("Apollo", "Ada", Some(prose(200_000)))).unwrap();
    let task = c.execute(&id, add_task("Renamed often", "")).unwrap().created.unwrap();
    let mut snapshots = BTreeSet::new();
    for i in 0..200 {
        c.execute(&id, rename(&task, &format!("Title {i}"))).unwrap();
        // A snapshot stays on disk until the next compaction, so none is missed.
        snapshots.extend(chunk_files(&store, "snapshot"));
    }
    let heads = c.read(&id, |d| d.get_heads()).unwrap();
    let content = c.read(&id, |d| tasks::tasks(d).unwrap()).unwrap();
    c.close();
    snapshots.extend(chunk_files(&store, "snapshot"));
    let incrementals = chunk_files(&store, "incremental");
    assert!(
        (1..=3).contains(&snapshots.len()),
        "{} snapshots written for 200 edits (expected 1 to 3): {snapshots:?}",
        snapshots.len()
    );
    // Compaction still happens and deletes what it superseded.
    assert!(incrementals.len() < 200, "{} incremental chunks left on disk", incrementals.len());
    // The snapshot a compaction superseded is deleted at the next save (or the next compaction).
    assert!(chunk_files(&store, "snapshot").len() <= 2, "superseded snapshots are deleted");

    let mut c = Client::open(home.path()).unwrap();
    assert_eq!(c.read(&id, |d| d.get_heads()).unwrap(), heads);
    assert_eq!(c.read(&id, |d| tasks::tasks(d).unwrap()).unwrap(), content);
    assert_eq!(content.iter().find(|t| t.id.to_string() == task).unwrap().title, "Title 199");
    let files = doc_from_files(&c, &id);
    assert_eq!(files.get_heads(), heads, "the files alone hold every change");
    c.close();
}

/// Opens the project's store with a samod Repo of its own and merges `n` new tasks made on
/// another replica, in one step, as a sync message does that brings the changes made while this
/// replica was offline. Returns the merged document.
fn merge_offline_batch(c: Client, id: &str, n: usize) -> Automerge {
    let now = c.now();
    let mut offline = doc_from_files(&c, id).fork();
    let store = c.home().join("store");
    c.close();
    for i in 0..n {
        tandem_core::execute(&mut offline, &Ctx::at(now), add_task(&format!("Offline {i}"), "")).unwrap();
    }
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let fs = tandem_store::FsStore::open(&store).unwrap();
    rt.block_on(async {
        let repo = samod::Repo::builder(rt.handle().clone()).with_storage(fs).load().await;
        let handle = repo.find(id.parse().unwrap()).await.unwrap().expect("the project is in the store");
        handle.with_document(|d| d.merge(&mut offline.clone()).unwrap());
        repo.stop().await;
    });
    offline
}

#[test]
fn a_batch_of_changes_is_saved_as_one_chunk_and_reopens_identically() {
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("store");
    let mut c = Client::open(home.path()).unwrap();
    let (id, _) = c.create_project(create("Apollo", "Ada", Some(prose(200_000)))).unwrap();
    let task = c.execute(&id, add_task("Renamed", "")).unwrap().created.unwrap();
    for i in 0..12 {
        c.execute(&id, rename(&task, &format!("Title {i}"))).unwrap();
    }
    // The snapshot is written in the background after the edit that triggers it was saved:
    // wait for it (a loaded machine can take a moment).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while chunk_files(&store, "snapshot").is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let snapshot = chunk_files(&store, "snapshot");
    assert_eq!(snapshot.len(), 1, "the new document got its first snapshot after ~10 edits");
    let before = chunk_files(&store, "incremental");

    // 40 changes (~16 KB) arrive at once, next to a ~130 KB snapshot. Before the patch samod
    // wrote a full snapshot for any batch of more than 10 changes.
    let merged = merge_offline_batch(c, &id, 40);
    let batch: BTreeSet<String> =
        merged.get_changes(&[]).iter().rev().take(40).map(|ch| ch.hash().to_string()).collect();
    assert_eq!(chunk_files(&store, "snapshot"), snapshot, "the batch was written as a full snapshot");
    let added: Vec<String> = chunk_files(&store, "incremental").difference(&before).cloned().collect();
    assert_eq!(added.len(), 1, "the 40 changes are one incremental chunk: {added:?}");
    assert!(!batch.contains(&added[0]), "the chunk is not named by one of its changes");

    let mut c = Client::open(home.path()).unwrap();
    assert_eq!(c.read(&id, |d| d.get_heads()).unwrap(), merged.get_heads());
    assert_eq!(c.read(&id, |d| tasks::tasks(d).unwrap()).unwrap(), tasks::tasks(&merged).unwrap());
    assert_eq!(c.read(&id, |d| tasks::tasks(d).unwrap().len()).unwrap(), 41);
    c.close();
}

#[test]
fn a_document_that_arrives_in_a_batch_is_snapshotted_at_once() {
    // A document without a snapshot (here: created, one change) that receives more than 10
    // changes at once is snapshotted right away, as upstream did, rather than kept as a chunk of
    // raw changes, which loads more slowly.
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("store");
    let mut c = Client::open(home.path()).unwrap();
    let (id, _) = c.create_project(create("Apollo", "Ada", None)).unwrap();
    let merged = merge_offline_batch(c, &id, 40);
    assert_eq!(chunk_files(&store, "snapshot").len(), 1);
    let mut c = Client::open(home.path()).unwrap();
    assert_eq!(c.read(&id, |d| d.get_heads()).unwrap(), merged.get_heads());
    assert_eq!(c.read(&id, |d| tasks::tasks(d).unwrap()).unwrap(), tasks::tasks(&merged).unwrap());
    c.close();
}

#[test]
fn a_damaged_chunk_costs_only_itself() {
    // samod loads the incremental chunks as one batch, then each on its own: a chunk that does
    // not parse must not hide the chunks after it in the batch.
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("store");
    let mut c = Client::open(home.path()).unwrap();
    let (id, _) = c.create_project(create("Apollo", "Ada", None)).unwrap();
    let task = c.execute(&id, add_task("Renamed", "")).unwrap().created.unwrap();
    for i in 0..8 {
        c.execute(&id, rename(&task, &format!("Title {i}"))).unwrap();
    }
    let heads = c.read(&id, |d| d.get_heads()).unwrap();
    c.close();
    assert!(chunk_files(&store, "snapshot").is_empty());
    let dir = store.join(&id[..2]).join(&id[2..]).join("incremental");
    for name in ["00", "7f", "ff"] {
        std::fs::write(dir.join(name.repeat(32)), b"not an automerge chunk").unwrap();
    }
    let mut c = Client::open(home.path()).unwrap();
    assert_eq!(c.read(&id, |d| d.get_heads()).unwrap(), heads);
    c.close();
}
