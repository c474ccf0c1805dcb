//! The `tandem-desktop` binary: `tandem-desktop [--home DIR]` opens the app on that profile.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    tandem_desktop::run()
}
