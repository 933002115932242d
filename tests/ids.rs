//! `wire::Guid` and `wire::Uid` check ids with a byte loop; the spec states the rule
//! as a pattern and lengths. This proves the two agree.

mod support;

use cometchat::wire::{Guid, Uid};
use serde_json::Value;

/// What the spec says an id must be, as a predicate.
fn spec_rule(schema: &str) -> impl Fn(&str) -> bool {
    let spec: Value = serde_json::from_str(support::SPEC).unwrap();
    let schema = &spec["components"]["schemas"][schema];
    let pattern = regress::Regex::new(schema["pattern"].as_str().unwrap()).unwrap();
    let min = schema["minLength"].as_u64().unwrap() as usize;
    let max = schema["maxLength"].as_u64().unwrap() as usize;
    move |text: &str| (min..=max).contains(&text.chars().count()) && pattern.find(text).is_some()
}

fn agree(text: &str, guid_rule: &impl Fn(&str) -> bool, uid_rule: &impl Fn(&str) -> bool) {
    assert_eq!(
        Guid::try_from(text).is_ok(),
        guid_rule(text),
        "Guid {text:?}"
    );
    assert_eq!(Uid::try_from(text).is_ok(), uid_rule(text), "Uid {text:?}");
    assert_eq!(
        Guid::try_from(text.to_owned()).is_ok(),
        guid_rule(text),
        "Guid {text:?}"
    );
}

#[test]
fn the_hand_written_check_agrees_with_the_spec() {
    let (guid_rule, uid_rule) = (spec_rule("Guid"), spec_rule("Uid"));
    // Every character of the first planes, alone and inside a valid id.
    for code in (0..0x3000).chain([0x202e, 0xfeff, 0x1f600]) {
        let Some(c) = char::from_u32(code) else {
            continue;
        };
        for text in [c.to_string(), format!("ab{c}cd"), format!("{c}-")] {
            agree(&text, &guid_rule, &uid_rule);
        }
    }
    // Random strings around the length limit, over valid and invalid characters.
    let alphabet: Vec<char> = "aZ09-_ ./\\%é\n\u{0}+".chars().collect();
    let mut rng = fastrand::Rng::with_seed(7);
    for _ in 0..20_000 {
        let length = rng.usize(0..=104);
        let valid_only = rng.bool();
        let text: String = (0..length)
            .map(|_| alphabet[rng.usize(..if valid_only { 6 } else { alphabet.len() })])
            .collect();
        agree(&text, &guid_rule, &uid_rule);
    }
    for length in [0, 1, 99, 100, 101, 1000] {
        agree(&"a".repeat(length), &guid_rule, &uid_rule);
    }
}

#[test]
fn refusals_say_what_is_wrong() {
    let reason = |text: &str| Guid::try_from(text).unwrap_err().to_string();
    assert_eq!(reason(""), "it is empty");
    assert_eq!(reason("a/b"), "it contains '/'");
    assert_eq!(reason("a\nb"), "it contains '\\n'");
    assert_eq!(
        reason(&"a".repeat(101)),
        "it is 101 characters long, over 100"
    );
    let guid: Guid = "Project_Group-1".parse().unwrap();
    assert_eq!(
        (guid.as_str(), guid.to_string()),
        ("Project_Group-1", "Project_Group-1".to_owned())
    );
    assert!(serde_json::from_value::<Uid>(Value::from("../x")).is_err());
}
