//! `cargo xtask build-cost`: what build-time generation costs a user. Three clean
//! builds (`cargo build`, default features, fresh target directories) of copies of
//! the crate under `target/build-cost/`:
//!
//! 1. `generated`: the crate as published, with `build.rs` generating the client;
//! 2. `plain`: the same code with the generated file compiled as plain source, and
//!    no `build.rs` or build-dependencies;
//! 3. `dependencies`: an empty library with the same runtime dependencies.
//!
//! Then two clean builds of a small app (`target/build-cost/apps/`): the README's
//! example, depending on the crate by path, and the same program written with
//! plain reqwest, serde_json and tokio (`xtask/plain-app/main.rs`). Their ratio is
//! the downstream build cost the crate's goal is stated in.

use std::{
    fs,
    path::{Path, PathBuf},
    time::Instant,
};

use serde_json::{json, Value};

use crate::{bench::target_dir, downstream};

/// The downstream build ratio's goal: the app with the SDK over the plain app.
const APP_GOAL: f64 = 1.3;

pub fn run(root: &Path) -> Result<(), String> {
    let generated = generated_source(root)?;
    let manifest = fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let work = target_dir(root).join("build-cost");
    let _ = fs::remove_dir_all(&work);

    let variants = [
        (
            "generated",
            &["package", "features", "dependencies", "build-dependencies"][..],
        ),
        ("plain", &["package", "features", "dependencies"][..]),
        ("dependencies", &["package", "features", "dependencies"][..]),
    ];
    let mut seconds = Vec::new();
    for (name, sections) in variants {
        let dir = work.join(name);
        copy_dir(&root.join("src"), &dir.join("src"))?;
        copy(root, &dir, "README.md")?;
        copy(root, &dir, "Cargo.lock")?;
        let mut text = keep_sections(&manifest, sections);
        text.push_str("\n[workspace]\n");
        match name {
            "generated" => {
                copy(root, &dir, "build.rs")?;
                copy_dir(&root.join("build"), &dir.join("build"))?;
                copy_dir(&root.join("openapi"), &dir.join("openapi"))?;
            }
            "plain" => write(&dir.join("src/generated.rs"), &generated)?,
            _ => write(&dir.join("src/lib.rs"), "")?,
        }
        write(&dir.join("Cargo.toml"), &text)?;
        seconds.push(clean_build(name, &dir)?);
    }
    let apps = work.join("apps");
    downstream::write_plain_app(root, &apps.join("plain"))?;
    let plain_app_s = clean_build("app with plain reqwest", &apps.join("plain"))?;
    downstream::write_readme_app(root, &apps.join("sdk"))?;
    let sdk_app_s = clean_build("app with the SDK (the README's example)", &apps.join("sdk"))?;

    let [generated_s, plain_s, dependencies_s] = [seconds[0], seconds[1], seconds[2]];
    println!(
        "\n{:<52} {:>8}",
        "clean `cargo build`, default features", "seconds"
    );
    println!(
        "{:<52} {generated_s:>8.1}",
        "the crate, generating the client in build.rs"
    );
    println!(
        "{:<52} {plain_s:>8.1}",
        "the crate, generated file as plain source"
    );
    println!(
        "{:<52} {dependencies_s:>8.1}",
        "its runtime dependencies alone"
    );
    println!(
        "{:<52} {:>8.1}",
        "=> build-time generation costs",
        generated_s - plain_s
    );
    let app_ratio = sdk_app_s / plain_app_s;
    println!(
        "{:<52} {plain_app_s:>8.1}",
        "an app with plain reqwest, serde_json, tokio"
    );
    println!(
        "{:<52} {sdk_app_s:>8.1}",
        "the same app with the SDK (the README's example)"
    );
    println!(
        "=> app with the SDK / plain app: {app_ratio:.2} (goal <= {APP_GOAL}: {})",
        if app_ratio <= APP_GOAL {
            "ok"
        } else {
            "missed"
        }
    );
    let report = json!({
        "app_plain_seconds": plain_app_s,
        "app_sdk_seconds": sdk_app_s,
        "app_sdk_over_plain": app_ratio,
        "generated_seconds": generated_s,
        "plain_seconds": plain_s,
        "dependencies_seconds": dependencies_s,
        "generation_cost_seconds": generated_s - plain_s,
        "jobs": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
    });
    let path = target_dir(root).join("bench").join("build-cost.json");
    fs::create_dir_all(path.parent().unwrap_or(root)).map_err(|e| e.to_string())?;
    write(
        &path,
        &serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?,
    )?;
    println!("wrote {}", path.display());
    Ok(())
}

/// A clean `cargo build` of the crate at `dir` in a fresh target directory of its
/// own, in seconds.
fn clean_build(name: &str, dir: &Path) -> Result<f64, String> {
    println!("clean build: {name} ...");
    let target = dir.join("target");
    let _ = fs::remove_dir_all(&target);
    let started = Instant::now();
    crate::build_offline(dir, &target, name)?;
    let elapsed = started.elapsed().as_secs_f64();
    println!("  {elapsed:.1} s");
    Ok(elapsed)
}

/// The code build.rs generates, taken from a build of the crate as it is.
fn generated_source(root: &Path) -> Result<String, String> {
    let output = crate::cargo(root)
        .args([
            "build",
            "--offline",
            "--message-format=json",
            "-p",
            "cometchat",
        ])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let out_dir = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|message| message["reason"] == "build-script-executed")
        .filter(|message| {
            message["package_id"]
                .as_str()
                .is_some_and(|id| id.contains("cometchat"))
        })
        .find_map(|message| message["out_dir"].as_str().map(PathBuf::from))
        .ok_or("cargo did not report the crate's build script output")?;
    let code = fs::read_to_string(out_dir.join("cometchat.rs")).map_err(|e| e.to_string())?;
    Ok(format!(
        "//! The generated client, as plain source.\n{code}"
    ))
}

/// The manifest with only the named top-level tables.
fn keep_sections(manifest: &str, keep: &[&str]) -> String {
    let mut kept = String::new();
    let mut keeping = false;
    for line in manifest.lines() {
        if let Some(header) = line.strip_prefix('[') {
            let name = header.trim_start_matches('[').trim_end_matches(']').trim();
            keeping = keep.contains(&name);
        }
        // The file list matters only to `cargo package`.
        if keeping && !line.starts_with("include") {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    kept
}

fn copy(from_root: &Path, to_root: &Path, name: &str) -> Result<(), String> {
    fs::create_dir_all(to_root).map_err(|e| e.to_string())?;
    fs::copy(from_root.join(name), to_root.join(name))
        .map(|_| ())
        .map_err(|e| format!("cannot copy {name}: {e}"))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in fs::read_dir(from).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
