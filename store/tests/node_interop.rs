//! The data directory format both ways, against the real Node implementation: what tandem-store
//! writes (through a samod Repo, plus the incremental changes tandem-client writes itself) is read
//! by automerge-repo with the `automerge-repo-storage-nodefs` adapter, and a directory that
//! adapter wrote is read by tandem-store, both raw and through a samod Repo.
//!
//! Needs Node and the pinned npm packages: `npm ci --prefix store/tests/node` (`make test` and
//! `.ci/run` do it). Without them the tests fail rather than skip.
//!
//! tandem-client cannot be used here (it depends on this crate), so the documents are built with
//! automerge directly, in the shape of a project document.

use std::path::{Path, PathBuf};
use std::process::Command;

use automerge::transaction::Transactable;
use automerge::{Automerge, ObjType, ROOT, ReadDoc, ScalarValue, Value};
use samod::storage::StorageKey;
use samod::{DocumentId, Repo};
use serde_json::{Value as Json, json};
use tandem_store::FsStore;

fn node_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node")
}

/// Runs `node interop.mjs <args>` and returns its stdout, failing the test with a useful message
/// when Node or the npm packages are missing or the script fails.
fn interop(args: &[&str]) -> String {
    let dir = node_dir();
    assert!(
        dir.join("node_modules/@automerge/automerge-repo-storage-nodefs").is_dir(),
        "the Node packages for this test are not installed in {}; run `npm ci --prefix store/tests/node` \
         from the workspace root (`make test` does it)",
        dir.display()
    );
    let out = Command::new("node")
        .arg(dir.join("interop.mjs"))
        .args(args)
        .current_dir(&dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run `node` (is Node.js installed and on PATH?): {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "node interop.mjs {args:?} failed ({}):\nstdout: {stdout}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn node_read(dir: &Path, id: &DocumentId) -> Json {
    let out = interop(&["read", dir.to_str().unwrap(), &id.to_string()]);
    serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("node printed no JSON ({e}): {out:?}"))
}

/// A document shaped like a project: `schema` (int), `project.name` (scalar string, as
/// tandem-core writes names), `project.notes` (Text), and a list.
fn project_doc(name: &str) -> Automerge {
    let mut doc = Automerge::new();
    let mut tx = doc.transaction();
    tx.put(ROOT, "schema", 1_i64).unwrap();
    let project = tx.put_object(ROOT, "project", ObjType::Map).unwrap();
    tx.put(&project, "name", name).unwrap();
    let notes = tx.put_object(&project, "notes", ObjType::Text).unwrap();
    tx.splice_text(&notes, 0, 0, "written by tandem").unwrap();
    let tags = tx.put_object(ROOT, "tags", ObjType::List).unwrap();
    tx.insert(&tags, 0, "x").unwrap();
    tx.commit();
    doc
}

fn expected_from_rust(name: &str) -> Json {
    json!({"schema": 1, "project": {"name": name, "notes": "written by tandem"}, "tags": ["x"]})
}

/// A string read leniently: JS automerge 3 writes strings as Text, older code as scalar strings.
fn string_at(doc: &Automerge, obj: &automerge::ObjId, key: &str) -> Option<String> {
    match doc.get(obj, key).unwrap()? {
        (Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::Str(s) => Some(s.to_string()),
            _ => None,
        },
        (Value::Object(ObjType::Text), id) => doc.text(&id).ok(),
        _ => None,
    }
}

fn int_at(doc: &Automerge, obj: &automerge::ObjId, key: &str) -> Option<i64> {
    match doc.get(obj, key).unwrap()? {
        (Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::Int(i) => Some(*i),
            ScalarValue::Uint(u) => i64::try_from(*u).ok(),
            ScalarValue::F64(f) if f.fract() == 0.0 => Some(*f as i64),
            _ => None,
        },
        _ => None,
    }
}

/// Checks the fields `interop.mjs write` puts in its document.
fn assert_written_by_node(doc: &Automerge) {
    assert_eq!(int_at(doc, &ROOT, "schema"), Some(1), "schema");
    let (_, project) = doc.get(ROOT, "project").unwrap().expect("a project map");
    assert_eq!(string_at(doc, &project, "name").as_deref(), Some("From Node"), "project.name");
    let (_, tags) = doc.get(ROOT, "tags").unwrap().expect("a tags list");
    let tags: Vec<String> = (0..doc.length(&tags))
        .map(|i| match doc.get(&tags, i).unwrap().expect("a tag") {
            (Value::Scalar(s), _) => s.to_str().expect("a string tag").to_owned(),
            (Value::Object(ObjType::Text), id) => doc.text(&id).unwrap(),
            other => panic!("unexpected tag {other:?}"),
        })
        .collect();
    assert_eq!(tags, ["a", "b"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_reads_what_a_samod_repo_over_fsstore_wrote() {
    let d = tempfile::tempdir().unwrap();
    let store = FsStore::open(d.path()).unwrap();
    let repo = Repo::builder(tokio::runtime::Handle::current()).with_storage(store.clone()).load().await;
    let handle = repo.create(project_doc("From Rust")).await.unwrap();
    let id = handle.document_id().clone();
    repo.stop().await;
    drop(store);

    let prefix = id.to_string();
    assert!(d.path().join(&prefix[..2]).join(&prefix[2..]).is_dir(), "samod's files are in the split-key layout");
    assert_eq!(node_read(d.path(), &id), expected_from_rust("From Rust"));
}

/// What tandem-client does besides samod's own writes: every change under
/// `<doc id>/incremental/<change hash>` via `put_durable`. Here those are the only files.
#[test]
fn node_reads_incremental_changes_put_directly() {
    let d = tempfile::tempdir().unwrap();
    let store = FsStore::open(d.path()).unwrap();
    let id = DocumentId::try_from(b"tandem interop 1".to_vec()).unwrap();
    let mut doc = project_doc("Draft");
    // A rename in a second change, so the document is two chunks and the later one must apply.
    let (_, project) = doc.get(ROOT, "project").unwrap().unwrap();
    let mut tx = doc.transaction();
    tx.put(&project, "name", "Incremental").unwrap();
    tx.commit();
    let changes = doc.get_changes(&[]);
    assert_eq!(changes.len(), 2);
    for change in changes {
        store.put_durable(&StorageKey::incremental_path(&id, change.hash()), change.raw_bytes()).unwrap();
    }
    let s = id.to_string();
    assert_eq!(std::fs::read_dir(d.path().join(&s[..2]).join(&s[2..]).join("incremental")).unwrap().count(), 2);
    assert_eq!(node_read(d.path(), &id), expected_from_rust("Incremental"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fsstore_reads_what_the_node_adapter_wrote() {
    let d = tempfile::tempdir().unwrap();
    let out = interop(&["write", d.path().to_str().unwrap()]);
    let id: DocumentId = out.trim().parse().unwrap_or_else(|e| panic!("node printed no document id ({e}): {out:?}"));

    // Raw: every chunk under the document's prefix, as the files lie on disk.
    let store = FsStore::open(d.path()).unwrap();
    let chunks = store.load_range_sync(&StorageKey::from_parts([id.to_string()]).unwrap()).unwrap();
    assert!(!chunks.is_empty(), "no files for {id} under {}", d.path().display());
    let mut doc = Automerge::new();
    for (key, data) in &chunks {
        doc.load_incremental(data).unwrap_or_else(|e| panic!("chunk {key} does not load: {e}"));
    }
    assert_written_by_node(&doc);

    // Through samod, as tandem-client reads its store.
    let repo = Repo::builder(tokio::runtime::Handle::current()).with_storage(store).load().await;
    let handle = repo.find(id.clone()).await.unwrap().unwrap_or_else(|| panic!("samod does not find {id}"));
    handle.with_document(|doc| assert_written_by_node(doc));
    repo.stop().await;
}
