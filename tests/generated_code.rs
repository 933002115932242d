//! What users see of the code build.rs generates from the spec (public types, their
//! fields and serde attributes, public signatures, implemented traits), so that
//! every change to it, from the spec or from a progenitor or typify upgrade, is
//! reviewed as a snapshot diff. Function bodies and private plumbing are left out
//! (build/public_api.rs); the tests that call the code pin its behaviour.

#[test]
fn generated_public_api() {
    insta::assert_snapshot!(include_str!(concat!(env!("OUT_DIR"), "/public_api.rs")));
}
