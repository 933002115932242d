//! `cargo xtask self-check`: proves the regeneration workflow. It adds a field to the
//! spec, runs `cargo xtask regenerate`, checks that the snapshots changed to show the
//! field and that nothing else did, and then puts the spec and the snapshots back.
//!
//! It works in place rather than in a copy: a copy sharing the target directory
//! would overwrite this workspace's binaries (xtask itself, the examples), and a
//! copy with its own would rebuild every dependency.

use std::{
    collections::BTreeMap,
    fs,
    path::{Path, PathBuf},
};

use crate::spec::SPEC;

const FIELD: &str = "mutedUntil";
const SNAPSHOTS: &str = "tests/snapshots";

pub fn run(root: &Path) -> Result<(), String> {
    let before = contents(root)?;
    let _restore = Restore {
        root,
        files: before
            .iter()
            .filter(|(path, _)| path.as_path() == Path::new(SPEC) || path.starts_with(SNAPSHOTS))
            .map(|(path, content)| (path.clone(), content.clone()))
            .collect(),
    };

    // Edited as text, as a person would, so the rest of the file stays as it is.
    let spec_path = root.join(SPEC);
    let text = fs::read_to_string(&spec_path).map_err(|e| e.to_string())?;
    let schema = text
        .find("\"Conversation\": {")
        .ok_or("the spec has no Conversation schema")?;
    let anchor = "\"properties\": {\n";
    let at = text[schema..]
        .find(anchor)
        .ok_or("Conversation has no properties")?
        + schema
        + anchor.len();
    let field = format!(
        "          \"{FIELD}\": {{\n            \"description\": \"When the user's mute ends, in Unix seconds.\",\n            \"type\": \"integer\"\n          }},\n"
    );
    let edited = format!("{}{field}{}", &text[..at], &text[at..]);
    serde_json::from_str::<serde_json::Value>(&edited)
        .map_err(|e| format!("the edit broke the spec: {e}"))?;
    fs::write(&spec_path, edited).map_err(|e| e.to_string())?;

    println!("added {FIELD} to {SPEC}; running `cargo xtask regenerate` ...");
    let status = crate::cargo(root)
        .args(["run", "--quiet", "--package", "xtask", "--", "regenerate"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("`cargo xtask regenerate` failed".to_owned());
    }

    let after = contents(root)?;
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(path, content)| before.get(*path) != Some(content))
        .map(|(path, _)| path)
        .chain(before.keys().filter(|path| !after.contains_key(*path)))
        .collect();
    let unexpected: Vec<String> = changed
        .iter()
        .filter(|path| path.as_path() != Path::new(SPEC) && !path.starts_with(SNAPSHOTS))
        .map(|path| path.display().to_string())
        .collect();
    if !unexpected.is_empty() {
        return Err(format!(
            "regenerating changed more than the snapshots: {}",
            unexpected.join(", ")
        ));
    }
    for snapshot in [
        "tests/snapshots/generated_code__generated_client.snap",
        "tests/snapshots/schema__group_conversation_response_schema.snap",
    ] {
        let text = String::from_utf8_lossy(
            after
                .get(Path::new(snapshot))
                .ok_or(format!("{snapshot} is gone"))?,
        );
        if !text.contains(FIELD) {
            return Err(format!("{snapshot} does not show the new field {FIELD}"));
        }
    }
    println!("Adding {FIELD} to the spec changed only these files (now restored):");
    for path in changed {
        println!("  {}", path.display());
    }
    Ok(())
}

/// Puts the spec and the snapshots back as they were, however the check ends.
struct Restore<'a> {
    root: &'a Path,
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        if let Ok(now) = contents(self.root) {
            for path in now.keys().filter(|path| path.starts_with(SNAPSHOTS)) {
                if !self.files.contains_key(path) {
                    let _ = fs::remove_file(self.root.join(path));
                }
            }
        }
        for (path, content) in &self.files {
            if let Err(e) = fs::write(self.root.join(path), content) {
                eprintln!("xtask: could not restore {}: {e}", path.display());
            }
        }
    }
}

/// Every file of the workspace but build output and version control, by path
/// relative to `root`.
fn contents(root: &Path) -> Result<BTreeMap<PathBuf, Vec<u8>>, String> {
    let mut files = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).map_err(|e| e.to_string())? {
            let path = entry.map_err(|e| e.to_string())?.path();
            let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            if relative == Path::new("target") || relative == Path::new(".git") {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else {
                let content = fs::read(&path).map_err(|e| e.to_string())?;
                files.insert(relative, content);
            }
        }
    }
    Ok(files)
}
