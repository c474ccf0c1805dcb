//! End-to-end tests of the desktop app through its real webview: `WebKitWebDriver` starts
//! `target/<profile>/tandem-desktop` on a temp profile and fantoccini drives the window as a
//! person would; then the `tandem` CLI opens the same profile and checks what the app wrote.
//!
//! - One member, one window: creates a project, adds and completes a task, types meeting notes,
//!   writes a log entry and records a decision; the CLI reads all of it back.
//! - Two members, two windows (two profiles, two `WebKitWebDriver`s) on one `tandem-sync-server`:
//!   with the server stopped both rename the same task and each adds a task; once the server is
//!   back both windows show the merged project and a notice about the conflict. Then both type
//!   into one meeting's notes at the same time, at its start and its end, and both windows end
//!   with the same notes, each keystroke where it was typed.
//! - The coordinator's desk, one window on a shared project: two members' dependencies, each
//!   valid alone, merge into a loop; the window tells about it after the merge, and its Checks
//!   view names both members' changes as causes. A status report is generated and opened in the
//!   window, and the tasks are exported to a CSV file.
//!
//! Needs an X display (the Makefile runs the tests under `xvfb-run -a`), `WebKitWebDriver`
//! (Debian `webkit2gtk-driver`), the binaries built (`cargo build --workspace --all-targets`,
//! which needs the UI built into `ui/dist` first), and optionally ImageMagick's `import` for
//! screenshots of the main views, which are taken from X (WebDriver screenshots can show stale
//! frames) into `target/screenshots/` (`scripts/update-screenshots.sh` copies them to `docs/`).
//!
//! The tests take turns (see [`one_at_a_time`]): they share one X display, and a screenshot
//! shows whatever window is on top. Every wait is on an element, a value or a process with a
//! deadline; none is a fixed sleep.

use std::cell::RefCell;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::rc::Rc;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use tandem_tests::{COMMAND_DEADLINE, Server, binary, describe, finish, text};

/// Longest the app may take to show its first screen (the process starts, the webview loads).
const START_DEADLINE: Duration = Duration::from_secs(60);

/// Longest any later element may take to appear or change.
const ELEMENT_DEADLINE: Duration = Duration::from_secs(30);

/// Longest WebKitWebDriver may take to listen, and the profile to be released after the app closes.
const PROCESS_DEADLINE: Duration = Duration::from_secs(30);

/// Longest changes may take to travel between two windows once the server is back: the client
/// redials with a backoff of up to 15 s, then both sides exchange and the views refetch.
const SYNC_DEADLINE: Duration = Duration::from_secs(90);

/// How often a process, a port or a value is checked.
const POLL: Duration = Duration::from_millis(50);

/// Held by each test for its whole run: the tests share one X display, so a screenshot taken
/// while another test's window is open could show that window instead.
static APP_WINDOWS: Mutex<()> = Mutex::new(());

/// Waits for the other app tests to finish (a test that failed does not block the next).
fn one_at_a_time() -> MutexGuard<'static, ()> {
    APP_WINDOWS.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Runs one app test: on the display alone, on a single-threaded runtime where the scenario can
/// run as a local task (`spawn_local`), so that a failure in it still lets the test close the
/// WebDriver sessions (and with them the windows).
fn run_app_test(test: impl std::future::Future<Output = ()>) {
    display();
    let _alone = one_at_a_time();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
    runtime.block_on(tokio::task::LocalSet::new().run_until(test));
}

/// The X display the app will open on; fails with what to do when there is none.
fn display() -> String {
    match std::env::var("DISPLAY") {
        Ok(display) if !display.is_empty() => display,
        _ => panic!(
            "the desktop app tests need an X display and DISPLAY is not set: run them under xvfb-run -a, \
             e.g. `xvfb-run -a cargo test --workspace --test app` (`make test` does)"
        ),
    }
}

/// `WebKitWebDriver` on the PATH, or a failure that says which package brings it.
fn webdriver_program() -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join("WebKitWebDriver"))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("WebKitWebDriver is not on PATH: install the Debian package webkit2gtk-driver"))
}

/// The app binary next to the test executable (see `tandem_tests::binary`).
fn app_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable knows its path");
    let dir = exe.parent().and_then(Path::parent).expect("the test executable is in target/<profile>/deps");
    let app = dir.join(format!("tandem-desktop{}", std::env::consts::EXE_SUFFIX));
    assert!(
        app.is_file(),
        "{} does not exist: build the UI (`npm ci --prefix ui && npm run build --prefix ui`), then \
         `cargo build --workspace --all-targets` (which `cargo test --workspace --all-targets` does too)",
        app.display()
    );
    app
}

/// `target/screenshots/`, next to the profile directories.
fn screenshot_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable knows its path");
    let target = exe.ancestors().nth(3).expect("the test executable is in target/<profile>/deps");
    target.join("screenshots")
}

/// Saves what X shows into `target/screenshots/<name>.png` with ImageMagick's `import`, cut to
/// `window` (x, y, width, height) when given. A missing `import` or a failed capture is
/// reported, not fatal: screenshots are for people.
#[allow(clippy::print_stderr, reason = "the test log is where a skipped screenshot is reported")]
fn screenshot_of(name: &str, window: Option<(u64, u64, u64, u64)>) {
    let dir = screenshot_dir();
    let path = dir.join(format!("{name}.png"));
    let mut import = Command::new("import");
    import.args(["-window", "root"]);
    if let Some((x, y, width, height)) = window {
        import.args(["-crop", &format!("{width}x{height}+{x}+{y}"), "+repage"]);
    }
    let taken = std::fs::create_dir_all(&dir)
        .map_err(|e| format!("cannot create {}: {e}", dir.display()))
        .and_then(|()| {
            import
                .arg(&path)
                .stdin(Stdio::null())
                .output()
                .map_err(|e| format!("cannot run ImageMagick's `import` (install imagemagick): {e}"))
        })
        .and_then(|out| if out.status.success() { Ok(()) } else { Err(describe("import -window root", &out)) });
    match taken {
        Ok(()) => eprintln!("screenshot: {}", path.display()),
        Err(why) => eprintln!("no screenshot {name}: {why}"),
    }
}

/// The whole X screen into `target/screenshots/<name>.png`.
fn screenshot(name: &str) {
    screenshot_of(name, None);
}

/// The app's window, once it has painted what its DOM shows now, into
/// `target/screenshots/<name>.png` (the whole screen if the window's place is unknown).
async fn window_screenshot(app: &Client, name: &str) {
    painted(app).await;
    let window = app.get_window_rect().await.ok().filter(|&(_, _, width, height)| width > 0 && height > 0);
    screenshot_of(name, window);
}

/// A port on 127.0.0.1 that nothing listens on right now.
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind a free port");
    listener.local_addr().expect("the listener has an address").port()
}

/// A running `WebKitWebDriver`, killed when dropped. Its output goes to a log file that failure
/// messages quote.
struct WebDriver {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl WebDriver {
    fn start(dir: &Path) -> WebDriver {
        let port = free_port();
        let log = dir.join("webdriver.log");
        let out = std::fs::File::create(&log).expect("create the WebDriver log");
        let err = out.try_clone().expect("share the WebDriver log");
        let child = Command::new(webdriver_program())
            .arg(format!("--port={port}"))
            .arg("--host=127.0.0.1")
            // Lets the app's webview accept automation (wry reads it when creating the webview).
            .env("TAURI_WEBVIEW_AUTOMATION", "true")
            .env_remove("TANDEM_HOME")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .expect("WebKitWebDriver starts");
        let mut driver = WebDriver { child, port, log };
        let started = Instant::now();
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            if let Ok(Some(status)) = driver.child.try_wait() {
                panic!("WebKitWebDriver exited with {status} before listening:\n{}", driver.log_text());
            }
            assert!(
                started.elapsed() < PROCESS_DEADLINE,
                "WebKitWebDriver did not listen on port {port} within {PROCESS_DEADLINE:?}:\n{}",
                driver.log_text()
            );
            std::thread::sleep(POLL);
        }
        driver
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for WebDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A WebDriver session on the app, opened on the profile in `home`.
async fn open_app(driver: &WebDriver, home: &Path) -> Client {
    let capabilities = json!({
        // WebKitGTK's own capability; no browserName, which would ask for a browser it does not have.
        "webkitgtk:browserOptions": {
            "binary": app_binary(),
            "args": ["--home", home],
        }
    });
    let Value::Object(capabilities) = capabilities else { unreachable!("a JSON object") };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector).capabilities(capabilities).connect(&driver.url()).await.unwrap_or_else(|e| {
        panic!("cannot open a WebDriver session on the app: {e}\n--- WebKitWebDriver ---\n{}", driver.log_text())
    })
}

/// The element with `data-testid=<id>`, waiting up to `deadline` for it.
async fn by_test_id(app: &Client, id: &str, deadline: Duration) -> Element {
    let css = format!("[data-testid='{id}']");
    app.wait()
        .at_most(deadline)
        .for_element(Locator::Css(&css))
        .await
        .unwrap_or_else(|e| panic!("no element with data-testid={id} within {deadline:?}: {e}"))
}

/// The element that `xpath` finds, waiting for it; `what` says what it is for failure messages.
async fn by_xpath(app: &Client, xpath: &str, what: &str) -> Element {
    by_xpath_within(app, xpath, what, ELEMENT_DEADLINE).await
}

/// [`by_xpath`] with its own deadline.
async fn by_xpath_within(app: &Client, xpath: &str, what: &str, deadline: Duration) -> Element {
    app.wait()
        .at_most(deadline)
        .for_element(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|e| panic!("{what}: nothing matched {xpath} within {deadline:?}: {e}"))
}

/// An XPath string literal (titles in these tests have no double quotes).
fn literal(s: &str) -> String {
    assert!(!s.contains('"'), "{s:?} has a double quote");
    format!("\"{s}\"")
}

/// The first run, creating a project, adding a task and completing it, as a person does it in
/// the window. Returns the task's id.
async fn create_project_and_complete_a_task(app: &Client, project: &str, me: &str, title: &str) -> String {
    by_test_id(app, "project-name", START_DEADLINE).await.send_keys(project).await.expect("type the project name");
    by_test_id(app, "my-name", ELEMENT_DEADLINE).await.send_keys(me).await.expect("type my name");
    by_test_id(app, "create-project", ELEMENT_DEADLINE).await.click().await.expect("click create");

    let header = format!("//*[@data-testid='project-title' and normalize-space(.)={}]", literal(project));
    by_xpath(app, &header, "the header shows the new project's name").await;

    by_test_id(app, "nav-tasks", ELEMENT_DEADLINE).await.click().await.expect("open the tasks view");
    by_test_id(app, "new-task-title", ELEMENT_DEADLINE).await.send_keys(title).await.expect("type the task title");
    by_test_id(app, "add-task", ELEMENT_DEADLINE).await.click().await.expect("click add task");

    let row = format!(
        "//*[@data-testid='task-row'][.//*[@data-testid='task-title' and normalize-space(.)={}]]",
        literal(title)
    );
    let row = by_xpath(app, &row, "the new task is listed").await;
    let id = row.attr("data-task-id").await.expect("read data-task-id").expect("a task row has data-task-id");
    row.find(Locator::Css("[data-testid='task-done']"))
        .await
        .expect("the row has a done checkbox")
        .click()
        .await
        .expect("tick done");

    let done = format!(
        "//*[@data-testid='task-row' and @data-task-id={}]//*[@data-testid='task-status' and normalize-space(.)='done']",
        literal(&id)
    );
    by_xpath(app, &done, "the task's status becomes done").await;
    // The sync state is always on screen (here: a project that lives only on this device).
    by_test_id(app, "sync-state", ELEMENT_DEADLINE).await;
    id
}

/// Waits until the webview has painted what the DOM shows now (two animation frames), so that
/// a screenshot from X is not a frame behind. Best effort: a failure only risks a stale picture.
async fn painted(app: &Client) {
    let script = "const done = arguments[arguments.length - 1]; \
                  requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
    let _ = app.execute_async(script, vec![]).await;
}

/// `tandem --home HOME ARGS… --json`, retried while the app that just closed still holds the
/// profile (the CLI itself waits 10 s for the lock, and says "in use" after that).
fn cli_json(home: &Path, args: &[&str]) -> Value {
    let started = Instant::now();
    loop {
        let child = Command::new(binary("tandem"))
            .arg("--home")
            .arg(home)
            .args(args)
            .arg("--json")
            .env_remove("TANDEM_HOME")
            .env_remove("TANDEM_NOW")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tandem starts");
        let what = format!("tandem --home {} {} --json", home.display(), args.join(" "));
        let out = finish(child, &what, COMMAND_DEADLINE);
        if out.status.success() {
            return serde_json::from_str(&text(&out.stdout)).unwrap_or_else(|e| panic!("{what} printed no JSON: {e}"));
        }
        let busy = text(&out.stderr).contains("in use by another Tandem process");
        assert!(busy && started.elapsed() < PROCESS_DEADLINE, "{}", describe(&what, &out));
    }
}

/// The `created` id of a creating command run through [`cli_json`].
fn cli_create(home: &Path, args: &[&str]) -> String {
    let out = cli_json(home, args);
    out["created"].as_str().unwrap_or_else(|| panic!("tandem {} created nothing: {out}", args.join(" "))).to_owned()
}

/// Clicks the element with `data-testid=<id>`. A click WebKitWebDriver refuses (on a loaded
/// machine it sometimes answers with an empty error while the page is busy) is tried again with
/// a fresh lookup until the deadline, then fails with the last error.
async fn click(app: &Client, id: &str) {
    click_at(app, &format!("//*[@data-testid={}]", literal(id)), id).await;
}

/// Clicks the element at `xpath` like [`click`] does, retrying a refused click.
async fn click_at(app: &Client, xpath: &str, what: &str) {
    let until = std::time::Instant::now() + ELEMENT_DEADLINE;
    loop {
        let el = by_xpath(app, xpath, what).await;
        match el.click().await {
            Ok(()) => return,
            Err(_) if std::time::Instant::now() < until => tokio::time::sleep(Duration::from_millis(200)).await,
            Err(e) => panic!("click {what}: {e}"),
        }
    }
}

/// Types `text` into the element with `data-testid=<id>`.
async fn type_into(app: &Client, id: &str, text: &str) {
    by_test_id(app, id, ELEMENT_DEADLINE).await.send_keys(text).await.unwrap_or_else(|e| panic!("type into {id}: {e}"));
}

/// Opens a view from the left nav.
async fn open_view(app: &Client, view: &str) {
    click(app, &format!("nav-{view}")).await;
}

/// Waits until the element's DOM property `prop` (a field's `value`) reads `expected`.
async fn wait_for_prop(element: &Element, prop: &str, expected: &str, what: &str) {
    let started = Instant::now();
    loop {
        let now = element.prop(prop).await.unwrap_or_else(|e| panic!("{what}: cannot read {prop}: {e}"));
        if now.as_deref() == Some(expected) {
            return;
        }
        assert!(
            started.elapsed() < ELEMENT_DEADLINE,
            "{what}: {prop} is {now:?}, not {expected:?}, after {ELEMENT_DEADLINE:?}"
        );
        tokio::time::sleep(POLL).await;
    }
}

/// Replaces the text of an input that now holds `old`, as a person does: to the end, erase,
/// type (the keys are WebDriver's End and Backspace).
async fn replace_text(field: &Element, old: &str, new: &str, what: &str) {
    const END: char = '\u{E010}';
    const BACKSPACE: char = '\u{E003}';
    // No click: the field may still be sliding in (a drawer), and typing focuses it anyway.
    wait_for_prop(field, "value", old, what).await;
    let keys: String = std::iter::once(END).chain(old.chars().map(|_| BACKSPACE)).chain(new.chars()).collect();
    field.send_keys(&keys).await.unwrap_or_else(|e| panic!("{what}: type: {e}"));
    wait_for_prop(field, "value", new, what).await;
}

/// XPath of the element with `data-testid=<id>` whose text contains `text`.
fn containing(id: &str, text: &str) -> String {
    format!("//*[@data-testid='{id}' and contains(normalize-space(.), {})]", literal(text))
}

/// XPath of a row of the tasks view by its title.
fn task_row(title: &str) -> String {
    format!("//*[@data-testid='task-row'][.//*[@data-testid='task-title' and normalize-space(.)={}]]", literal(title))
}

/// Waits until the header's sync badge contains `text` (e.g. `Up to date`).
async fn sync_badge_says(app: &Client, who: &str, text: &str, deadline: Duration) {
    by_xpath_within(app, &containing("sync-state", text), &format!("{who}'s sync badge says {text:?}"), deadline).await;
}

/// What the one-member scenario typed, for the CLI to find.
struct Written {
    task_id: String,
    meeting_id: String,
}

const NOTES: &str = "Scope agreed with ACME. Bo drafts the plan by Friday.";
const LOG_ENTRY: &str = "Kick-off held; the client signed the scope.";
const DECISION: &str = "Ship a release every two weeks";
const DECISION_TEXT: &str = "Fortnightly releases, each with notes.";

/// The notes editor has read the notes and nothing is unsaved.
const NOTES_OPEN: &str = "//*[@data-testid='notes-state' and @data-state='saved']";

/// Schedules a meeting, opens it and types its notes until they are saved; writes a log entry;
/// records a decision; then reopens the meeting and finds the notes as the core returns them.
async fn notes_log_and_decision(app: &Client) -> String {
    open_view(app, "meetings").await;
    type_into(app, "new-meeting-title", "Kick-off").await;
    click(app, "add-meeting").await;
    let row = format!("//*[@data-testid='meeting-row'][contains(normalize-space(.), {})]", literal("Kick-off"));
    let row = by_xpath(app, &row, "the new meeting is listed").await;
    let meeting_id = row.attr("data-meeting-id").await.expect("read data-meeting-id").expect("a meeting row has an id");
    // Adding a meeting opens it.
    let detail = format!("//*[@data-testid='meeting-detail' and @data-meeting-id={}]", literal(&meeting_id));
    by_xpath(app, &detail, "the new meeting opens").await;
    // The editor reads the notes (with their heads) before it takes typing.
    by_xpath(app, NOTES_OPEN, "the notes open for editing").await;
    let notes = by_test_id(app, "meeting-notes", ELEMENT_DEADLINE).await;
    notes.click().await.expect("focus the notes");
    notes.send_keys(NOTES).await.expect("type the notes");
    wait_for_prop(&notes, "value", NOTES, "the notes field shows what was typed").await;
    by_xpath(app, "//*[@data-testid='notes-state' and @data-state='saved']", "the notes are saved").await;

    open_view(app, "log").await;
    type_into(app, "new-log-text", LOG_ENTRY).await;
    click(app, "add-log-entry").await;
    let entry = format!(
        "//*[@data-testid='log-entry'][.//*[@data-testid='log-body' and normalize-space(.)={}]]",
        literal(LOG_ENTRY)
    );
    by_xpath(app, &entry, "the log lists the new entry").await;

    open_view(app, "decisions").await;
    type_into(app, "new-decision-title", DECISION).await;
    type_into(app, "decision-text", DECISION_TEXT).await;
    click(app, "add-decision").await;
    let decision = format!(
        "//*[@data-testid='decision-row'][.//*[@data-testid='decision-title' and normalize-space(.)={}]]",
        literal(DECISION)
    );
    by_xpath(app, &decision, "the decision log lists the new decision").await;

    // Back in the meeting (a fresh load from the core), the notes are all there.
    open_view(app, "meetings").await;
    // A click on the row's cell (WebKit does not click a table row itself).
    let row = format!("//*[@data-testid='meeting-row' and @data-meeting-id={}]/td", literal(&meeting_id));
    by_xpath(app, &row, "the meeting is still listed").await.click().await.expect("open the meeting");
    by_xpath(app, &detail, "the meeting opens again").await;
    let notes = by_test_id(app, "meeting-notes", ELEMENT_DEADLINE).await;
    wait_for_prop(&notes, "value", NOTES, "the reopened meeting shows the saved notes").await;
    meeting_id
}

#[test]
fn a_member_works_in_the_window_and_the_cli_reads_it_back() {
    run_app_test(async {
        let home = tempfile::tempdir().expect("a temp profile");
        let scratch = tempfile::tempdir().expect("a temp dir for logs");
        let driver = WebDriver::start(scratch.path());
        let app = open_app(&driver, home.path()).await;

        let title = "Write the release notes";
        let scenario = tokio::spawn({
            let app = app.clone();
            async move {
                let task_id = create_project_and_complete_a_task(&app, "Apollo", "Ada", title).await;
                window_screenshot(&app, "app-tasks").await;
                let meeting_id = notes_log_and_decision(&app).await;
                window_screenshot(&app, "meetings").await;
                Written { task_id, meeting_id }
            }
        })
        .await;
        if scenario.is_err() {
            painted(&app).await;
            screenshot("app-failure");
        }
        // Asked to stop (SIGTERM, as at logout), the app closes its replica and saves the
        // project's first views for the next start, as when its window is closed. (Ending the
        // WebDriver session kills the process, which saves nothing.)
        if scenario.is_ok() {
            let app_process = format!("--home {}", home.path().display());
            let signalled = Command::new("pkill").args(["-TERM", "-f", "--", &app_process]).status();
            assert!(
                signalled.as_ref().is_ok_and(|s| s.success()),
                "no app process runs with {app_process}: {signalled:?}"
            );
            let cache = home.path().join("cache");
            let started = Instant::now();
            while !std::fs::read_dir(&cache).is_ok_and(|mut d| d.next().is_some()) {
                assert!(started.elapsed() < PROCESS_DEADLINE, "stopping the app saved no views in {}", cache.display());
                tokio::time::sleep(POLL).await;
            }
        }
        let closed = app.close().await;
        let written = match scenario {
            Ok(written) => written,
            Err(panic) => panic!("{panic}\n--- WebKitWebDriver ---\n{}", driver.log_text()),
        };
        closed.expect("the WebDriver session closes");

        // The app wrote through the real command layer to the profile on disk.
        let home = home.path();
        let tasks = cli_json(home, &["task", "list", "--all"]);
        let tasks = tasks.as_array().expect("task list --json is an array");
        let rows: Vec<(&str, &str, &str)> = tasks
            .iter()
            .map(|t| {
                (t["id"].as_str().unwrap_or(""), t["title"].as_str().unwrap_or(""), t["status"].as_str().unwrap_or(""))
            })
            .collect();
        assert_eq!(rows, [(written.task_id.as_str(), title, "done")], "the CLI sees the app's task as done");
        let projects = cli_json(home, &["project", "list"]);
        assert_eq!(projects[0]["name"], "Apollo", "{projects}");

        let meeting = cli_json(home, &["meeting", "show", &written.meeting_id]);
        assert_eq!(meeting["title"], "Kick-off", "{meeting}");
        assert_eq!(meeting["notes"], NOTES, "the CLI reads the notes typed in the window: {meeting}");

        let log = cli_json(home, &["log", "list"]);
        let entries: Vec<(&str, &str)> = log
            .as_array()
            .expect("log list --json is an array")
            .iter()
            .map(|e| (e["author_name"].as_str().unwrap_or(""), e["body"].as_str().unwrap_or("")))
            .collect();
        assert!(entries.contains(&("Ada", LOG_ENTRY)), "the CLI reads Ada's log entry: {log}");

        let decisions = cli_json(home, &["decision", "list"]);
        let decisions: Vec<(&str, &str, &str)> = decisions
            .as_array()
            .expect("decision list --json is an array")
            .iter()
            .map(|d| {
                (
                    d["title"].as_str().unwrap_or(""),
                    d["decision"].as_str().unwrap_or(""),
                    d["status"].as_str().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(decisions, [(DECISION, DECISION_TEXT, "proposed")], "the CLI reads the recorded decision");

        // Closing saved the first views for the next start, and the CLI's reads left the store
        // as it was, so the next start shows them without waiting for the document. Mark the
        // saved dashboard (7 done tasks, not 1) to see that the window shows the saved copy.
        let project_id = projects[0]["id"].as_str().expect("the project has an id");
        let saved_path = home.join("cache").join(format!("views-{project_id}.json"));
        let saved = std::fs::read_to_string(&saved_path).unwrap_or_else(|e| {
            panic!(
                "closing saved no views at {}: {e}\n--- WebKitWebDriver ---\n{}",
                saved_path.display(),
                driver.log_text()
            )
        });
        let mut saved: Value = serde_json::from_str(&saved).expect("the saved views are JSON");
        let dashboard = &mut saved["cache"]["views"]["view_dashboard"];
        assert_eq!(dashboard["tasks_done"], 1, "the saved dashboard is the closed window's: {dashboard}");
        dashboard["tasks_done"] = json!(7);
        std::fs::write(&saved_path, saved.to_string()).expect("the marked views are written back");

        let app = open_app(&driver, home).await;
        let reopened = tokio::spawn({
            let app = app.clone();
            async move {
                let done = by_test_id(&app, "dashboard-done", ELEMENT_DEADLINE).await;
                wait_for_prop(&done, "textContent", "7", "the dashboard shows the saved views").await;
            }
        })
        .await;
        if reopened.is_err() {
            painted(&app).await;
            screenshot("app-reopen-failure");
        }
        let closed = app.close().await;
        if let Err(panic) = reopened {
            panic!("{panic}\n--- WebKitWebDriver ---\n{}", driver.log_text());
        }
        closed.expect("the WebDriver session closes");
    });
}

// ---------------------------------------------------------------------------------------------
// Two members, two windows, one server
// ---------------------------------------------------------------------------------------------

/// The task both members rename while the server is down.
const SHARED_TASK: &str = "Design the invoice schema";

/// Fills Ada's new project with a plan, risks, a budget, a goal, a log and a meeting (through the
/// CLI, at the real time, so that the views have something to show).
fn plan_a_project(ada: &Path) {
    let c = |args: &[&str]| cli_create(ada, args);
    // A task: title, assignee, start, due, estimate, then any further flags.
    let task = |title: &str, who: &str, start: &str, due: &str, hours: &str, more: &[&str]| {
        let mut args =
            vec!["task", "add", title, "--assignee", who, "--start", start, "--due", due, "--estimate", hours];
        args.extend_from_slice(more);
        c(&args)
    };
    c(&["member", "add", "Cy", "--capacity", "32"]);
    let live = c(&["milestone", "add", "Invoices live", "--due", "2026-12-18"]);
    let schema = task(SHARED_TASK, "Ada", "2026-11-23", "2026-12-04", "16", &["--milestone", &live]);
    let after_schema = ["--depends-on", &schema, "--milestone", &live];
    let migrate = task("Migrate old invoices", "Cy", "2026-12-07", "2026-12-16", "24", &after_schema);
    task("Write the client report", "Ada", "2026-12-14", "2026-12-18", "6", &["--depends-on", &migrate]);
    task("Collect sample invoices", "Cy", "2026-11-16", "2026-11-20", "4", &[]);
    let scope = task("Agree the scope", "Ada", "2026-11-16", "2026-11-19", "2", &[]);
    cli_json(ada, &["task", "set", &scope, "--status", "done"]);
    cli_json(ada, &["task", "set", &schema, "--status", "in_progress"]);
    let mitigation = "Check the totals during the migration";
    c(&["risk", "add", "Old invoices have broken totals", "--probability", "4", "-i", "3", "--owner", "Cy"]);
    let api = "Payment provider changes its API";
    c(&["risk", "add", api, "--probability", "2", "-i", "5", "--owner", "Ada", "--mitigation", mitigation]);
    c(&["resource", "add", "Cy", "--kind", "person", "--rate", "85", "--unit", "hour", "--member", "Cy"]);
    c(&["resource", "allocate", "Cy", &migrate, "--hours", "24"]);
    c(&["budget", "line", "add", "Development", "--planned", "90000", "--category", "people"]);
    c(&["budget", "line", "add", "Hosting", "--planned", "12000", "--category", "infrastructure"]);
    c(&["budget", "expense", "add", "Hosting", "950", "--committed", "--description", "Reserved instances"]);
    c(&["budget", "expense", "add", "Development", "18000", "--description", "November work"]);
    let goal = ["--metric", "days to invoice", "--baseline", "12", "--target", "2", "--current", "7"];
    c(&[&["goal", "add", "Invoices out faster"][..], &goal].concat());
    c(&["log", "add", "Kick-off with ACME: scope agreed"]);
    c(&["log", "add", "Sample invoices are still missing", "--kind", "problem"]);
    c(&["decision", "add", "Keep invoices in Postgres"]);
    c(&["meeting", "add", "Weekly sync", "--start", "2026-11-24 10:00", "--notes", WEEKLY_NOTES]);
}

/// The weekly sync's notes before the members type into them together.
const WEEKLY_NOTES: &str = "Agenda: invoices.";

/// Both members open the weekly sync and type into its notes at the same time, Ada at the end
/// and Bo at the start. Each keystroke lands where it was typed although the other's text keeps
/// arriving, and both windows end with the same notes.
async fn type_notes_together(ada: &Client, bo: &Client) {
    let row = format!("//*[@data-testid='meeting-row'][contains(normalize-space(.), {})]", literal("Weekly sync"));
    for (app, who) in [(ada, "Ada"), (bo, "Bo")] {
        open_view(app, "meetings").await;
        // The row's first cell: WebKitWebDriver does not click a table row itself.
        click_at(app, &format!("{row}/td[1]"), &format!("the weekly sync in {who}'s window")).await;
        by_xpath(app, NOTES_OPEN, &format!("{who}'s notes editor opens")).await;
    }
    // The caret goes to the start or the end of the notes, then the member types word by word.
    let type_at = |app: &Client, at_end: bool, text: &'static str| {
        let app = app.clone();
        async move {
            let notes = by_test_id(&app, "meeting-notes", ELEMENT_DEADLINE).await;
            notes.click().await.expect("focus the notes");
            let element = serde_json::to_value(&notes).expect("an element reference");
            let script =
                "const t = arguments[0]; const at = arguments[1] ? t.value.length : 0; t.setSelectionRange(at, at);";
            app.execute(script, vec![element, json!(at_end)]).await.expect("place the caret");
            // Key actions type at the caret (an element's send_keys puts the caret at the end).
            for word in text.split_inclusive(' ') {
                let mut keys = KeyActions::new("keyboard".into());
                for ch in word.chars() {
                    keys = keys.then(KeyAction::Down { value: ch }).then(KeyAction::Up { value: ch });
                }
                app.perform_actions(keys).await.expect("type the notes");
            }
        }
    };
    let (ada_text, bo_text) = (" Ada: totals first.", "Bo: agreed. ");
    tokio::join!(type_at(ada, true, ada_text), type_at(bo, false, bo_text));
    let expected = format!("{bo_text}{WEEKLY_NOTES}{ada_text}");
    for (app, who) in [(ada, "Ada"), (bo, "Bo")] {
        let notes = by_test_id(app, "meeting-notes", ELEMENT_DEADLINE).await;
        wait_for_prop(&notes, "value", &expected, &format!("{who}'s window shows both members' notes")).await;
    }
    window_screenshot(ada, "meeting-notes-together").await;
}

/// Ada (coordinator) creates and plans a project and shares it on `server`; Bo joins with an
/// invite; both sync until up to date. Returns the id of [`SHARED_TASK`].
fn set_up_team(server: &Server, ada: &Path, bo: &Path) -> String {
    cli_json(ada, &["project", "create", "Billing revamp", "--me", "Ada", "--client", "ACME", "--budget", "120000"]);
    plan_a_project(ada);
    let shared = cli_json(ada, &["share", "--server", &server.url(), "--token", &server.admin_token]);
    assert_eq!(shared["role"], "coordinator", "{shared}");
    let invite = cli_json(ada, &["invite", "--role", "member"]);
    let code = invite["code"].as_str().unwrap_or_else(|| panic!("invite --json has a code: {invite}"));
    let joined = cli_json(bo, &["join", code, "--me", "Bo"]);
    assert_eq!(joined["project"], shared["project"], "Bo joined Ada's project: {joined}");
    for home in [ada, bo] {
        cli_json(home, &["sync", "--timeout", tandem_tests::SYNC_TIMEOUT_SECS]);
    }
    let tasks = cli_json(bo, &["task", "list", "--all"]);
    let task = tasks.as_array().and_then(|t| t.iter().find(|t| t["title"] == SHARED_TASK));
    let task = task.unwrap_or_else(|| panic!("Bo has Ada's plan after syncing: {tasks}"));
    task["id"].as_str().expect("a task id").to_owned()
}

/// Visits the main views of the planned project in Ada's window (the only one open) and saves a
/// screenshot of each once it shows its content.
async fn tour_the_views(app: &Client) {
    let stops: [(&str, Option<&str>, &str, &str); 9] = [
        ("dashboard", None, "//*[@data-testid='dashboard-overdue-row']", "dashboard"),
        ("plan", None, "//*[@data-testid='tree-row']", "plan-tree"),
        ("plan", Some("plan-tab-board"), "//*[@data-testid='board-card']", "plan-board"),
        ("plan", Some("plan-tab-timeline"), "//*[@data-testid='timeline']", "plan-timeline"),
        ("workload", None, "//*[@data-testid='workload-grid']", "workload"),
        ("risks", None, "//*[@data-testid='risk-row']", "risks"),
        ("budget", None, "//*[@data-testid='expense-row']", "budget"),
        ("log", None, "//*[@data-testid='log-entry']", "log"),
        ("history", None, "//*[@data-testid='history-row']", "history"),
    ];
    for (view, tab, shows, name) in stops {
        open_view(app, view).await;
        if let Some(tab) = tab {
            click(app, tab).await;
        }
        by_xpath(app, shows, &format!("the {name} view shows the project")).await;
        if name == "plan-timeline" {
            show_this_month(app).await;
        }
        window_screenshot(app, name).await;
    }
}

/// Switches the timeline to weeks and scrolls it to today, where the project's bars are (it
/// opens on days, scrolled to its start). Best effort: this only frames the screenshot.
async fn show_this_month(app: &Client) {
    for xpath in
        ["//label[normalize-space(.)='Week']", "//*[@data-testid='timeline']//button[normalize-space(.)='Today']"]
    {
        if let Ok(element) = app.find(Locator::XPath(xpath)).await {
            let _ = element.click().await;
        }
    }
}

/// Renames [`SHARED_TASK`] in the plan's task drawer.
async fn rename_task(app: &Client, task_id: &str, new_title: &str) {
    open_view(app, "plan").await;
    click(app, "plan-tab-tree").await;
    let row = format!("//*[@data-testid='tree-row' and @data-task-id={}]", literal(task_id));
    by_xpath(app, &format!("{row}//*[@data-testid='tree-edit']"), "the task's edit button")
        .await
        .click()
        .await
        .expect("open the task drawer");
    let field = by_test_id(app, "drawer-title", ELEMENT_DEADLINE).await;
    replace_text(&field, SHARED_TASK, new_title, "the drawer's title field").await;
    click(app, "drawer-save").await;
    let renamed = format!("{row}//*[@data-testid='tree-title' and normalize-space(.)={}]", literal(new_title));
    by_xpath(app, &renamed, "the tree shows the new title").await;
}

/// Adds a task in the tasks view.
async fn add_task(app: &Client, title: &str) {
    open_view(app, "tasks").await;
    type_into(app, "new-task-title", title).await;
    click(app, "add-task").await;
    by_xpath(app, &task_row(title), "the tasks view lists the new task").await;
}

/// The title the tasks view shows for `task_id` once it is one of `titles` and the same in both
/// windows (each window may show its own title until the other's change arrives).
async fn agreed_title(ada: &Client, bo: &Client, task_id: &str, titles: [&str; 2]) -> String {
    let css = format!("[data-testid='task-row'][data-task-id='{task_id}'] [data-testid='task-title']");
    let started = Instant::now();
    loop {
        let mut seen = Vec::new();
        for app in [ada, bo] {
            let title = match app.find(Locator::Css(&css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            seen.push(title.trim().to_owned());
        }
        if seen[0] == seen[1] && titles.contains(&seen[0].as_str()) {
            return seen.swap_remove(0);
        }
        assert!(
            started.elapsed() < SYNC_DEADLINE,
            "the windows do not agree on the task's title after {SYNC_DEADLINE:?}: Ada shows {:?}, Bo {:?}",
            seen[0],
            seen[1]
        );
        tokio::time::sleep(POLL).await;
    }
}

/// A session that the scenario opens while it runs and the test closes whatever happens.
type Slot = Rc<RefCell<Option<Client>>>;

/// The two-window scenario: Ada's window tours the views (screenshots); Bo's window opens; the
/// server stops; each member renames the same task and adds a task of their own; the server
/// restarts; both windows show both new tasks, the same title for the renamed task, and a notice
/// about the conflict. Returns the title both windows agree on.
async fn edit_offline_and_merge(
    ada: Client,
    bo_driver: Rc<WebDriver>,
    bo_home: PathBuf,
    bo_slot: Slot,
    server: Server,
    task_id: String,
) -> String {
    let header = format!("//*[@data-testid='project-title' and normalize-space(.)={}]", literal("Billing revamp"));
    by_xpath_within(&ada, &header, "Ada's window opens on the shared project", START_DEADLINE).await;
    sync_badge_says(&ada, "Ada", "Up to date", SYNC_DEADLINE).await;
    tour_the_views(&ada).await;

    let bo = open_app(&bo_driver, &bo_home).await;
    *bo_slot.borrow_mut() = Some(bo.clone());
    by_xpath_within(&bo, &header, "Bo's window opens on the shared project", START_DEADLINE).await;
    sync_badge_says(&bo, "Bo", "Up to date", SYNC_DEADLINE).await;
    let both = [(&ada, "Ada"), (&bo, "Bo")];

    server.stop();
    let away = "//*[@data-testid='sync-state' and not(contains(normalize-space(.), 'Up to date'))]";
    for (app, who) in both {
        by_xpath_within(app, away, &format!("{who}'s badge no longer says up to date"), SYNC_DEADLINE).await;
    }

    let (ada_title, bo_title) = ("Design the invoice tables", "Design the invoice records");
    let (ada_task, bo_task) = ("Order the test printers", "Book the client workshop");
    rename_task(&ada, &task_id, ada_title).await;
    rename_task(&bo, &task_id, bo_title).await;
    add_task(&ada, ada_task).await;
    add_task(&bo, bo_task).await;
    for (app, who) in both {
        sync_badge_says(app, who, "not on the server yet", ELEMENT_DEADLINE).await;
    }

    server.restart();
    for (app, who) in both {
        for title in [ada_task, bo_task] {
            by_xpath_within(app, &task_row(title), &format!("{who}'s window lists {title:?}"), SYNC_DEADLINE).await;
        }
        let notice = containing("remote-notice", "conflict");
        by_xpath_within(app, &notice, &format!("{who}'s window tells about the conflict"), SYNC_DEADLINE).await;
    }
    let title = agreed_title(&ada, &bo, &task_id, [ada_title, bo_title]).await;
    for (app, who) in both {
        sync_badge_says(app, who, "Up to date", SYNC_DEADLINE).await;
    }
    type_notes_together(&ada, &bo).await;

    // Bo's window closes; Ada's, alone on the screen again, shows the notice and the conflict.
    let bo = bo_slot.borrow_mut().take();
    if let Some(bo) = bo {
        bo.close().await.expect("Bo's WebDriver session closes");
    }
    window_screenshot(&ada, "sync-conflict-notice").await;
    open_view(&ada, "conflicts").await;
    by_xpath(&ada, &containing("conflict-row", &title), "the conflicts view lists the renamed task").await;
    window_screenshot(&ada, "conflicts").await;
    drop(server);
    title
}

#[test]
fn two_members_edit_offline_in_their_windows_and_both_see_the_merge_and_the_conflict() {
    run_app_test(async {
        let server = Server::start();
        let ada_home = tempfile::tempdir().expect("Ada's profile");
        let bo_home = tempfile::tempdir().expect("Bo's profile");
        let task_id = set_up_team(&server, ada_home.path(), bo_home.path());

        let ada_logs = tempfile::tempdir().expect("a temp dir for Ada's WebDriver log");
        let bo_logs = tempfile::tempdir().expect("a temp dir for Bo's WebDriver log");
        let ada_driver = WebDriver::start(ada_logs.path());
        let bo_driver = Rc::new(WebDriver::start(bo_logs.path()));
        let ada = open_app(&ada_driver, ada_home.path()).await;
        let bo_slot = Slot::default();
        let scenario = tokio::task::spawn_local(edit_offline_and_merge(
            ada.clone(),
            Rc::clone(&bo_driver),
            bo_home.path().to_owned(),
            Rc::clone(&bo_slot),
            server,
            task_id.clone(),
        ))
        .await;
        if scenario.is_err() {
            painted(&ada).await;
            screenshot("two-apps-failure");
        }
        let bo = bo_slot.borrow_mut().take();
        let bo_closed = match bo {
            Some(bo) => bo.close().await,
            None => Ok(()),
        };
        let ada_closed = ada.close().await;
        let title = match scenario {
            Ok(title) => title,
            Err(panic) => panic!(
                "{panic}\n--- Ada's WebKitWebDriver ---\n{}\n--- Bo's WebKitWebDriver ---\n{}",
                ada_driver.log_text(),
                bo_driver.log_text()
            ),
        };
        bo_closed.expect("Bo's WebDriver session closes");
        ada_closed.expect("Ada's WebDriver session closes");

        // Ada's replica on disk holds the merge: the renamed task with the agreed title, and the
        // conflict on its title with both values.
        let task = cli_json(ada_home.path(), &["task", "show", &task_id]);
        assert_eq!(task["title"], title.as_str(), "{task}");
        let conflicts = cli_json(ada_home.path(), &["conflicts"]);
        let listed = conflicts["conflicts"].to_string();
        for value in ["Design the invoice tables", "Design the invoice records"] {
            assert!(listed.contains(value), "the conflict list holds {value:?}: {conflicts}");
        }
    });
}

// ---------------------------------------------------------------------------------------------
// The coordinator's desk: checks after a merge, a report, an export
// ---------------------------------------------------------------------------------------------

/// Two tasks of the planned project that do not depend on each other yet.
const SAMPLES_TASK: &str = "Collect sample invoices";
const REPORT_TASK: &str = "Write the client report";

/// The id of the task titled `title` in `home`'s project.
fn task_id(home: &Path, title: &str) -> String {
    let tasks = cli_json(home, &["task", "list", "--all"]);
    let task = tasks.as_array().and_then(|t| t.iter().find(|t| t["title"] == title));
    let task = task.unwrap_or_else(|| panic!("{} has a task {title:?}: {tasks}", home.display()));
    task["id"].as_str().expect("a task id").to_owned()
}

/// Ada's window is open on the shared project, whose plan holds Ada's new dependency. Bo's
/// replica holds the reverse dependency, made without seeing Ada's; Bo syncs, the two merge
/// cleanly into a loop, and Ada's window says so after the merge and lists it in Checks with
/// Bo's change as a cause. Then Ada generates a report and opens it, exports the tasks and writes
/// the handover package.
async fn check_report_and_export(app: Client, bo: PathBuf, files: PathBuf) {
    let header = format!("//*[@data-testid='project-title' and normalize-space(.)={}]", literal("Billing revamp"));
    by_xpath_within(&app, &header, "Ada's window opens on the shared project", START_DEADLINE).await;
    sync_badge_says(&app, "Ada", "Up to date", SYNC_DEADLINE).await;

    cli_json(&bo, &["sync", "--timeout", tandem_tests::SYNC_TIMEOUT_SECS]);
    let notice = containing("merge-findings-notice", "Dependency cycle");
    by_xpath_within(&app, &notice, "Ada's window tells about the loop the merge made", SYNC_DEADLINE).await;
    window_screenshot(&app, "merge-findings-notice").await;
    click(&app, "open-checks").await;
    let cycle = "//*[@data-testid='finding' and @data-finding-kind='dependency_cycle']";
    by_xpath(&app, cycle, "the Checks view lists the loop").await;
    for (who, summary) in [("Bo", REPORT_TASK), ("Ada", SAMPLES_TASK)] {
        let cause = format!(
            "{cycle}//*[@data-testid='finding-cause' and @data-author='{who}' and contains(normalize-space(.), {})]",
            literal(&format!("'{summary}' now waits for"))
        );
        by_xpath(&app, &cause, &format!("the loop names {who}'s dependency as a cause")).await;
    }
    for title in [SAMPLES_TASK, REPORT_TASK] {
        let item = format!("{cycle}//*[@data-testid='finding-item' and normalize-space(.)={}]", literal(title));
        by_xpath(&app, &item, "the loop links to its tasks").await;
    }
    window_screenshot(&app, "checks").await;

    open_view(&app, "reports").await;
    click(&app, "generate-report").await;
    let frame = by_test_id(&app, "report-frame", ELEMENT_DEADLINE).await;
    let html = frame.attr("srcdoc").await.expect("read the report frame").unwrap_or_default();
    assert!(html.contains("Billing revamp") && html.contains("<svg"), "the report opens with its charts: {html:.300}");
    by_test_id(&app, "report-row", ELEMENT_DEADLINE).await;
    window_screenshot(&app, "report").await;

    open_view(&app, "exports").await;
    let csv = files.join("tasks.csv");
    type_into(&app, "export-path", &csv.display().to_string()).await;
    click(&app, "export-run").await;
    by_xpath(&app, &containing("export-done", "tasks.csv"), "the export says where it wrote").await;
    let written = std::fs::read_to_string(&csv).unwrap_or_else(|e| panic!("cannot read {}: {e}", csv.display()));
    for title in [SHARED_TASK, SAMPLES_TASK, REPORT_TASK] {
        assert!(written.contains(title), "the exported CSV lists {title:?}:\n{written}");
    }

    // The handover package, as a folder, for every deliverable (the one Ada added).
    let package = files.join("handover");
    type_into(&app, "handover-path", &package.display().to_string()).await;
    click(&app, "handover-run").await;
    by_xpath(&app, &containing("handover-done", "as the folder"), "the handover says where it wrote").await;
    let readme = std::fs::read_to_string(package.join("README.md")).expect("the package's README.md");
    assert!(readme.contains(&format!("| {DELIVERABLE} | draft | 0 of 1 | not yet |")), "{readme}");
    assert!(package.join("final-report.html").is_file(), "the package holds the final report");
}

/// The deliverable Ada hands over.
const DELIVERABLE: &str = "Billing module";

#[test]
fn a_clean_merge_that_breaks_the_plan_shows_in_checks_and_the_coordinator_reports_and_exports() {
    run_app_test(async {
        let server = Server::start();
        let ada_home = tempfile::tempdir().expect("Ada's profile");
        let bo_home = tempfile::tempdir().expect("Bo's profile");
        let files = tempfile::tempdir().expect("a folder for exports");
        set_up_team(&server, ada_home.path(), bo_home.path());
        let (samples, report) = (task_id(ada_home.path(), SAMPLES_TASK), task_id(ada_home.path(), REPORT_TASK));
        // Each edge is valid on its own replica: neither has seen the other's.
        cli_json(ada_home.path(), &["task", "depend", &samples, "--on", &report]);
        cli_json(bo_home.path(), &["task", "depend", &report, "--on", &samples]);
        cli_json(ada_home.path(), &["deliverable", "add", DELIVERABLE, "--criterion", "Invoices total correctly"]);

        let logs = tempfile::tempdir().expect("a temp dir for the WebDriver log");
        let driver = WebDriver::start(logs.path());
        let app = open_app(&driver, ada_home.path()).await;
        let scenario = tokio::task::spawn_local(check_report_and_export(
            app.clone(),
            bo_home.path().to_owned(),
            files.path().to_owned(),
        ))
        .await;
        if scenario.is_err() {
            painted(&app).await;
            screenshot("coordinator-desk-failure");
        }
        let closed = app.close().await;
        if let Err(panic) = scenario {
            panic!("{panic}\n--- WebKitWebDriver ---\n{}", driver.log_text());
        }
        closed.expect("the WebDriver session closes");
        drop(server);

        // The report generated in the window was saved into Ada's project.
        let reports = cli_json(ada_home.path(), &["report", "list"]);
        let listed = reports.as_array().map_or(0, Vec::len);
        assert_eq!(listed, 1, "one saved report: {reports}");
    });
}
