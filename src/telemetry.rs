//! `tracing` spans for each operation and each attempt.
//!
//! - `cometchat.operation` (INFO): `operation` (the spec's operationId), `method`,
//!   `path` (the template, such as `/groups/{guid}/conversation`), and when it ends
//!   `status`, `attempts` and `elapsed_ms`.
//! - `cometchat.attempt` (DEBUG, inside the operation): `attempt`, `status` or
//!   `error`, `elapsed_ms`, and `retry_in_ms` when another attempt follows.
//!
//! Spans never carry the API key, and never the URL, which names users and groups.
//! With no subscriber installed they cost a few branches. Only the operation span is
//! entered while its future runs; an attempt span records what happened to it.

use std::time::{Duration, Instant};

use reqwest::{Method, Response};
use tracing::{field::Empty, Span};

/// The span of one operation.
pub(crate) struct OperationSpan {
    span: Span,
    started: Option<Instant>,
}

impl OperationSpan {
    pub(crate) fn start(operation: &'static str, method: &Method) -> Self {
        let span = tracing::info_span!(
            "cometchat.operation",
            operation,
            method = method.as_str(),
            path = crate::generated::path_template(operation),
            status = Empty,
            attempts = Empty,
            elapsed_ms = Empty,
        );
        let started = (!span.is_disabled()).then(Instant::now);
        Self { span, started }
    }

    pub(crate) fn span(&self) -> &Span {
        &self.span
    }

    /// The span of attempt number `attempt` of this operation.
    pub(crate) fn attempt(&self, attempt: u32) -> AttemptSpan {
        let span = tracing::debug_span!(
            parent: &self.span,
            "cometchat.attempt",
            attempt,
            status = Empty,
            error = Empty,
            elapsed_ms = Empty,
            retry_in_ms = Empty,
        );
        let started = (!span.is_disabled()).then(Instant::now);
        AttemptSpan { span, started }
    }

    pub(crate) fn finish(&self, outcome: &reqwest::Result<Response>, attempts: u32) {
        if let Some(started) = self.started {
            if let Ok(response) = outcome {
                self.span.record("status", response.status().as_u16());
            }
            self.span.record("attempts", attempts);
            self.span.record("elapsed_ms", millis(started.elapsed()));
        }
    }
}

/// The span of one attempt.
pub(crate) struct AttemptSpan {
    span: Span,
    started: Option<Instant>,
}

impl AttemptSpan {
    pub(crate) fn finish(&self, outcome: &reqwest::Result<Response>, retry_in: Option<Duration>) {
        let Some(started) = self.started else {
            return;
        };
        match outcome {
            Ok(response) => {
                if crate::retry::BodyFailed::of(response).is_some() {
                    self.span.record("error", "body");
                }
                self.span.record("status", response.status().as_u16())
            }
            // Without the URL, which reqwest's message would include.
            Err(error) => self
                .span
                .record("error", tracing::field::display(error_kind(error))),
        };
        self.span.record("elapsed_ms", millis(started.elapsed()));
        if let Some(delay) = retry_in {
            self.span.record("retry_in_ms", millis(delay));
        }
    }
}

fn error_kind(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "connect"
    } else if error.is_body() || error.is_decode() {
        "body"
    } else {
        "request"
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
