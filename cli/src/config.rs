//! The client a command calls through: configured from `COMETCHAT_*` and the global
//! flags, or, when nothing is configured, pointed at the embedded stand-in.

use std::{io::Read, path::PathBuf, time::Duration};

use clap::ArgMatches;
use cometchat::{mock::MockServer, Client, ClientBuilder, Region};

use crate::Failure;

/// The longest API key file read.
const MAX_KEY_FILE: u64 = 4096;

/// A configured client, and the stand-in it talks to when nothing was configured
/// (kept running until the command ends).
pub struct Configured {
    /// The client.
    pub client: Client,
    /// The stand-in, when the client talks to it: kept alive, never read.
    _stand_in: Option<MockServer>,
}

/// Builds the client from the environment and the flags in `args`.
pub async fn client(args: &ArgMatches) -> Result<Configured, Failure> {
    let flag = |id: &str| args.try_get_one::<String>(id).ok().flatten().cloned();
    let app_id = flag("app-id");
    let base_url = flag("base-url");
    let region = flag("region");
    let key_file = args.try_get_one::<PathBuf>("api-key-file").ok().flatten();
    // Set, even empty, counts: `from_env` then names the empty variable.
    let environment = ClientBuilder::ENVIRONMENT
        .iter()
        .any(|name| std::env::var_os(name).is_some());
    let configured = environment || app_id.is_some() || base_url.is_some() || key_file.is_some();
    let mut stand_in = None;
    let mut builder = if configured {
        let mut builder = if environment {
            ClientBuilder::from_env().map_err(|e| Failure::Usage(e.to_string()))?
        } else {
            ClientBuilder::default()
        };
        if let Some(app_id) = &app_id {
            builder = builder.app_id(app_id);
        }
        if let Some(region) = region {
            let region: Region = region
                .parse()
                .map_err(|e: cometchat::Error| Failure::Usage(e.to_string()))?;
            builder = builder.region(region);
        }
        if let Some(base_url) = &base_url {
            builder = builder.base_url(base_url);
        }
        match key_file {
            Some(path) => builder = builder.api_key(read_key(path)?),
            None if std::env::var_os("COMETCHAT_API_KEY").is_none() => {
                return Err(Failure::Usage(
                    "no API key: set COMETCHAT_API_KEY, or pass --api-key-file FILE, with a REST \
                     API key (fullAccess scope) from the CometChat dashboard"
                        .to_owned(),
                ));
            }
            None => {}
        }
        let has_base_url = base_url.is_some() || std::env::var_os("COMETCHAT_BASE_URL").is_some();
        let has_app_id = app_id.is_some() || std::env::var_os("COMETCHAT_APP_ID").is_some();
        if !has_base_url && !has_app_id {
            return Err(Failure::Usage(
                "no app id: set COMETCHAT_APP_ID or pass --app-id with the app id from the \
                 CometChat dashboard (or set COMETCHAT_BASE_URL or --base-url)"
                    .to_owned(),
            ));
        }
        builder
    } else {
        let server = MockServer::start().await.map_err(|e| {
            Failure::Call(format!("cannot start the embedded CometChat stand-in: {e}"))
        })?;
        note(&format!(
            "note: no COMETCHAT_* variable is set: answering from the embedded CometChat \
             stand-in at {}",
            server.base_url()
        ));
        let builder = server.client_builder();
        stand_in = Some(server);
        builder
    };
    if let Some(timeout) = args.try_get_one::<Duration>("timeout").ok().flatten() {
        builder = builder.timeout(*timeout);
    }
    if let Some(timeout) = args
        .try_get_one::<Duration>("attempt-timeout")
        .ok()
        .flatten()
    {
        builder = builder.attempt_timeout(*timeout);
    }
    if let Some(retries) = args.try_get_one::<u32>("retries").ok().flatten() {
        builder = builder.max_retries(*retries);
    }
    let client = builder.build().map_err(|e| Failure::Usage(e.to_string()))?;
    Ok(Configured {
        client,
        _stand_in: stand_in,
    })
}

/// The key in `path`, without surrounding whitespace. Errors name the file, never
/// what it holds.
fn read_key(path: &PathBuf) -> Result<String, Failure> {
    let shown = path.display();
    let mut key = String::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_KEY_FILE + 1).read_to_string(&mut key))
        .map_err(|e| {
            Failure::Usage(format!(
                "cannot read the API key file {shown}: {}",
                e.kind()
            ))
        })?;
    if key.len() as u64 > MAX_KEY_FILE {
        return Err(Failure::Usage(format!(
            "the API key file {shown} is larger than {MAX_KEY_FILE} bytes: it should hold the key alone"
        )));
    }
    let key = key.trim();
    if key.is_empty() {
        return Err(Failure::Usage(format!(
            "the API key file {shown} is empty: put a REST API key (fullAccess scope) from the \
             CometChat dashboard in it"
        )));
    }
    Ok(key.to_owned())
}

/// A note on stderr, which may be closed.
fn note(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}
