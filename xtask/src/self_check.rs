//! `cargo xtask self-check`: proves that an operation costs its spec entry and its
//! tests, nothing else. It adds a whole operation (and a field) to the spec, runs
//! `cargo xtask regenerate`, checks that the public API snapshot shows both and that
//! nothing but the spec and the snapshots changed, then calls the new operation
//! through the public API in a test of its own against a server on 127.0.0.1,
//! checks that the command line gained its command and flags, and puts everything
//! back.
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
const OPERATION: &str = "self_check_echo";
/// The command the command line must gain for it, with no change to `cli/`.
const COMMAND: &str = "self-check-echo";
const SNAPSHOTS: &str = "tests/snapshots";
const SNAPSHOT: &str = "tests/snapshots/generated_code__generated_public_api.snap";
/// The test that calls the new operation; it exists only while the check runs.
const TEST: &str = "tests/self_check_call.rs";

/// A new operation, as a person would add it: an id and a text path parameter, the
/// acting user, a query flag and a list, and an answer shape the spec already has.
const NEW_PATH: &str = r##"    "/self-check/{uid}/echo/{word}": {
      "post": {
        "operationId": "self_check_echo",
        "x-cometchat-envelope": "ack",
        "tags": ["Self-check"],
        "summary": "Echo a user, for cargo xtask self-check.",
        "description": "Exists only while `cargo xtask self-check` runs.",
        "parameters": [
          {
            "name": "uid",
            "in": "path",
            "required": true,
            "description": "The user to echo.",
            "schema": { "$ref": "#/components/schemas/Uid" }
          },
          {
            "name": "word",
            "in": "path",
            "required": true,
            "description": "What to echo.",
            "schema": { "type": "string" }
          },
          {
            "name": "onBehalfOf",
            "in": "header",
            "required": true,
            "description": "The acting user.",
            "schema": { "$ref": "#/components/schemas/Uid" }
          },
          {
            "name": "names",
            "in": "query",
            "required": false,
            "description": "Names to echo too, as repeated keys.",
            "schema": { "type": "array", "items": { "type": "string" } }
          },
          {
            "name": "loud",
            "in": "query",
            "required": false,
            "description": "Whether to echo loudly.",
            "schema": { "type": "boolean" }
          }
        ],
        "responses": {
          "200": {
            "description": "The echo.",
            "content": {
              "application/json": {
                "schema": { "$ref": "#/components/schemas/AckResponse" }
              }
            }
          }
        }
      }
    },
"##;

/// The test of the new operation, through the public API only.
const NEW_TEST: &str = r##"//! Written and removed by `cargo xtask self-check`.
mod support;

#[tokio::test]
async fn the_new_operation_is_callable_through_the_public_api() {
    let answer = serde_json::json!({"data": {"success": true, "message": "echo"}});
    let server = support::Server::start(vec![support::Step::json(200, &answer)]).await;
    let ack = support::client(&server)
        .self_check_echo("cometchat-uid-1", "hello".to_owned())
        .on_behalf_of("cometchat-uid-2")
        .loud(true)
        .await
        .unwrap();
    let refused = support::client(&server)
        .self_check_echo("cometchat-uid-1", "..".to_owned())
        .on_behalf_of("cometchat-uid-2")
        .await
        .unwrap_err();
    assert!(matches!(refused, cometchat::Error::InvalidInput { name: "word", .. }));
    assert!(ack.success);
    let seen = &server.seen()[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.path, "/v3/self-check/cometchat-uid-1/echo/hello?loud=true");
    assert_eq!(server.seen().len(), 1, "the refused call was not sent");
    assert_eq!(seen.header("onbehalfof"), Some("cometchat-uid-2"));
    assert_eq!(seen.header("apikey"), Some(support::KEY));
}
"##;

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
    let paths = "\"paths\": {\n";
    let at = edited.find(paths).ok_or("the spec has no paths")? + paths.len();
    let edited = format!("{}{NEW_PATH}{}", &edited[..at], &edited[at..]);
    serde_json::from_str::<serde_json::Value>(&edited)
        .map_err(|e| format!("the edit broke the spec: {e}"))?;
    fs::write(&spec_path, edited).map_err(|e| e.to_string())?;

    println!("added {OPERATION} and {FIELD} to {SPEC}; running `cargo xtask regenerate` ...");
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
    let snapshot = String::from_utf8_lossy(
        after
            .get(Path::new(SNAPSHOT))
            .ok_or(format!("{SNAPSHOT} is gone"))?,
    )
    .into_owned();
    for (what, expected) in [("operation", OPERATION), ("field", "muted_until")] {
        if !snapshot.contains(expected) {
            return Err(format!(
                "{SNAPSHOT} does not show the new {what} {expected}"
            ));
        }
    }

    println!("calling {OPERATION} through the public API in {TEST} ...");
    fs::write(root.join(TEST), NEW_TEST).map_err(|e| e.to_string())?;
    let status = crate::cargo(root)
        .args(["test", "--quiet", "--test", "self_check_call"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("the test of the new operation failed ({TEST})"));
    }

    println!("asking the command line for {COMMAND} ...");
    let output = crate::cargo(root)
        .args([
            "run",
            "--quiet",
            "--package",
            "cometchat-cli",
            "--",
            COMMAND,
            "--help",
        ])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let help = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() || !help.contains("--on-behalf-of") || !help.contains("--loud") {
        return Err(format!(
            "the command line has no {COMMAND} command with the new flags: {}{help}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    println!(
        "Adding {OPERATION} and {FIELD} to the spec changed only these files, the new \
         operation answered through the public API, and `cometchat {COMMAND}` exists \
         (all now restored):"
    );
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
        let _ = fs::remove_file(self.root.join(TEST));
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
