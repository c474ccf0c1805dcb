//! Crash test: every `tandem` command that reported success survives SIGKILL.
//!
//! One profile holds one project. Each trial starts a driver (this same test binary, built without
//! the test harness, re-run with `TANDEM_CLI_CRASH_HOME` set) that runs `tandem task add … --json`
//! in a loop and prints "ack <title>" after each command that exited 0. After a random number of
//! acknowledgements and a random spin, the driver is frozen and the `tandem` process it is running
//! is killed with SIGKILL, wherever it is (loading, compacting, writing, fsyncing, printing). Every
//! trial also starts a `tandem` process directly and kills it after a random spin. Afterwards
//! `tandem task list --all --json` must succeed and hold every acknowledged title.
//!
//! No process outlives its trial: the driver is stopped (SIGSTOP) before its in-flight child is
//! killed, so the child's pid cannot be reused under us, and the driver reaps it before it exits.
//! Needs Linux (`/proc`) and the `kill` command; elsewhere the test says so and passes.

#[cfg(target_os = "linux")]
fn main() {
    match std::env::var("TANDEM_CLI_CRASH_HOME") {
        Ok(home) => linux::drive(&home),
        Err(_) => linux::killed_commands_lose_nothing_acknowledged(),
    }
}

#[cfg(not(target_os = "linux"))]
fn main() {
    use std::io::Write;
    writeln!(std::io::stdout().lock(), "crash: skipped (needs Linux /proc and SIGKILL)").unwrap();
}

#[cfg(target_os = "linux")]
mod linux {
    use std::collections::{HashMap, HashSet};
    use std::io::{BufRead, BufReader, Read, Write};
    use std::os::unix::process::ExitStatusExt;
    use std::path::Path;
    use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
    use std::time::{Duration, Instant};

    const TRIALS: usize = 100;
    const NOW: &str = "2026-12-01 09:00";
    /// Longest any wait for a process may take before the test gives up.
    const PATIENCE: Duration = Duration::from_secs(60);

    fn tandem(home: &Path) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_tandem"));
        c.env("TANDEM_HOME", home).env("TANDEM_NOW", NOW).env_remove("EDITOR").env_remove("VISUAL");
        c.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        c
    }

    /// What a `tandem task add --json` printed: the created id, if it says so.
    fn created(stdout: &[u8]) -> bool {
        serde_json::from_slice::<serde_json::Value>(stdout).is_ok_and(|v| v["created"].is_string())
    }

    /// In the driver: add tasks until killed, reporting each outcome on one line.
    pub fn drive(home: &str) {
        let trial = std::env::var("TANDEM_CLI_CRASH_TRIAL").unwrap();
        let mut out = std::io::stdout().lock();
        for n in 0..10_000 {
            let title = format!("t-{trial}-{n}");
            let child = tandem(Path::new(home)).args(["task", "add", &title, "--json"]).spawn().unwrap();
            let output = child.wait_with_output().unwrap();
            let line = if output.status.success() && created(&output.stdout) {
                format!("ack {title}")
            } else if let Some(sig) = output.status.signal() {
                format!("killed {title} by signal {sig}")
            } else {
                format!(
                    "fail {title}: {}: {}{}",
                    output.status,
                    String::from_utf8_lossy(&output.stderr).trim(),
                    String::from_utf8_lossy(&output.stdout).trim()
                )
            };
            // The parent has gone away: stop.
            if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() || !line.starts_with("ack ") {
                return;
            }
        }
    }

    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n.max(1)
        }

        /// A random duration in `0..max`.
        fn upto(&mut self, max: Duration) -> Duration {
            Duration::from_nanos(self.below(max.as_nanos() as u64))
        }
    }

    /// Busy-waits (no sleep) until `deadline` or until the child exits on its own.
    fn spin(child: &mut Child, deadline: Instant) -> Option<ExitStatus> {
        loop {
            if let Some(s) = child.try_wait().unwrap() {
                return Some(s);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::yield_now();
        }
    }

    /// Sends a signal with the `kill` command (std has no kill(2) for other processes' children).
    fn signal(sig: &str, pid: u32) {
        // A process that is already gone is fine.
        let _ = Command::new("kill").args(["-s", sig, &pid.to_string()]).stderr(Stdio::null()).status().unwrap();
    }

    /// State letter and parent pid of a process, from /proc (None once it is reaped).
    fn proc_state(pid: u32) -> Option<(char, u32)> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // "pid (comm) S ppid …": comm may hold spaces and parentheses.
        let mut rest = stat[stat.rfind(')')? + 1..].split_whitespace();
        let state = rest.next()?.chars().next()?;
        let ppid = rest.next()?.parse().ok()?;
        Some((state, ppid))
    }

    fn children_of(pid: u32) -> Vec<u32> {
        std::fs::read_dir("/proc")
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .filter(|&p| proc_state(p).is_some_and(|(_, ppid)| ppid == pid))
            .collect()
    }

    fn until(what: &str, mut done: impl FnMut() -> bool) {
        let start = Instant::now();
        while !done() {
            assert!(start.elapsed() < PATIENCE, "gave up waiting until {what}");
            std::thread::yield_now();
        }
    }

    /// Kills whatever `tandem` process the driver is running, then the driver, and waits until
    /// neither can write any more. The driver is frozen first, so its child cannot be reaped (and
    /// its pid reused) before the SIGKILL lands, and no new child starts.
    fn kill_driver_and_its_command(driver: &mut Child) {
        let pid = driver.id();
        loop {
            if driver.try_wait().unwrap().is_some() {
                return;
            }
            signal("STOP", pid);
            let mut exited = false;
            until("the driver stops", || match proc_state(pid) {
                Some(('T' | 't', _)) => true,
                Some(('Z' | 'X', _)) | None => {
                    exited = true;
                    true
                }
                _ => false,
            });
            if exited {
                driver.wait().unwrap();
                return;
            }
            let kids = children_of(pid);
            if kids.is_empty() {
                // Between two commands: nothing is in flight.
                driver.kill().unwrap();
                driver.wait().unwrap();
                return;
            }
            for &k in &kids {
                signal("KILL", k);
            }
            signal("CONT", pid);
            // The driver reaps its child and exits (or, if the child had finished on its own,
            // acknowledges it and starts the next one: go round again).
            until("the driver reaps its killed command", || {
                driver.try_wait().unwrap().is_some()
                    || kids.iter().all(|&k| proc_state(k).is_none_or(|(_, ppid)| ppid != pid))
            });
        }
    }

    /// A driver that is killed (even when stopped) if the test panics while it runs.
    struct Driver(Child);

    impl Drop for Driver {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    /// What one trial learned from the driver's lines.
    #[derive(Default)]
    struct Lines {
        acked: Vec<String>,
        failed: Vec<String>,
    }

    /// Records a driver line. `killed_by_us`: whether a SIGKILL was sent to the driver's command.
    fn take_line(line: &str, killed_by_us: bool, into: &mut Lines) {
        if let Some(t) = line.strip_prefix("ack ") {
            into.acked.push(t.to_owned());
        } else if line.starts_with("fail ") || (line.starts_with("killed ") && !(killed_by_us && line.ends_with(" 9")))
        {
            // A command that failed, or died of something other than our SIGKILL (a crash).
            into.failed.push(line.to_owned());
        }
    }

    fn read_lines(reader: &mut BufReader<ChildStdout>, acks: usize, into: &mut Lines) {
        let mut seen = 0;
        let mut line = String::new();
        while seen < acks {
            line.clear();
            if reader.read_line(&mut line).unwrap() == 0 {
                return;
            }
            take_line(line.trim_end(), false, into);
            if line.starts_with("ack ") {
                seen += 1;
            } else {
                return;
            }
        }
    }

    /// Titles of every task in the profile, or why the store could not be read.
    fn titles(home: &Path) -> Result<Vec<String>, String> {
        let out = tandem(home).args(["task", "list", "--all", "--json"]).output().unwrap();
        if !out.status.success() {
            return Err(format!("{}: {}", out.status, String::from_utf8_lossy(&out.stderr).trim()));
        }
        let v: serde_json::Value =
            serde_json::from_slice(&out.stdout).map_err(|e| format!("task list printed no JSON: {e}"))?;
        let tasks = v.as_array().ok_or("task list printed no JSON array")?;
        Ok(tasks.iter().map(|t| t["title"].as_str().unwrap_or_default().to_owned()).collect())
    }

    /// Temp files of writes that a kill interrupted (the next `tandem` removes them).
    fn temp_files(dir: &Path) -> usize {
        std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                if e.file_type().is_ok_and(|t| t.is_dir()) {
                    temp_files(&e.path())
                } else {
                    usize::from(name.starts_with('.') && name.contains(".tmp."))
                }
            })
            .sum()
    }

    fn report(line: &str) {
        writeln!(std::io::stderr().lock(), "{line}").unwrap();
    }

    pub fn killed_commands_lose_nothing_acknowledged() {
        let started = Instant::now();
        let home = tempfile::tempdir().unwrap();
        let exe = std::env::current_exe().unwrap();
        let seed = std::env::var("TANDEM_CLI_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
        });
        let mut rng = Rng(seed);

        let create = tandem(home.path()).args(["project", "create", "Crash", "--me", "Ada"]).output().unwrap();
        assert!(create.status.success(), "project create: {}", String::from_utf8_lossy(&create.stderr));

        // How long one command lives, so random kills spread over its whole life.
        let mut acked: Vec<String> = Vec::new();
        let t0 = Instant::now();
        let warm = tandem(home.path()).args(["task", "add", "warm-up", "--json"]).output().unwrap();
        assert!(warm.status.success() && created(&warm.stdout), "the first task add fails");
        acked.push("warm-up".to_owned());
        let mut life = t0.elapsed();

        let (mut lost, mut load_failures, mut duplicated, mut command_failures) = (0usize, 0usize, 0usize, 0usize);
        let mut failed: Vec<String> = Vec::new();
        let (mut driver_kills, mut direct_kills, mut direct_completed, mut torn_writes) =
            (0usize, 0usize, 0usize, 0usize);
        let mut trials = 0;
        for trial in 0..TRIALS {
            trials = trial + 1;
            // 1. The driver: a random number of acknowledged adds, then a kill at a random moment.
            let mut driver = Driver(
                Command::new(&exe)
                    .env("TANDEM_CLI_CRASH_HOME", home.path())
                    .env("TANDEM_CLI_CRASH_TRIAL", trial.to_string())
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::inherit())
                    .spawn()
                    .unwrap(),
            );
            let mut reader = BufReader::new(driver.0.stdout.take().unwrap());
            let mut lines = Lines::default();
            read_lines(&mut reader, rng.below(5) as usize, &mut lines);
            let _ = spin(&mut driver.0, Instant::now() + rng.upto(life * 3 / 2));
            kill_driver_and_its_command(&mut driver.0);
            driver_kills += 1;
            // Acknowledgements the driver printed before it died count too.
            let mut rest = String::new();
            reader.read_to_string(&mut rest).unwrap();
            for l in rest.lines() {
                take_line(l, true, &mut lines);
            }
            acked.extend(lines.acked);
            failed.extend(lines.failed);

            // 2. A `tandem` started here and killed after a random spin (mostly a write; every
            // third one a read, which may compact the document).
            let title = format!("d-{trial}");
            let args: Vec<&str> = if trial % 3 == 2 {
                vec!["task", "list", "--all", "--json"]
            } else {
                vec!["task", "add", &title, "--json"]
            };
            let t = Instant::now();
            let mut child = tandem(home.path()).args(&args).spawn().unwrap();
            let status = match spin(&mut child, t + rng.upto(life * 2)) {
                Some(s) => s,
                None => {
                    child.kill().unwrap();
                    child.wait().unwrap()
                }
            };
            let mut stdout = Vec::new();
            child.stdout.take().unwrap().read_to_end(&mut stdout).unwrap();
            if status.success() {
                direct_completed += 1;
                life = (life * 3 + t.elapsed()) / 4;
                if args[1] == "add" {
                    if created(&stdout) {
                        acked.push(title);
                    } else {
                        failed.push(format!("{args:?} exited 0 without saying what it created"));
                    }
                }
            } else if status.signal() == Some(9) {
                direct_kills += 1;
                // Killed before it finished: aim later next time, so kills cover its whole life.
                life = life * 9 / 8;
            } else {
                let mut err = String::new();
                child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
                failed.push(format!("{args:?}: {status}: {}", err.trim()));
            }

            // Evidence that kills land mid-write: temp files left by interrupted writes.
            torn_writes += temp_files(home.path());

            // 3. The store loads and holds every acknowledged command, once.
            match titles(home.path()) {
                Err(e) => {
                    load_failures += 1;
                    report(&format!("trial {trial}: the store does not load: {e}"));
                }
                Ok(have) => {
                    let mut count: HashMap<&str, usize> = HashMap::new();
                    for t in &have {
                        *count.entry(t.as_str()).or_default() += 1;
                    }
                    let have: HashSet<&str> = count.keys().copied().collect();
                    for a in &acked {
                        if !have.contains(a.as_str()) {
                            lost += 1;
                            report(&format!("trial {trial}: acknowledged `tandem task add {a:?}` is lost"));
                        }
                    }
                    for (t, n) in count.iter().filter(|(_, n)| **n > 1) {
                        duplicated += 1;
                        report(&format!("trial {trial}: task {t:?} appears {n} times"));
                    }
                    // Forget the losses already counted, so each is counted once.
                    acked.retain(|a| have.contains(a.as_str()));
                }
            }
            for f in failed.drain(..) {
                report(&format!("trial {trial}: a command failed without being killed: {f}"));
                command_failures += 1;
            }
            if load_failures > 0 || lost > 0 || duplicated > 0 || command_failures > 0 {
                break;
            }
        }

        let final_line =
            format!("crash: {trials} trials, {lost} acknowledged commands lost, {load_failures} stores failed to load");
        report(&format!(
            "crash: seed {seed}, {} tasks acknowledged, {driver_kills} drivers killed mid-loop, {direct_kills} \
             direct commands killed, {direct_completed} finished before their kill, {torn_writes} interrupted \
             writes left temp files, {:.1} s",
            acked.len(),
            started.elapsed().as_secs_f64()
        ));
        writeln!(std::io::stdout().lock(), "{final_line}").unwrap();
        if lost > 0 || load_failures > 0 || duplicated > 0 || command_failures > 0 {
            let kept = home.keep();
            report(&format!(
                "crash: FAILED ({duplicated} tasks duplicated, {command_failures} commands failed); the profile is kept in {} (seed {seed})",
                kept.display()
            ));
            std::process::exit(1);
        }
    }
}
