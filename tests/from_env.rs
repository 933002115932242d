//! `Client::from_env`. The environment is global to the process, so this binary
//! holds one test that walks through every case in turn.

mod support;

use cometchat::{Client, Error};
use support::KEY;

const VARIABLES: [&str; 4] = [
    "COMETCHAT_APP_ID",
    "COMETCHAT_REGION",
    "COMETCHAT_API_KEY",
    "COMETCHAT_BASE_URL",
];

fn with_env(pairs: &[(&str, &str)]) -> Result<Client, Error> {
    for name in VARIABLES {
        std::env::remove_var(name);
    }
    for (name, value) in pairs {
        std::env::set_var(name, value);
    }
    Client::from_env()
}

#[test]
fn from_env_reads_the_four_variables() {
    let client = with_env(&[("COMETCHAT_APP_ID", "app1"), ("COMETCHAT_API_KEY", KEY)]).unwrap();
    assert_eq!(client.base_url(), "https://app1.api-us.cometchat.io/v3");

    let client = with_env(&[
        ("COMETCHAT_APP_ID", "app1"),
        ("COMETCHAT_REGION", "IN"),
        ("COMETCHAT_API_KEY", KEY),
    ])
    .unwrap();
    assert_eq!(client.base_url(), "https://app1.api-in.cometchat.io/v3");

    // A base URL needs no app id, and wins over one.
    let client = with_env(&[
        ("COMETCHAT_APP_ID", "app1"),
        (
            "COMETCHAT_BASE_URL",
            "https://app1.api-eu.cc-cluster-2.io/v3",
        ),
        ("COMETCHAT_API_KEY", KEY),
    ])
    .unwrap();
    assert_eq!(client.base_url(), "https://app1.api-eu.cc-cluster-2.io/v3");

    // An unknown region does not matter beside a base URL.
    let client = with_env(&[
        ("COMETCHAT_REGION", "mars"),
        ("COMETCHAT_BASE_URL", "https://proxy.example/v3"),
        ("COMETCHAT_API_KEY", KEY),
    ])
    .unwrap();
    assert_eq!(client.base_url(), "https://proxy.example/v3");

    // A variable set but empty (a secret that did not expand) is named, not ignored.
    let mut cases: Vec<(Vec<(&str, &str)>, String)> = Vec::new();
    for empty in VARIABLES {
        for blank in ["", " ", "\t"] {
            let mut pairs = vec![("COMETCHAT_APP_ID", "app1"), ("COMETCHAT_API_KEY", KEY)];
            pairs.retain(|(name, _)| *name != empty);
            pairs.push((empty, blank));
            cases.push((pairs, format!("{empty} is set but empty")));
        }
    }
    // The key in the wrong variable is refused without being quoted.
    for (name, expected) in [
        ("COMETCHAT_REGION", "unknown region"),
        ("COMETCHAT_APP_ID", "app id holds the API key"),
    ] {
        let mut pairs = vec![("COMETCHAT_APP_ID", "app1"), ("COMETCHAT_API_KEY", KEY)];
        pairs.retain(|(n, _)| *n != name);
        pairs.push((name, KEY));
        cases.push((pairs, expected.to_owned()));
    }
    let fixed: [(&[(&str, &str)], &str); 4] = [
        (&[("COMETCHAT_APP_ID", "app1")], "COMETCHAT_API_KEY"),
        (&[("COMETCHAT_API_KEY", KEY)], "COMETCHAT_APP_ID"),
        (
            &[
                ("COMETCHAT_APP_ID", "app1"),
                ("COMETCHAT_REGION", "mars"),
                ("COMETCHAT_API_KEY", KEY),
            ],
            "us, eu or in",
        ),
        (
            &[
                ("COMETCHAT_BASE_URL", "http://example.com/v3"),
                ("COMETCHAT_API_KEY", KEY),
            ],
            "clear text",
        ),
    ];
    cases.extend(
        fixed
            .iter()
            .map(|(pairs, expected)| (pairs.to_vec(), (*expected).to_owned())),
    );
    for (pairs, expected) in cases {
        let error = with_env(&pairs).unwrap_err();
        let message = error.to_string();
        assert!(
            matches!(error, Error::Config { .. }),
            "{pairs:?}: {error:?}"
        );
        assert!(message.contains(&expected), "{pairs:?}: {message}");
        for text in [message.clone(), format!("{error:?}")] {
            assert!(!text.contains(&KEY[..6]), "the key leaked: {text}");
        }
    }
}
