//! What every subcommand works with: the member's replica, the selected project, the output mode,
//! and helpers to resolve what people type (id prefixes, member names, dates, amounts).

use std::io::Write;

use anyhow::{Context, Result, bail};
use automerge::Automerge;
use chrono::NaiveDate;
use serde::Serialize;
use tandem_client::{Client, ClientError};
use tandem_core::ids::MemberId;
use tandem_core::{Command, Kind, Millis, Outcome};

/// Shared state of one `tandem` invocation.
pub struct App {
    pub client: Client,
    /// `--project`, if given.
    pub project: Option<String>,
    /// `--json`: machine-readable output.
    pub json: bool,
}

impl App {
    /// The project this invocation works on.
    pub fn project_id(&self) -> Result<String> {
        Ok(self.client.resolve_project(self.project.as_deref())?)
    }

    /// Runs a command on the selected project; returns once it is on disk.
    ///
    /// When the disk refused the change's write after the change was made, this process cannot
    /// wait for the disk as the app does: it tries the write once more, and if the disk still
    /// refuses, fails with the client's "NOT saved" error (nothing was written, so running the
    /// command again is right). It never reports a change that is not on disk as done.
    pub fn exec(&mut self, cmd: Command) -> Result<Outcome> {
        let id = self.project_id()?;
        match self.client.execute(&id, cmd) {
            Err(ClientError::SavePending { outcome, .. }) => {
                self.client.finish_pending()?;
                Ok(*outcome)
            }
            other => Ok(other?),
        }
    }

    /// Runs a command and prints what it did (the summary, or the outcome as JSON).
    pub fn exec_and_report(&mut self, cmd: Command) -> Result<Outcome> {
        let out = self.exec(cmd)?;
        self.report(&out)?;
        Ok(out)
    }

    /// Prints a command's outcome.
    pub fn report(&self, out: &Outcome) -> Result<()> {
        if self.json {
            return self.print_json(out);
        }
        let mut line =
            if out.hash.is_some() { out.summary.clone() } else { format!("{} (nothing changed)", out.summary) };
        if let Some(id) = &out.created {
            line.push_str(&format!(" [id {id}]"));
        }
        self.println(&line)
    }

    /// Reads the selected project's document.
    pub fn read<T>(&mut self, f: impl FnOnce(&Automerge) -> T) -> Result<T> {
        let id = self.project_id()?;
        Ok(self.client.read(&id, f)?)
    }

    /// The full id of an item from what was typed (a unique prefix is enough).
    pub fn resolve(&mut self, kind: Kind, typed: &str) -> Result<String> {
        let typed = typed.to_owned();
        Ok(self.read(move |d| tandem_core::items::resolve(d, kind, &typed))??)
    }

    /// A typed id of an item from a unique prefix.
    pub fn id<T: std::str::FromStr>(&mut self, kind: Kind, typed: &str) -> Result<T>
    where
        T::Err: std::error::Error + Send + Sync + 'static,
    {
        Ok(self.resolve(kind, typed)?.parse()?)
    }

    /// An item from `KIND:ID` (e.g. `task:3k`; a unique id prefix is enough).
    pub fn item_ref(&mut self, typed: &str) -> Result<tandem_core::ItemRef> {
        let Some((kind, id)) = typed.split_once(':') else {
            bail!("{typed:?} does not name an item; write KIND:ID, e.g. task:3k or risk:7q");
        };
        let Some(kind) = Kind::from_tag(&kind.trim().replace([' ', '-'], "_")) else {
            bail!(
                "{kind:?} is not a kind of item; use one of: {}, log_entry",
                Kind::KEYED.iter().map(|k| k.tag()).collect::<Vec<_>>().join(", ")
            );
        };
        let id = if kind == Kind::LogEntry { id.trim().to_owned() } else { self.resolve(kind, id.trim())? };
        Ok(tandem_core::ItemRef::new(kind, id))
    }

    /// A member from a name (any case, unique) or an id prefix.
    pub fn member(&mut self, typed: &str) -> Result<MemberId> {
        let t = typed.trim().to_owned();
        let members = self.read(tandem_core::project::members)??;
        let by_name: Vec<_> = members.iter().filter(|m| m.name.eq_ignore_ascii_case(&t)).collect();
        match by_name.as_slice() {
            [one] => return Ok(one.id.clone()),
            [] => {}
            _ => bail!("{t:?} is the name of several members; use the member id (`tandem member list`)"),
        }
        self.id(Kind::Member, &t)
            .with_context(|| format!("no member is called {t:?}; `tandem member list` shows names and ids"))
    }

    /// Members from several typed names or ids.
    pub fn members(&mut self, typed: &[String]) -> Result<Vec<MemberId>> {
        typed.iter().map(|t| self.member(t)).collect()
    }

    /// Today's date by the client's clock (UTC).
    pub fn today(&self) -> NaiveDate {
        self.client.now().date()
    }

    /// The current instant by the client's clock.
    #[allow(dead_code, reason = "used by areas whose defaults depend on the time of day")]
    pub fn now(&self) -> Millis {
        self.client.now()
    }

    /// Prints a value as pretty JSON.
    pub fn print_json<T: Serialize + ?Sized>(&self, v: &T) -> Result<()> {
        let s = serde_json::to_string_pretty(v)?;
        self.println(&s)
    }

    /// Prints a line to standard output (a closed pipe ends the program quietly).
    pub fn println(&self, s: &str) -> Result<()> {
        let mut out = std::io::stdout().lock();
        match writeln!(out, "{s}") {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
            r => Ok(r?),
        }
    }

    /// Prints JSON when `--json` was given, otherwise the human rendering.
    pub fn show<T: Serialize + ?Sized>(&self, v: &T, human: impl FnOnce() -> String) -> Result<()> {
        if self.json { self.print_json(v) } else { self.println(human().trim_end()) }
    }
}

/// A plain table for terminal output.
pub fn table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut t = comfy_table::Table::new();
    t.load_preset(comfy_table::presets::NOTHING);
    t.set_header(header.iter().map(|h| h.to_uppercase()));
    for r in rows {
        t.add_row(r);
    }
    if t.row_count() == 0 {
        return "(none)".to_owned();
    }
    t.trim_fmt()
}

/// Parses `YYYY-MM-DD` for clap.
pub fn date(s: &str) -> Result<NaiveDate, String> {
    tandem_core::ids::parse_date("date", s).map_err(|_| format!("{s:?} is not a date; write it as YYYY-MM-DD"))
}

/// Parses an amount such as `1250` or `1250.50` into minor units, for clap.
pub fn amount(s: &str) -> Result<i64, String> {
    tandem_core::money::parse_amount("amount", s).map_err(|e| e.to_string().replacen("amount: ", "", 1))
}

/// Parses a UTC time `YYYY-MM-DD HH:MM` (or `YYYY-MM-DDTHH:MM`) for clap.
pub fn instant(s: &str) -> Result<Millis, String> {
    let t = s.trim().replace('T', " ");
    chrono::NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M")
        .map(|dt| Millis(dt.and_utc().timestamp_millis()))
        .map_err(|_| format!("{s:?} is not a time; write it as \"YYYY-MM-DD HH:MM\" (UTC)"))
}

/// Shows an optional value or a dash.
pub fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_else(|| "-".to_owned())
}

/// Formats money in minor units with the currency.
pub fn money(v: i64, currency: &str) -> String {
    format!("{} {currency}", tandem_core::money::format_minor(v))
}

/// Opens `$EDITOR` (default `vi`) on `initial` and returns the edited text.
pub fn edit_in_editor(initial: &str) -> Result<String> {
    let editor = std::env::var("VISUAL").or_else(|_| std::env::var("EDITOR")).unwrap_or_else(|_| "vi".to_owned());
    let mut file = tempfile::Builder::new().suffix(".md").tempfile()?;
    file.write_all(initial.as_bytes())?;
    file.flush()?;
    let path = file.path().to_owned();
    // The editor command may carry arguments ("code --wait"); run it through the shell.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status()
        .with_context(|| format!("cannot start the editor {editor:?}; set EDITOR"))?;
    if !status.success() {
        bail!("the editor {editor:?} exited with {status}; nothing was changed");
    }
    Ok(std::fs::read_to_string(&path)?)
}
