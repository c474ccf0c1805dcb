//! The member's replica on real directories: projects survive restarts, commands are on disk
//! when they return, several profiles live side by side, and project selection explains itself.

mod common;

use common::{add_task, create};
use tandem_client::{Client, ClientError};
use tandem_core::tasks;

#[test]
fn projects_and_changes_survive_a_restart() {
    let home = tempfile::tempdir().unwrap();
    let (id, device) = {
        let mut c = Client::open(home.path()).unwrap();
        let (id, _) = c.create_project(create("Apollo", "Ada")).unwrap();
        c.execute(&id, add_task("Write the plan")).unwrap();
        let device = c.actor().to_hex_string();
        c.close();
        (id, device)
    };
    let mut c = Client::open(home.path()).unwrap();
    assert_eq!(c.actor().to_hex_string(), device, "the device id is stable");
    assert_eq!(c.resolve_project(None).unwrap(), id);
    let titles = c.read(&id, |d| tasks::tasks(d).unwrap().into_iter().map(|t| t.title).collect::<Vec<_>>()).unwrap();
    assert_eq!(titles, ["Write the plan"]);
    // Authorship: the change is attributed to Ada through the device map.
    let authors = c.read(&id, |d| {
        tandem_core::history::changes(d).into_iter().map(|c| c.author_name).collect::<std::collections::BTreeSet<_>>()
    });
    assert!(authors.unwrap().contains("Ada"));
}

#[test]
fn a_returned_command_is_already_on_disk() {
    let home = tempfile::tempdir().unwrap();
    let mut c = Client::open(home.path()).unwrap();
    let (id, _) = c.create_project(create("Apollo", "Ada")).unwrap();
    let out = c.execute(&id, add_task("Durable")).unwrap();
    // Read the store directly, without samod: the change file is there with the change's bytes.
    let doc_id: samod::DocumentId = id.parse().unwrap();
    let key = tandem_store::StorageKey::incremental_path(&doc_id, out.hash.unwrap());
    let bytes = c.store().load_sync(&key).unwrap().expect("the change is stored under its hash");
    let change = automerge::Change::from_bytes(bytes).unwrap();
    assert_eq!(change.hash(), out.hash.unwrap());
    // Loading only what is on disk reproduces the task.
    let chunks = c.store().load_range_sync(&tandem_store::StorageKey::from_parts([id.as_str()]).unwrap()).unwrap();
    let mut doc = automerge::Automerge::new();
    for (_, data) in chunks {
        doc.load_incremental(&data).unwrap();
    }
    assert_eq!(tasks::tasks(&doc).unwrap()[0].title, "Durable");
}

#[test]
fn two_profiles_on_one_machine_are_separate_members() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let mut ada = Client::open(a.path()).unwrap();
    let bo = Client::open(b.path()).unwrap();
    assert_ne!(ada.actor(), bo.actor());
    ada.create_project(create("Apollo", "Ada")).unwrap();
    assert!(matches!(bo.resolve_project(None), Err(ClientError::NoProject)));
    assert!(bo.projects().is_empty());
}

#[test]
fn project_selection_by_name_or_prefix_and_its_errors() {
    let home = tempfile::tempdir().unwrap();
    let mut c = Client::open(home.path()).unwrap();
    let (apollo, _) = c.create_project(create("Apollo", "Ada")).unwrap();
    let (gemini, _) = c.create_project(create("Gemini", "Ada")).unwrap();
    assert_eq!(c.resolve_project(None).unwrap(), gemini, "the newest project is current");
    assert_eq!(c.resolve_project(Some("apollo")).unwrap(), apollo);
    assert_eq!(c.resolve_project(Some(&apollo[..8])).unwrap(), apollo);
    assert_eq!(
        c.resolve_project(Some("mercury")).unwrap_err().to_string(),
        "no project matches \"mercury\" in this profile; `tandem project list` shows them"
    );
    c.set_current(&apollo).unwrap();
    assert_eq!(c.resolve_project(None).unwrap(), apollo);
    let err = c.execute(&apollo, add_task("  ")).unwrap_err();
    assert_eq!(err.to_string(), "title must not be empty");
}

#[test]
fn a_damaged_profile_is_reported_not_replaced() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("profile.json"), b"{not json").unwrap();
    let err = Client::open(home.path()).unwrap_err().to_string();
    assert!(err.contains("profile.json is damaged"), "{err}");
    assert_eq!(std::fs::read(home.path().join("profile.json")).unwrap(), b"{not json");
}

#[test]
fn one_process_at_a_time_per_profile() {
    // Every process of a profile writes as the same Automerge actor; two at once would reuse
    // sequence numbers and lose changes, so the second waits and then refuses clearly.
    let home = tempfile::tempdir().unwrap();
    let first = Client::open(home.path()).unwrap();
    let home2 = home.path().to_path_buf();
    let second =
        std::thread::spawn(move || Client::open_waiting(&home2, std::time::Duration::from_millis(200)).map(|_| ()));
    let err = second.join().unwrap().unwrap_err();
    assert!(matches!(err, ClientError::Busy(_)), "{err}");
    assert!(err.to_string().contains("is in use by another Tandem process"));
    first.close();
    Client::open(home.path()).expect("the profile is free once the first client closed").close();
}

/// Every file under `dir` with its inode and size: a rewritten file gets a new inode (the store
/// writes a temporary file and renames it over the old one).
fn files_with_inodes(dir: &std::path::Path) -> std::collections::BTreeMap<std::path::PathBuf, (u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            let meta = std::fs::metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
            } else {
                out.insert(path, (meta.ino(), meta.len()));
            }
        }
    }
    out
}

#[test]
fn opening_a_project_reads_its_store_without_rewriting_it() {
    // samod 0.12.3 rewrote the whole document after every load (its first save found no saved
    // heads): vendor/samod-core/TANDEM-PATCH.md. Opening and reading must leave the files alone.
    let home = tempfile::tempdir().unwrap();
    let id = {
        let mut c = Client::open(home.path()).unwrap();
        let (id, _) = c.create_project(create("Apollo", "Ada")).unwrap();
        for i in 0..14 {
            c.execute(&id, add_task(&format!("Task {i}"))).unwrap();
        }
        c.close();
        id
    };
    let store = home.path().join("store");
    let before = files_with_inodes(&store);
    assert!(!before.is_empty());
    let mut c = Client::open(home.path()).unwrap();
    let n = c.read(&id, |d| tasks::tasks(d).unwrap().len()).unwrap();
    assert_eq!(n, 14);
    c.close();
    assert_eq!(files_with_inodes(&store), before, "opening the project rewrote its store");
    // Edits after the reopen are still saved: the new task survives another restart.
    let mut c = Client::open(home.path()).unwrap();
    c.execute(&id, add_task("After reopen")).unwrap();
    c.close();
    let mut c = Client::open(home.path()).unwrap();
    let n = c.read(&id, |d| tasks::tasks(d).unwrap().len()).unwrap();
    assert_eq!(n, 15);
}
