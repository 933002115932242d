//! Secrets out of sight: a subscriber that keeps every span and event as text, and
//! the check that no run of a secret shows in a text.

use std::sync::{Arc, Mutex};

/// Everything a subscriber is given: span and event names and fields.
#[derive(Clone, Default)]
pub struct Traces(pub Arc<Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.push_str(&format!(" {}={value}", field.name()));
    }
}

impl tracing::Subscriber for Traces {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut all = self.0.lock().unwrap();
        all.push_str(&format!("\nspan {}:", attributes.metadata().name()));
        attributes.record(&mut Fields(&mut all));
        tracing::span::Id::from_u64(all.len() as u64 + 1)
    }

    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut all = self.0.lock().unwrap();
        all.push_str("\nrecord:");
        values.record(&mut Fields(&mut all));
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut all = self.0.lock().unwrap();
        all.push_str(&format!("\nevent {}:", event.metadata().target()));
        event.record(&mut Fields(&mut all));
    }

    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// The first 6-character run of `secret` that `shown` holds.
pub fn leaked<'a>(secret: &'a str, shown: &str) -> Option<&'a str> {
    (0..=secret.len() - 6)
        .map(|i| &secret[i..i + 6])
        .find(|run| shown.contains(run))
}
