//! Crash test: a child process writes keys in a loop and reports each acknowledged write; it is
//! killed with SIGKILL at random moments. Afterwards the store opens, every acknowledged key holds
//! exactly what was written, and no torn file is visible.
//!
//! The child is this same test binary (built without the test harness, see Cargo.toml), re-run
//! with `TANDEM_STORE_CRASH_CHILD` set.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use samod::storage::StorageKey;
use tandem_store::FsStore;

const TRIALS: usize = 100;

fn key(i: u64) -> StorageKey {
    StorageKey::from_parts(["crashdoc".to_owned(), "incremental".to_owned(), format!("c{i:08}")]).unwrap()
}

/// Content that can be checked whole: the index repeated, with a length depending on it.
fn content(i: u64) -> Vec<u8> {
    i.to_le_bytes().iter().copied().cycle().take(512 + (i as usize % 7) * 1000).collect()
}

fn main() {
    match std::env::var("TANDEM_STORE_CRASH_CHILD") {
        Ok(dir) => write_until_killed(&dir),
        Err(_) => {
            killed_writers_lose_nothing_acknowledged();
            let mut out = std::io::stdout().lock();
            use std::io::Write;
            writeln!(out, "crash: {TRIALS} SIGKILL trials, 0 acknowledged writes lost, 0 stores failed to open")
                .unwrap();
        }
    }
}

/// In the child: write forever, printing "ack <i>" after each durable write.
fn write_until_killed(dir: &str) {
    let start: u64 = std::env::var("TANDEM_STORE_CRASH_START").unwrap().parse().unwrap();
    let s = FsStore::open(dir).unwrap();
    let mut out = std::io::stdout().lock();
    for i in start.. {
        s.put_durable(&key(i), &content(i)).unwrap();
        // Also rewrite one shared key, so kills land during overwrites too.
        s.put_durable(&StorageKey::from_parts(["crashdoc", "snapshot", "latest"]).unwrap(), &content(i)).unwrap();
        use std::io::Write;
        writeln!(out, "ack {i}").unwrap();
        out.flush().unwrap();
    }
}

fn killed_writers_lose_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut acked: Vec<u64> = Vec::new();
    let mut next = 0u64;
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    for trial in 0..TRIALS {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        // Kill after a random number of acknowledgements (0..40), so the kill lands mid-write.
        let stop_after = rng % 40;
        let mut child = Command::new(&exe)
            .env("TANDEM_STORE_CRASH_CHILD", dir.path())
            .env("TANDEM_STORE_CRASH_START", next.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut seen = 0;
        while seen <= stop_after {
            let Some(Ok(line)) = lines.next() else { break };
            if let Some(i) = line.strip_prefix("ack ") {
                let i: u64 = i.trim().parse().unwrap();
                acked.push(i);
                next = i + 1;
                seen += 1;
            }
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        // Writes after the last ack we read may have landed too; start past them.
        next += 2;

        let s = FsStore::open(dir.path()).unwrap_or_else(|e| panic!("trial {trial}: store does not open: {e}"));
        for &i in &acked {
            let got = s.load_sync(&key(i)).unwrap();
            assert_eq!(
                got.as_deref(),
                Some(content(i).as_slice()),
                "trial {trial}: acknowledged write {i} lost or torn"
            );
        }
        let latest = s.load_sync(&StorageKey::from_parts(["crashdoc", "snapshot", "latest"]).unwrap()).unwrap();
        if let Some(latest) = latest {
            let i = u64::from_le_bytes(latest[..8].try_into().unwrap());
            assert_eq!(latest, content(i), "trial {trial}: the overwritten key is torn");
        }
    }
    assert!(acked.len() > TRIALS, "the writers made progress ({} acks)", acked.len());
}
