//! `regenerate` and `check`: keep every snapshot derived from the spec current.

use std::{
    collections::BTreeMap,
    fs,
    path::{Path, PathBuf},
};

use crate::spec;

const SNAPSHOTS: &str = "tests/snapshots";

pub fn regenerate(root: &Path) -> Result<(), String> {
    check_spec(root)?;
    let before = snapshot_files(root)?;
    for pending in pending_files(root)? {
        fs::remove_file(&pending)
            .map_err(|e| format!("cannot remove {}: {e}", pending.display()))?;
    }
    // Every test runs, so every snapshot is rewritten; assertions on other tests
    // still fail the command.
    let tests = crate::cargo(root)
        .args(["test", "--workspace", "--all-features"])
        .env("INSTA_UPDATE", "always")
        .env("INSTA_FORCE_PASS", "1")
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let after = snapshot_files(root)?;
    let changed = changes(root, &before, &after);
    if changed.is_empty() {
        println!("No snapshot changed.");
    } else {
        println!("Snapshots that changed; read each diff before committing:");
        for line in &changed {
            println!("  {line}");
        }
    }
    if tests.success() {
        Ok(())
    } else {
        Err("some tests failed (snapshots were still rewritten); fix them, then run `cargo xtask regenerate` again".to_owned())
    }
}

pub fn check(root: &Path) -> Result<(), String> {
    check_spec(root)?;
    let pending = pending_files(root)?;
    if !pending.is_empty() {
        let names: Vec<String> = pending.iter().map(|p| p.display().to_string()).collect();
        return Err(format!(
            "pending snapshots: {}. Review them with `cargo insta review`, or run `cargo xtask regenerate` and read the diff",
            names.join(", ")
        ));
    }
    let mut command = crate::cargo(root);
    command
        .args(["test", "--workspace", "--all-features"])
        .env("INSTA_UPDATE", "no")
        .env("CI", "true");
    for test in snapshot_tests(root)? {
        command.args(["--test", &test]);
    }
    let status = command
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        println!("The spec is sound and every snapshot is current.");
        Ok(())
    } else {
        Err("snapshots are stale: run `cargo xtask regenerate` and review the diff".to_owned())
    }
}

fn check_spec(root: &Path) -> Result<(), String> {
    let problems = spec::problems(root);
    if problems.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{} has problems:\n  {}",
        spec::SPEC,
        problems.join("\n  ")
    ))
}

/// The integration tests that take snapshots.
fn snapshot_tests(root: &Path) -> Result<Vec<String>, String> {
    let mut tests = Vec::new();
    for path in files(&root.join("tests"))? {
        let is_rust = path.extension().is_some_and(|e| e == "rs");
        let text = fs::read_to_string(&path).unwrap_or_default();
        if is_rust && text.contains("insta::assert") {
            if let Some(name) = path.file_stem().and_then(|s| s.to_str()) {
                tests.push(name.to_owned());
            }
        }
    }
    Ok(tests)
}

fn snapshot_files(root: &Path) -> Result<BTreeMap<PathBuf, Vec<u8>>, String> {
    files(&root.join(SNAPSHOTS))?
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "snap"))
        .map(|path| {
            let content =
                fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            Ok((path, content))
        })
        .collect()
}

fn pending_files(root: &Path) -> Result<Vec<PathBuf>, String> {
    Ok(files(&root.join(SNAPSHOTS))?
        .into_iter()
        .filter(|path| {
            let name = path.to_string_lossy();
            name.ends_with(".snap.new") || name.ends_with(".pending-snap")
        })
        .collect())
}

/// The files directly in `dir`; none when it does not exist.
fn files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        if entry.path().is_file() {
            paths.push(entry.path());
        }
    }
    paths.sort();
    Ok(paths)
}

fn changes(
    root: &Path,
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
) -> Vec<String> {
    let name = |path: &Path| {
        path.strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    let mut changed = Vec::new();
    for (path, content) in after {
        match before.get(path) {
            None => changed.push(format!("new      {}", name(path))),
            Some(old) if old != content => changed.push(format!("changed  {}", name(path))),
            Some(_) => {}
        }
    }
    for path in before.keys().filter(|path| !after.contains_key(*path)) {
        changed.push(format!("removed  {}", name(path)));
    }
    changed
}
