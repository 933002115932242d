//! `cargo xtask downstream`: builds the README's dependency example, as written, in
//! a new crate that depends on this one by path. The README promises that example
//! compiles; this keeps the promise checked. It builds the same program written
//! with plain reqwest too (`xtask/plain-app/main.rs`), the baseline `cargo xtask
//! build-cost` times it against, so that the baseline keeps compiling.

use std::{fs, path::Path};

use crate::bench::target_dir;

/// The plain app's dependencies: reqwest with the features the SDK turns on (JSON,
/// rustls with its default provider), serde_json and tokio, as the README's app
/// asks for it.
const PLAIN_DEPENDENCIES: &str = r#"[dependencies]
reqwest = { version = "0.13", default-features = false, features = ["json", "rustls"] }
serde_json = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
"#;

pub fn run(root: &Path) -> Result<(), String> {
    let dir = target_dir(root).join("downstream");
    write_readme_app(root, &dir)?;
    build(root, &dir, "the README's example")?;
    let plain = target_dir(root).join("downstream-plain");
    write_plain_app(root, &plain)?;
    build(root, &plain, "the README's example with plain reqwest")
}

fn build(root: &Path, dir: &Path, what: &str) -> Result<(), String> {
    crate::build_offline(dir, &target_dir(root), what)?;
    println!("{what} builds in a new crate at {}.", dir.display());
    Ok(())
}

/// Writes the README's example written with plain reqwest as a new crate at `dir`.
pub fn write_plain_app(root: &Path, dir: &Path) -> Result<(), String> {
    write_app(
        root,
        dir,
        PLAIN_DEPENDENCIES,
        include_str!("../plain-app/main.rs"),
    )
}

/// Writes the README's dependency example, as written, as a new crate at `dir`
/// (emptied first) that depends on this one by path, with the workspace's lock
/// file.
pub fn write_readme_app(root: &Path, dir: &Path) -> Result<(), String> {
    let readme = fs::read_to_string(root.join("README.md"))
        .map_err(|e| format!("cannot read README.md: {e}"))?;
    let section = readme
        .split("\n## Using the crate")
        .nth(1)
        .ok_or("README.md has no \"## Using the crate\" section")?;
    let manifest = fenced(section, "toml").ok_or("the section has no ```toml block")?;
    let program =
        fenced(section, "rust,no_run").ok_or("the section has no ```rust,no_run block")?;
    let root_path = root.display().to_string().replace('\\', "/");
    let manifest = manifest.replace(
        "cometchat = \"0.1\"",
        &format!("cometchat = {{ path = \"{root_path}\" }}"),
    );
    if !manifest.contains("path = ") {
        return Err(
            "the README's [dependencies] no longer say `cometchat = \"0.1\"`; update this check"
                .to_owned(),
        );
    }
    write_app(root, dir, &manifest, program)
}

/// Writes a binary crate named `downstream` at `dir` (emptied first) with these
/// dependencies and this `main.rs`, and the workspace's lock file, which keeps the
/// versions the crate is tested with.
fn write_app(root: &Path, dir: &Path, dependencies: &str, main: &str) -> Result<(), String> {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let package = "[package]\nname = \"downstream\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n";
    fs::write(
        dir.join("Cargo.toml"),
        format!("{package}{dependencies}\n[workspace]\n"),
    )
    .map_err(|e| e.to_string())?;
    fs::write(dir.join("src/main.rs"), main).map_err(|e| e.to_string())?;
    fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    Ok(())
}

/// The contents of the first fenced block tagged exactly `tag`.
fn fenced<'a>(text: &'a str, tag: &str) -> Option<&'a str> {
    let start = text.find(&format!("```{tag}\n"))? + tag.len() + 4;
    let end = text[start..].find("\n```")? + start;
    Some(&text[start..=end])
}

#[cfg(test)]
mod tests {
    #[test]
    fn fenced_blocks_are_found_by_exact_tag() {
        let text = "a\n```toml\n[x]\n```\n```rust,no_run\nfn main() {}\n```\n";
        assert_eq!(super::fenced(text, "toml"), Some("[x]\n"));
        assert_eq!(super::fenced(text, "rust,no_run"), Some("fn main() {}\n"));
        assert_eq!(super::fenced(text, "rust"), None);
    }
}
