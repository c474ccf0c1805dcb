//! The `tandem-desktop` executable itself, without a window: a bad command line is refused with a
//! message that says what to write, before any window or profile is touched.
//!
//! Being an integration test of this package also makes `cargo test --workspace --all-targets`
//! build the executable (with the same features as every other test), which the end-to-end tests
//! in `tests/tests/app.rs` then drive through WebDriver.

use std::process::Command;

#[test]
fn a_missing_home_directory_is_refused_with_the_usage() {
    let out = Command::new(env!("CARGO_BIN_EXE_tandem-desktop"))
        .arg("--home")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the app starts");
    assert!(!out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--home needs a directory: tandem-desktop --home DIR"), "{stderr}");
}
