//! End-to-end tests of the desktop app through its real webview: `WebKitWebDriver` starts
//! `target/<profile>/tandem-desktop` on a temp profile and fantoccini drives the window as a
//! person would; then the `tandem` CLI opens the same profile and checks what the app wrote.
//!
//! Needs an X display (the Makefile runs the tests under `xvfb-run -a`), `WebKitWebDriver`
//! (Debian `webkit2gtk-driver`), the binaries built (`cargo build -p tandem-desktop -p
//! tandem-cli`, which needs the UI built into `ui/dist` first), and optionally ImageMagick's
//! `import` for screenshots, which are taken from X (WebDriver screenshots can show stale
//! frames) into `target/screenshots/`.
//!
//! Every wait is on an element or a process with a deadline; none is a fixed sleep.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use tandem_tests::{COMMAND_DEADLINE, binary, describe, finish, text};

/// Longest the app may take to show its first screen (the process starts, the webview loads).
const START_DEADLINE: Duration = Duration::from_secs(60);

/// Longest any later element may take to appear or change.
const ELEMENT_DEADLINE: Duration = Duration::from_secs(30);

/// Longest WebKitWebDriver may take to listen, and the profile to be released after the app closes.
const PROCESS_DEADLINE: Duration = Duration::from_secs(30);

/// How often a process or a port is checked.
const POLL: Duration = Duration::from_millis(50);

/// The X display the app will open on; fails with what to do when there is none.
fn display() -> String {
    match std::env::var("DISPLAY") {
        Ok(display) if !display.is_empty() => display,
        _ => panic!(
            "the desktop app tests need an X display and DISPLAY is not set: run them under xvfb-run -a, \
             e.g. `xvfb-run -a cargo test -p tandem-tests --test app` (`make test` does)"
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
         `cargo build -p tandem-desktop` (`cargo test --workspace --all-targets` builds it too)",
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

/// Saves what X shows into `target/screenshots/<name>.png` with ImageMagick's `import`. A missing
/// `import` or a failed capture is reported, not fatal: screenshots are for people.
#[allow(clippy::print_stderr, reason = "the test log is where a skipped screenshot is reported")]
fn screenshot(name: &str) {
    let dir = screenshot_dir();
    let path = dir.join(format!("{name}.png"));
    let taken = std::fs::create_dir_all(&dir)
        .map_err(|e| format!("cannot create {}: {e}", dir.display()))
        .and_then(|()| {
            Command::new("import")
                .args(["-window", "root"])
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
    app.wait()
        .at_most(ELEMENT_DEADLINE)
        .for_element(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|e| panic!("{what}: nothing matched {xpath} within {ELEMENT_DEADLINE:?}: {e}"))
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

#[tokio::test(flavor = "current_thread")]
async fn a_member_creates_a_project_and_completes_a_task_in_the_window() {
    display();
    let home = tempfile::tempdir().expect("a temp profile");
    let scratch = tempfile::tempdir().expect("a temp dir for logs");
    let driver = WebDriver::start(scratch.path());
    let app = open_app(&driver, home.path()).await;

    let title = "Write the release notes";
    let scenario = tokio::spawn({
        let app = app.clone();
        async move { create_project_and_complete_a_task(&app, "Apollo", "Ada", title).await }
    })
    .await;
    painted(&app).await;
    screenshot(if scenario.is_ok() { "app-tasks" } else { "app-failure" });
    // Closing the session closes the window; the app then closes its replica and exits.
    let closed = app.close().await;
    let task_id = match scenario {
        Ok(id) => id,
        Err(panic) => panic!("{panic}\n--- WebKitWebDriver ---\n{}", driver.log_text()),
    };
    closed.expect("the WebDriver session closes");

    // The app wrote through the real command layer to the profile on disk.
    let tasks = cli_json(home.path(), &["task", "list", "--all"]);
    let tasks = tasks.as_array().expect("task list --json is an array");
    let rows: Vec<(&str, &str, &str)> = tasks
        .iter()
        .map(|t| {
            (t["id"].as_str().unwrap_or(""), t["title"].as_str().unwrap_or(""), t["status"].as_str().unwrap_or(""))
        })
        .collect();
    assert_eq!(rows, [(task_id.as_str(), title, "done")], "the CLI sees the app's task as done");
    let projects = cli_json(home.path(), &["project", "list"]);
    assert_eq!(projects[0]["name"], "Apollo", "{projects}");
}
