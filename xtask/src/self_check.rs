//! `cargo xtask self-check`: proves the regeneration workflow. In a copy of the
//! workspace it adds a field to the spec and runs `cargo xtask regenerate`, then
//! checks that the snapshots changed to show the field, and that nothing else did.

use std::{
    collections::BTreeMap,
    fs,
    path::{Path, PathBuf},
};

use crate::{bench::target_dir, spec::SPEC};

const FIELD: &str = "mutedUntil";

pub fn run(root: &Path) -> Result<(), String> {
    let copy = target_dir(root).join("self-check");
    let _ = fs::remove_dir_all(&copy);
    copy_tree(root, &copy, root)?;
    let before = contents(&copy)?;

    // Edited as text, as a person would, so the rest of the file stays as it is.
    let spec_path = copy.join(SPEC);
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

    println!("running `cargo xtask regenerate` in {} ...", copy.display());
    let status = crate::cargo(&copy)
        .args(["xtask", "regenerate"])
        // The shared target directory keeps the dependencies built; the copy, at another
        // path, gets its own artifacts for the crate itself.
        .env("CARGO_TARGET_DIR", target_dir(root))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("`cargo xtask regenerate` failed in the copy".to_owned());
    }

    let after = contents(&copy)?;
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(path, content)| before.get(*path) != Some(content))
        .map(|(path, _)| path)
        .chain(before.keys().filter(|path| !after.contains_key(*path)))
        .collect();
    let unexpected: Vec<String> = changed
        .iter()
        .filter(|path| path.as_path() != Path::new(SPEC) && !path.starts_with("tests/snapshots"))
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
    println!("Adding {FIELD} to the spec changed only these files:");
    for path in changed {
        println!("  {}", path.display());
    }
    Ok(())
}

/// Copies the workspace, leaving out build output and version control.
fn copy_tree(from: &Path, to: &Path, root: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in fs::read_dir(from).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        let relative = path.strip_prefix(root).unwrap_or(&path);
        if ["target", ".git"]
            .iter()
            .any(|skip| relative == Path::new(skip))
        {
            continue;
        }
        if path.is_dir() {
            copy_tree(&path, &to.join(entry.file_name()), root)?;
        } else {
            fs::copy(&path, to.join(entry.file_name())).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// Every file under `dir`, by path relative to it.
fn contents(dir: &Path) -> Result<BTreeMap<PathBuf, Vec<u8>>, String> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).map_err(|e| e.to_string())? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let content = fs::read(&path).map_err(|e| e.to_string())?;
                files.insert(
                    path.strip_prefix(dir).unwrap_or(&path).to_path_buf(),
                    content,
                );
            }
        }
    }
    Ok(files)
}
