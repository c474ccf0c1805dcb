//! What a server process costs, read from Linux `/proc/<pid>`: CPU time (user + system, from
//! `stat`) and resident memory (`VmRSS` from `status`).

use std::time::{Duration, Instant};

/// One reading of a process.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub at: Instant,
    /// utime + stime, in clock ticks.
    pub cpu_ticks: u64,
    /// Resident set size now, in KiB.
    pub rss_kib: u64,
}

/// Reads `/proc/<pid>/stat` and `/proc/<pid>/status`.
pub fn sample(pid: u32) -> Result<Sample, String> {
    let at = Instant::now();
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map_err(|e| format!("cannot read /proc/{pid}/stat (did the server exit?): {e}"))?;
    // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).ok_or_else(|| format!("/proc/{pid}/stat: no ')' in {stat:?}"))?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the name: state is field 3, utime field 14, stime field 15 (1-based, proc(5)).
    let field = |n: usize| -> Result<u64, String> {
        fields.get(n - 3).and_then(|f| f.parse().ok()).ok_or_else(|| format!("/proc/{pid}/stat: no field {n}"))
    };
    let cpu_ticks = field(14)? + field(15)?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("cannot read /proc/{pid}/status: {e}"))?;
    let kib = |key: &str| -> Result<u64, String> {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| format!("/proc/{pid}/status has no {key}"))
    };
    Ok(Sample { at, cpu_ticks, rss_kib: kib("VmRSS:")? })
}

/// Clock ticks per second (`getconf CLK_TCK`; 100 on every Linux we run on if that fails).
pub fn ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|t| *t > 0.0)
        .unwrap_or(100.0)
}

/// CPU and memory of a process over a window.
#[derive(Debug, Clone, Copy)]
pub struct Usage {
    /// CPU seconds (user + system) spent in the window.
    pub cpu_seconds: f64,
    pub wall: Duration,
    /// Highest VmRSS seen by the samples in the window, KiB.
    pub peak_rss_kib: u64,
}

impl Usage {
    /// CPU as a percentage of one core over the window.
    pub fn cpu_percent(&self) -> f64 {
        100.0 * self.cpu_seconds / self.wall.as_secs_f64().max(1e-9)
    }
}

/// Samples a process every `every` from a background thread until stopped.
pub struct Sampler {
    stop: std::sync::mpsc::Sender<()>,
    thread: std::thread::JoinHandle<Result<Usage, String>>,
}

impl Sampler {
    pub fn start(pid: u32, every: Duration) -> Result<Sampler, String> {
        let first = sample(pid)?;
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let mut peak = first.rss_kib;
            loop {
                let done = !matches!(stopped.recv_timeout(every), Err(std::sync::mpsc::RecvTimeoutError::Timeout));
                let now = sample(pid)?;
                peak = peak.max(now.rss_kib);
                if done {
                    let ticks = now.cpu_ticks.saturating_sub(first.cpu_ticks) as f64;
                    return Ok(Usage {
                        cpu_seconds: ticks / ticks_per_second(),
                        wall: now.at.duration_since(first.at),
                        peak_rss_kib: peak,
                    });
                }
            }
        });
        Ok(Sampler { stop, thread })
    }

    pub fn finish(self) -> Result<Usage, String> {
        let _ = self.stop.send(());
        self.thread.join().map_err(|_| "the process sampler panicked".to_owned())?
    }
}
