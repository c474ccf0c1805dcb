//! The TypeScript bindings (feature `ts`): `tandem_core::ts::export_all` writes one flat
//! directory of `<Type>.ts` files that describe the JSON serde writes.
//!
//! Run with `cargo test -p tandem-core --features ts --test ts_bindings`.
#![cfg(feature = "ts")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ts_rs::Config;

/// A fresh, empty directory for this run (removed again when the test passes).
fn fresh_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tandem-core-ts-bindings-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove a leftover directory of an earlier run");
    }
    std::fs::create_dir_all(&dir).expect("create the output directory");
    dir
}

/// Every file in `dir` by name, with its content. Fails on subdirectories: the export is flat.
fn files(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("read the output directory") {
        let path = entry.expect("directory entry").path();
        assert!(path.is_file(), "{} is not a file: the bindings must be one flat directory", path.display());
        let name = path.file_name().and_then(|n| n.to_str()).expect("file name").to_owned();
        let text = std::fs::read_to_string(&path).expect("read a binding");
        out.insert(name, text);
    }
    out
}

#[test]
fn bindings_are_flat_complete_and_use_numbers() {
    let dir = fresh_dir();
    let cfg = Config::new().with_large_int("number").with_out_dir(&dir);
    tandem_core::ts::export_all(&cfg).expect("export the bindings");
    let files = files(&dir);

    // (a) The root types a UI needs are there.
    for name in [
        "Command",
        "TaskView",
        "DashboardView",
        "MeetingView",
        "RiskMatrixView",
        "WorkloadView",
        "LogEntryView",
        "Conflict",
    ] {
        assert!(files.contains_key(&format!("{name}.ts")), "{name}.ts is missing; got {:?}", files.keys());
    }

    // (b) Large integers are plain numbers.
    for (name, text) in &files {
        assert!(!text.contains("bigint"), "{name} mentions bigint:\n{text}");
    }

    // Every import points at a file of the same directory.
    for (name, text) in &files {
        for line in text.lines().filter(|l| l.starts_with("import ")) {
            let target = line.split("from \"./").nth(1).and_then(|rest| rest.split('"').next());
            let target = target.unwrap_or_else(|| panic!("{name}: import outside the directory: {line}"));
            assert!(files.contains_key(&format!("{target}.ts")), "{name} imports {target}, which was not exported");
        }
    }

    // (c) Closed sets use their serde (snake_case) names.
    let status = &files["TaskStatus.ts"];
    assert!(status.contains("\"in_progress\""), "TaskStatus.ts:\n{status}");

    std::fs::remove_dir_all(&dir).expect("remove the output directory");
}
