//! The code build.rs generates from the spec, so that every change to it, from the
//! spec or from a progenitor upgrade, is reviewed as a snapshot diff.

#[test]
fn generated_client() {
    insta::assert_snapshot!(include_str!(concat!(env!("OUT_DIR"), "/cometchat.rs")));
}
