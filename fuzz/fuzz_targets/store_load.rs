//! Fuzz target: loading a store whose files are arbitrary, the way the client and the server
//! load a project. The input becomes a file tree under one document's directory (and beside
//! it): chunks of bytes as incremental or snapshot files, temp files left by a "crash", files
//! where directories belong and directories where files belong, odd names. Then, as the
//! programs do: `FsStore::open` (which removes temp files), `load_range`, and a samod `Repo`
//! over the store finding the document (samod's loader runs `Automerge` on every chunk).
//!
//! Nothing may panic or hang. A document that loads must be usable: its heads are its own
//! changes, and it saves and loads back to the same heads.
#![no_main]

use std::path::Path;
use std::str::FromStr;
use std::sync::LazyLock;

use automerge::{Automerge, ReadDoc};
use libfuzzer_sys::fuzz_target;
use samod::{DocumentId, Repo};
use tandem_store::{FsStore, StorageKey};

/// One document id (a valid automerge-repo id) every input writes under.
const DOC: &str = "3fYwCCvN56XUsw5ew6U6ZG7RvXHi";

static RT: LazyLock<tokio::runtime::Runtime> =
    LazyLock::new(|| tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime"));

/// Splits the input on the separator `0xFF 0x00 0xFF` into records; each record's first byte
/// says what to make of the rest.
fn build_tree(root: &Path, input: &[u8]) {
    let doc_dir = root.join(&DOC[..2]).join(&DOC[2..]);
    let mut records = Vec::new();
    let mut rest = input;
    while let Some(at) = rest.windows(3).position(|w| w == [0xFF, 0x00, 0xFF]) {
        records.push(&rest[..at]);
        rest = &rest[at + 3..];
    }
    records.push(rest);
    for (i, record) in records.iter().take(64).enumerate() {
        let Some((&shape, body)) = record.split_first() else { continue };
        let name = format!("{i:02x}{}", hex(&body.iter().take(4).copied().collect::<Vec<_>>()));
        let (dir, file) = match shape % 8 {
            0 | 1 | 2 => (doc_dir.join("incremental"), name),
            3 => (doc_dir.join("snapshot"), name),
            // A temp file an interrupted write left behind.
            4 => (doc_dir.join("incremental"), format!(".{name}.tmp.1.{i}")),
            // A file where a directory must be (only if nothing is there yet).
            5 => (doc_dir.clone(), if i % 2 == 0 { "incremental".into() } else { "snapshot".into() }),
            // A directory where a chunk file would be.
            6 => {
                let _ = std::fs::create_dir_all(doc_dir.join("incremental").join(&name).join("nested"));
                continue;
            }
            // Another document's directory, or a stray file at the root.
            _ => (root.join(&name[..2]), format!("x{name}")),
        };
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(file), body);
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fuzz_target!(|input: &[u8]| {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let root = tmp.path().join("store");
    let _ = std::fs::create_dir_all(&root);
    build_tree(&root, input);

    let Ok(store) = FsStore::open(&root) else { return };
    // The raw range read the server and the client's view cache use.
    let prefix = StorageKey::from_parts([DOC]).expect("a valid key");
    let _ = store.load_range_sync(&prefix);

    // The program's load path: samod's repo over the store, finding the document.
    let doc_id = DocumentId::from_str(DOC).expect("a valid document id");
    let loaded = RT.block_on(async {
        let repo = Repo::builder(tokio::runtime::Handle::current()).with_storage(store).load().await;
        let found = repo.find(doc_id).await;
        let saved = match found {
            Ok(Some(handle)) => Some(handle.with_document(|doc| {
                let heads = doc.get_heads();
                let own = heads.iter().all(|h| doc.get_change_by_hash(h).is_some());
                assert!(own, "every head of a loaded document is one of its changes");
                (heads, doc.save())
            })),
            _ => None,
        };
        repo.stop().await;
        saved
    });
    if let Some((heads, bytes)) = loaded {
        let again = Automerge::load(&bytes).expect("a loaded document saves to bytes that load");
        assert_eq!(again.get_heads(), heads, "saving and loading keeps the heads");
    }
});
