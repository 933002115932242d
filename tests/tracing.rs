//! The spans the transport emits: what they carry, and what they never carry.

mod support;

use std::sync::{Arc, Mutex};

use serde_json::json;
use support::{client, sample, Server, Step, KEY};
use tracing::{
    field::{Field, Visit},
    span::{Attributes, Id, Record},
    Event, Metadata, Subscriber,
};

#[derive(Debug, Default)]
struct Recorded {
    name: &'static str,
    level: String,
    parent: Option<u64>,
    fields: Vec<(String, String)>,
}

impl Recorded {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Records every span, its fields and its parent.
#[derive(Clone, Default)]
struct Recorder {
    spans: Arc<Mutex<Vec<Recorded>>>,
}

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((
            field.name().to_owned(),
            format!("{value:?}").trim_matches('"').to_owned(),
        ));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut recorded = Recorded {
            name: attributes.metadata().name(),
            level: attributes.metadata().level().to_string(),
            parent: attributes.parent().map(Id::into_u64),
            ..Recorded::default()
        };
        attributes.record(&mut Fields(&mut recorded.fields));
        let mut spans = self.spans.lock().unwrap();
        spans.push(recorded);
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        let recorded = &mut spans[span.into_u64() as usize - 1];
        values.record(&mut Fields(&mut recorded.fields));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// Runs `call` on a runtime of its own, with `recorder` as the subscriber.
fn recorded<F: std::future::Future>(recorder: &Recorder, call: F) -> F::Output {
    tracing::subscriber::with_default(recorder.clone(), || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(call)
    })
}

#[test]
fn operations_and_attempts_are_traced_without_secrets_or_ids() {
    let recorder = Recorder::default();
    recorded(&recorder, async {
        let too_many = Step::json_with(
            429,
            &[("retry-after", "1")],
            &json!({"error": {"code": "ERR_TOO_MANY_REQUESTS", "message": "Slow down."}}),
        );
        let server = Server::start(vec![too_many, Step::json(200, &sample())]).await;
        client(&server)
            .get_group_conversation("secret-group-7")
            .on_behalf_of("secret-user-9")
            .await
            .unwrap();
    });
    let spans = recorder.spans.lock().unwrap();
    let operations: Vec<&Recorded> = spans
        .iter()
        .filter(|s| s.name == "cometchat.operation")
        .collect();
    assert_eq!(operations.len(), 1, "{spans:#?}");
    let operation = operations[0];
    assert_eq!(operation.level, "INFO");
    assert_eq!(operation.field("operation"), Some("get_group_conversation"));
    assert_eq!(operation.field("method"), Some("GET"));
    assert_eq!(operation.field("path"), Some("/groups/{guid}/conversation"));
    assert_eq!(operation.field("status"), Some("200"));
    assert_eq!(operation.field("attempts"), Some("2"));
    assert!(
        operation
            .field("elapsed_ms")
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1000
    );

    let operation_id = spans
        .iter()
        .position(|s| s.name == "cometchat.operation")
        .unwrap() as u64
        + 1;
    let attempts: Vec<&Recorded> = spans
        .iter()
        .filter(|s| s.name == "cometchat.attempt")
        .collect();
    assert_eq!(attempts.len(), 2, "{spans:#?}");
    assert!(attempts
        .iter()
        .all(|a| a.level == "DEBUG" && a.parent == Some(operation_id)));
    assert_eq!(attempts[0].field("attempt"), Some("1"));
    assert_eq!(attempts[0].field("status"), Some("429"));
    assert_eq!(attempts[0].field("retry_in_ms"), Some("1000"));
    assert_eq!(attempts[1].field("attempt"), Some("2"));
    assert_eq!(attempts[1].field("status"), Some("200"));
    assert_eq!(attempts[1].field("retry_in_ms"), None);

    let everything = format!("{spans:?}");
    for secret in [KEY, "secret-group-7", "secret-user-9", "127.0.0.1"] {
        assert!(
            !everything.contains(secret),
            "a span carries {secret}: {everything}"
        );
    }
}

#[test]
fn failed_attempts_name_the_failure_not_the_url() {
    let recorder = Recorder::default();
    recorded(&recorder, async {
        let server = Server::start(vec![Step::Reset]).await;
        let error = client(&server)
            .with_max_retries(1)
            .get_group_conversation("secret-group-7")
            .on_behalf_of("u")
            .await
            .unwrap_err();
        assert!(
            matches!(error, cometchat::Error::Connection { .. }),
            "{error:?}"
        );
    });
    let spans = recorder.spans.lock().unwrap();
    let attempts: Vec<&Recorded> = spans
        .iter()
        .filter(|s| s.name == "cometchat.attempt")
        .collect();
    assert_eq!(attempts.len(), 2);
    assert!(
        attempts
            .iter()
            .all(|a| a.field("error").is_some() && a.field("status").is_none()),
        "{spans:#?}"
    );
    assert!(!format!("{spans:?}").contains("secret-group-7"));
}
