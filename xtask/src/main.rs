//! Maintainer commands for the `cometchat` crate.
//!
//! `cargo xtask <command>` is an alias (see `.cargo/config.toml`) for running this
//! binary, so the commands need nothing installed beyond Rust.
//!
//! - `cargo xtask regenerate`: after editing `openapi/cometchat.json`, checks the spec,
//!   rebuilds the generated client, rewrites every snapshot derived from it, and
//!   lists the snapshots that changed. Review their diffs like code.
//! - `cargo xtask check`: for CI. Fails if the spec is unsound, if an example in it
//!   does not validate against its schema, or if a snapshot is stale or pending.
//! - `cargo xtask bench`: runs the benchmarks, prints each ratio against its
//!   baseline and goal, and writes `target/bench/summary.json`.
//! - `cargo xtask build-cost`: clean-builds the crate with and without build-time
//!   generation, to measure what generation costs users, and a small app with the
//!   crate and without it, for the downstream build ratio (several minutes).
//! - `cargo xtask downstream`: builds the README's dependency example in a new
//!   crate that depends on this one by path, and the same program with plain
//!   reqwest (build-cost's baseline).
//! - `cargo xtask self-check`: adds a field to the spec, regenerates, checks that
//!   only the spec and the snapshots changed, and puts them back.
//!
//! Generation itself is configured in one place only, `build.rs`: these commands
//! run cargo and never generate code themselves.

mod bench;
mod build_cost;
mod downstream;
#[cfg(test)]
mod features;
mod self_check;
mod snapshots;
mod spec;
mod validate;

use std::{
    path::{Path, PathBuf},
    process::{Command, ExitCode},
};

const USAGE: &str = "usage: cargo xtask <regenerate|check|bench|build-cost|downstream|self-check>";

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default();
    let result = match std::env::args().nth(1).as_deref() {
        Some("regenerate") => snapshots::regenerate(&root),
        Some("check") => snapshots::check(&root),
        Some("bench") => bench::run(&root),
        Some("build-cost") => build_cost::run(&root),
        Some("downstream") => downstream::run(&root),
        Some("self-check") => self_check::run(&root),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("xtask: {problem}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo`, as the one running this command, in the workspace root.
fn cargo(root: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root);
    command
}

/// `cargo build --offline --quiet` of the crate at `dir` into `target`; `what`
/// names it in the error.
fn build_offline(dir: &Path, target: &Path, what: &str) -> Result<(), String> {
    let status = cargo(dir)
        .args(["build", "--offline", "--quiet"])
        .env("CARGO_TARGET_DIR", target)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} does not build in {}", dir.display()))
    }
}
