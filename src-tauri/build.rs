//! Tauri's build step: reads tauri.conf.json and the capabilities, generates the permission
//! manifests, and checks up front that the UI has been built (the window embeds `../ui/dist`).

#![allow(clippy::print_stdout, reason = "a build script talks to Cargo on stdout")]

fn main() {
    println!("cargo::rerun-if-changed=../ui/dist/index.html");
    if !std::path::Path::new("../ui/dist/index.html").is_file() {
        // The generated context embeds the built UI at compile time; without it Tauri would stop
        // with a message that does not say how to build it.
        println!(
            "cargo::error=the desktop app embeds the built UI from ui/dist, which is missing: \
             build it first with `npm ci --prefix ui && npm run build --prefix ui`"
        );
        return;
    }
    tauri_build::build();
}
