//! A bounded property test of the decoder: arbitrary bytes and mutated samples never
//! make it panic, and whatever decodes re-encodes to something that decodes the same.
//!
//! `COMETCHAT_FUZZ_CASES` raises the number of cases (default 20,000 per property);
//! `COMETCHAT_FUZZ_SEED` replays a run.

mod support;

use cometchat::types::ConversationResponse;
use serde_json::Value;

fn cases() -> usize {
    std::env::var("COMETCHAT_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000)
}

fn rng() -> fastrand::Rng {
    let seed = std::env::var("COMETCHAT_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x00c0_ffee);
    fastrand::Rng::with_seed(seed)
}

/// Decodes; when that succeeds, re-encodes and checks the second decode matches.
fn property(bytes: &[u8]) -> bool {
    let Ok(decoded) = serde_json::from_slice::<ConversationResponse>(bytes) else {
        return false;
    };
    let encoded = serde_json::to_vec(&decoded).expect("a decoded value encodes");
    let again: ConversationResponse =
        serde_json::from_slice(&encoded).expect("what we encode decodes");
    assert_eq!(again, decoded, "{}", String::from_utf8_lossy(bytes));
    true
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut rng = rng();
    for _ in 0..cases() {
        let length = rng.usize(0..256);
        let bytes: Vec<u8> = (0..length).map(|_| rng.u8(..)).collect();
        property(&bytes);
    }
}

#[test]
fn mutated_samples_never_panic() {
    let mut rng = rng();
    let sample = support::sample().to_string().into_bytes();
    let alphabet = b"{}[]\":,0123456789-.eE truefalsnul\\";
    let mut decoded = 0;
    for _ in 0..cases() {
        let mut bytes = sample.clone();
        for _ in 0..rng.usize(1..4) {
            let at = rng.usize(..bytes.len());
            match rng.u8(..5) {
                0 => bytes[at] = alphabet[rng.usize(..alphabet.len())],
                1 => bytes.insert(at, alphabet[rng.usize(..alphabet.len())]),
                2 => {
                    bytes.remove(at);
                }
                3 => bytes.truncate(at),
                _ => bytes[at] = rng.u8(..),
            }
            if bytes.is_empty() {
                break;
            }
        }
        decoded += usize::from(property(&bytes));
    }
    // Many mutations land in strings and keep the document valid; those must decode.
    assert!(
        decoded > cases() / 20,
        "only {decoded} mutated samples decoded"
    );
}

/// Replaces one value anywhere in the sample with a value of another JSON type.
#[test]
fn values_of_the_wrong_type_never_panic() {
    let mut rng = rng();
    let sample = support::sample();
    let replacements = [
        Value::Null,
        Value::Bool(true),
        Value::from(-1),
        Value::from(u64::MAX),
        Value::from(1.5),
        Value::from(""),
        Value::from("7"),
        Value::from("unknown"),
        Value::Array(vec![]),
        Value::Object(Default::default()),
    ];
    for _ in 0..cases() / 4 {
        // Walk down from the root to a random node, then replace it.
        let mut pointer = String::new();
        let mut node = &sample;
        loop {
            let next = match node {
                Value::Object(map) if !map.is_empty() => {
                    let (key, child) = map.iter().nth(rng.usize(..map.len())).unwrap();
                    Some((key.replace('~', "~0").replace('/', "~1"), child))
                }
                Value::Array(items) if !items.is_empty() => {
                    let index = rng.usize(..items.len());
                    Some((index.to_string(), &items[index]))
                }
                _ => None,
            };
            match next {
                Some((step, child)) if rng.u8(..4) != 0 => {
                    pointer.push('/');
                    pointer.push_str(&step);
                    node = child;
                }
                _ => break,
            }
        }
        let mut value = sample.clone();
        *value.pointer_mut(&pointer).unwrap() =
            replacements[rng.usize(..replacements.len())].clone();
        property(&serde_json::to_vec(&value).unwrap());
    }
}
