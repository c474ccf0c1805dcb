//! The real `tandem` binary on a disk that is really full: the profile lives on a small tmpfs,
//! mounted in a private mount namespace (`unshare --mount`, so nothing outside the test sees it)
//! and filled to ENOSPC with a filler file. A command whose change the disk refuses must not
//! claim success, must say plainly that the change was NOT saved, and must leave nothing behind,
//! so running it again once there is room makes it exactly once.
//!
//! Needs Linux, root (or CAP_SYS_ADMIN) and util-linux's `unshare`; elsewhere the test says so
//! and passes.

use std::path::Path;
use std::process::Command;

const BODY: &str = "Written on a full disk";

/// The whole session runs inside one namespace, because the tmpfs (and what is on it) lives only
/// as long as the namespace. Each step's output goes to files in `$OUT`, on the real disk.
const SCRIPT: &str = r#"
set -u
mount -t tmpfs -o size=4m tandem-disk-full "$TANDEM_HOME" || exit 90
step() { name=$1; shift; "$TANDEM" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"; echo $? >"$OUT/$name.rc"; }
step create project create Apollo --me Ada
# Fill the disk: dd stops with ENOSPC.
dd if=/dev/zero of="$TANDEM_HOME/filler" bs=64k 2>/dev/null
start=$(date +%s%N)
step full log add "$BODY"
echo $(( ($(date +%s%N) - start) / 1000000 )) >"$OUT/full.ms"
step list_full log list --json
rm "$TANDEM_HOME/filler"
step again log add "$BODY"
step list log list --json
"#;

fn namespaces_available(dir: &Path) -> bool {
    Command::new("unshare")
        .args(["--mount", "--propagation", "private", "sh", "-c", "mount -t tmpfs -o size=64k t \"$1\""])
        .arg("sh")
        .arg(dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn read(out: &Path, name: &str) -> String {
    std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn bodies(list: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(list).unwrap_or_else(|e| panic!("{e}: {list}"));
    v.as_array().unwrap().iter().map(|e| e["body"].as_str().unwrap_or_default().to_owned()).collect()
}

#[test]
fn a_command_the_full_disk_refused_says_not_saved_and_running_it_again_makes_it_once() {
    let home = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    if !cfg!(target_os = "linux") || !namespaces_available(home.path()) {
        use std::io::Write;
        writeln!(std::io::stdout().lock(), "disk_full: skipped (needs root and `unshare --mount` to mount a tmpfs)")
            .unwrap();
        return;
    }
    let run = Command::new("timeout")
        .args(["120", "unshare", "--mount", "--propagation", "private", "sh", "-c", SCRIPT])
        .env("TANDEM", env!("CARGO_BIN_EXE_tandem"))
        .env("TANDEM_HOME", home.path())
        .env("TANDEM_NOW", "2026-12-01 09:00")
        .env("OUT", out.path())
        .env("BODY", BODY)
        .env_remove("EDITOR")
        .env_remove("VISUAL")
        .output()
        .unwrap();
    let o = out.path();
    assert!(
        run.status.success(),
        "the session failed ({}; 124 is the timeout, 90 the mount): {}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(read(o, "create.rc").trim(), "0", "{}", read(o, "create.err"));

    // On the full disk: failure, nothing on stdout, and the plain truth on stderr.
    let err = read(o, "full.err");
    assert_eq!(read(o, "full.rc").trim(), "1", "stdout: {} stderr: {err}", read(o, "full.out"));
    assert_eq!(read(o, "full.out"), "", "a command that was not saved prints no success");
    for words in
        ["NOT saved", BODY, "No space left on device", "nothing of it was written", "run the same command again"]
    {
        assert!(err.contains(words), "{words:?} in {err}");
    }
    assert!(!err.contains("do not repeat"), "{err}");
    let ms: u64 = read(o, "full.ms").trim().parse().unwrap();
    assert!(ms < 30_000, "the refused command took {ms} ms");
    // Nothing of it is there, even for a reader on the same full disk.
    assert_eq!(read(o, "list_full.rc").trim(), "0", "{}", read(o, "list_full.err"));
    assert!(!bodies(&read(o, "list_full.out")).iter().any(|b| b == BODY));

    // Room again: running it again makes it exactly once.
    assert_eq!(read(o, "again.rc").trim(), "0", "{}", read(o, "again.err"));
    assert_eq!(read(o, "list.rc").trim(), "0", "{}", read(o, "list.err"));
    let all = bodies(&read(o, "list.out"));
    assert_eq!(all.iter().filter(|b| *b == BODY).count(), 1, "{all:?}");
}
