//! Lists that page with `page` and `perPage` and answer `meta.pagination`, as
//! streams: [`Pages`] yields each page, [`Items`] each item. `build.rs` gives every
//! such operation `.pages()` and `.items()`, which hand this module a closure that
//! sends the same request (filters and all) for a given page number.
//!
//! The stop rule does not trust `total`, which CometChat's samples show as 0 beside
//! a non-zero `count`: a stream ends after an empty page, a page shorter than the
//! page size, or the page whose `current_page` reaches `total_pages`; and, so that it
//! can never walk forever, when an answer is not the page asked for (a server that
//! ignores `page`), when no page size is known (none asked for, none reported), or
//! after a million pages. Memory holds
//! one page; dropping a stream cancels the request in flight. Each page is one call,
//! with the retries and the timeout of any call.

use std::{
    collections::VecDeque,
    fmt,
    future::Future,
    pin::Pin,
    task::{Context, Poll},
};

use futures_core::Stream;

use crate::{types::Pagination, Response, Result};

/// One page of a list: its items and the paging numbers CometChat sent.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items, in the order CometChat sent them.
    pub items: Vec<T>,
    /// `meta.pagination`, when CometChat sent it.
    pub pagination: Option<Pagination>,
}

impl<T> Page<T> {
    /// A page of `items` with these paging numbers.
    pub fn new(items: Vec<T>, pagination: Option<Pagination>) -> Self {
        Self { items, pagination }
    }

    /// The page's number, from 1, when CometChat sent it.
    pub fn current_page(&self) -> Option<i64> {
        self.pagination
            .as_ref()?
            .current_page
            .as_ref()
            .map(|n| n.get())
    }

    /// How many pages the list has, when CometChat sent it.
    pub fn total_pages(&self) -> Option<i64> {
        self.pagination
            .as_ref()?
            .total_pages
            .as_ref()
            .map(|n| n.get())
    }

    /// The page size CometChat applied, when it sent it.
    pub fn per_page(&self) -> Option<i64> {
        self.pagination.as_ref()?.per_page.as_ref().map(|n| n.get())
    }

    /// Whether another page may follow this one.
    ///
    /// Without a page size (none asked for, none reported) a full page cannot be
    /// told from a short one, so the list ends rather than risk walking forever.
    fn has_next(&self, requested_per_page: Option<u64>) -> bool {
        let Some(size) = self
            .per_page()
            .and_then(|n| u64::try_from(n).ok())
            .or(requested_per_page)
        else {
            return false;
        };
        let short = (self.items.len() as u64) < size;
        let last = matches!(
            (self.current_page(), self.total_pages()),
            (Some(current), Some(total)) if current >= total
        );
        !self.items.is_empty() && !short && !last
    }

    /// Whether this is not the page asked for: a server that ignores `page` would
    /// answer the first page again and again.
    fn is_not(&self, requested: u64) -> bool {
        self.current_page()
            .is_some_and(|current| u64::try_from(current).ok() != Some(requested))
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The most pages one stream walks: a bound against a server whose answers never
/// say the list has ended (a million pages of 1,000 items is far past any app).
const MAX_PAGES: u64 = 1_000_000;

type PageFuture<'a, T> = Pin<Box<dyn Future<Output = Result<Response<Page<T>>>> + Send + 'a>>;
type Fetch<'a, T> = Box<dyn FnMut(u64) -> PageFuture<'a, T> + Send + 'a>;

/// The pages of a list, one call each, as a [`Stream`]. Made by an operation's
/// `.pages()`.
#[must_use = "a stream does nothing until it is polled"]
pub struct Pages<'a, T> {
    fetch: Fetch<'a, T>,
    first: u64,
    next_page: Option<u64>,
    per_page: Option<u64>,
    in_flight: Option<PageFuture<'a, T>>,
}

impl<T> fmt::Debug for Pages<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("next_page", &self.next_page)
            .field("per_page", &self.per_page)
            .field("in_flight", &self.in_flight.is_some())
            .finish()
    }
}

impl<'a, T> Pages<'a, T> {
    /// Pages from `first`, each fetched by `fetch(page_number)`; `per_page` is the
    /// page size asked for, when the caller set one.
    pub(crate) fn new(
        first: u64,
        per_page: Option<u64>,
        fetch: impl FnMut(u64) -> PageFuture<'a, T> + Send + 'a,
    ) -> Self {
        Self {
            fetch: Box::new(fetch),
            first: first.max(1),
            next_page: Some(first.max(1)),
            per_page,
            in_flight: None,
        }
    }

    /// The items of every page, one by one.
    pub fn items(self) -> Items<'a, T> {
        Items {
            pages: self,
            buffered: VecDeque::new(),
        }
    }
}

impl<T> Unpin for Pages<'_, T> {}

impl<T> Stream for Pages<'_, T> {
    type Item = Result<Response<Page<T>>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.in_flight.is_none() {
            let Some(page) = this.next_page else {
                return Poll::Ready(None);
            };
            this.in_flight = Some((this.fetch)(page));
        }
        let Some(in_flight) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let outcome = match in_flight.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(outcome) => outcome,
        };
        this.in_flight = None;
        let requested = this.next_page.unwrap_or(1);
        if let Ok(page) = &outcome {
            // Not the page asked for (after the first): the server repeats itself, and
            // the list has ended; its items are not yielded twice.
            if page.is_not(requested) && requested > this.first {
                this.next_page = None;
                return Poll::Ready(None);
            }
        }
        this.next_page = match &outcome {
            Ok(page) if page.has_next(this.per_page) && requested - this.first < MAX_PAGES => {
                requested.checked_add(1)
            }
            // An error ends the stream: the caller decides whether to start again.
            _ => None,
        };
        Poll::Ready(Some(outcome))
    }
}

/// The items of a list, across pages, as a [`Stream`]. Made by an operation's
/// `.items()`.
#[must_use = "a stream does nothing until it is polled"]
pub struct Items<'a, T> {
    pages: Pages<'a, T>,
    buffered: VecDeque<T>,
}

impl<T> fmt::Debug for Items<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffered.len())
            .finish()
    }
}

impl<T> Unpin for Items<'_, T> {}

impl<T> Stream for Items<'_, T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(page))) => this.buffered = page.into_inner().items.into(),
            }
        }
    }
}
