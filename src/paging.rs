//! Lists as streams: [`Pages`] yields each page, [`Items`] each item. `build.rs`
//! gives every paged operation `.pages()` and `.items()`, which hand this module a
//! closure that sends the same request (filters and all) for a given [`Step`].
//!
//! Two ways through a list, both from the same mechanism:
//!
//! - **By number** (`page` and `perPage`, answering `meta.pagination`). The stop rule
//!   does not trust `total`, which CometChat's samples show as 0 beside a non-zero
//!   `count`: a stream ends after an empty page, a page shorter than the page size,
//!   or the page whose `current_page` reaches `total_pages`; and when an answer is not
//!   the page asked for (a server that ignores `page`).
//! - **By cursor**: `affix` with `updatedAt` (groups, threads) or with `id` and
//!   `sentAt` (messages, reactions), answering `meta.next`, `meta.cursor` or a
//!   `cursor` beside `meta`. Lists without page numbers always read this way;
//!   groups do once the request sets `affix`. Each next call re-sends the request
//!   with the cursor the last answer gave; a stream ends after an empty or short
//!   page (against `limit` or `perPage`), an answer without a cursor, or a cursor
//!   that did not move on in the list's direction (later for `append`, earlier for
//!   `prepend`, by `sentAt` or `updatedAt`, then id), or that turned the list around
//!   (another `affix`); its page is not yielded again. Items that
//!   share a timestamp-only cursor across a page's end are CometChat's to return or
//!   skip: such a cursor cannot tell them apart.
//!
//! Either way, so that it can never walk forever, a stream ends when no page size is
//! known (none asked for, none reported), and after a million pages. Memory holds
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

use crate::{
    types::{ListCursor, PageCurrent, Pagination},
    Response, Result,
};

/// One page of a list: its items and the paging numbers CometChat sent.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items, in the order CometChat sent them.
    pub items: Vec<T>,
    /// `meta.pagination`, when CometChat sent it.
    pub pagination: Option<Pagination>,
    /// Where the list continues (`meta.next`, `meta.cursor`, or `cursor` beside
    /// `meta`), when CometChat sent it.
    pub cursor: Option<ListCursor>,
    /// `meta.current` of a list read by cursor: the limit applied and the count.
    pub current: Option<PageCurrent>,
}

impl<T> Page<T> {
    /// A page of `items` with these paging numbers.
    pub fn new(items: Vec<T>, pagination: Option<Pagination>) -> Self {
        Self {
            items,
            pagination,
            cursor: None,
            current: None,
        }
    }

    /// This page, with the cursor CometChat sent.
    pub fn with_cursor(mut self, cursor: Option<ListCursor>) -> Self {
        self.cursor = cursor;
        self
    }

    /// This page, with the size CometChat reported for a list read by cursor.
    pub fn with_current(mut self, current: Option<PageCurrent>) -> Self {
        self.current = current;
        self
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

    /// The page size CometChat applied (`per_page`, or a cursor list's `limit`),
    /// when it sent it.
    pub fn per_page(&self) -> Option<i64> {
        let numbered = self.pagination.as_ref().and_then(|p| p.per_page.as_ref());
        let limit = || self.current.as_ref()?.limit.as_ref();
        numbered.or_else(limit).map(|n| n.get())
    }

    /// Whether another page may follow this one, read by number or by cursor.
    ///
    /// Without a page size (none asked for, none reported) a full page cannot be
    /// told from a short one, so the list ends rather than risk walking forever.
    fn has_next(&self, requested_per_page: Option<u64>, by_cursor: bool) -> bool {
        let Some(size) = self
            .per_page()
            .and_then(|n| u64::try_from(n).ok())
            .or(requested_per_page)
        else {
            return false;
        };
        let short = (self.items.len() as u64) < size;
        if self.items.is_empty() || short {
            return false;
        }
        if by_cursor {
            return self.next_cursor().is_some();
        }
        let last = matches!(
            (self.current_page(), self.total_pages()),
            (Some(current), Some(total)) if current >= total
        );
        !last
    }

    /// The cursor to send for the next stretch: one that names where to continue.
    fn next_cursor(&self) -> Option<&ListCursor> {
        self.cursor.as_ref().filter(|c| position(c).is_some())
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
type Fetch<'a, T> = Box<dyn FnMut(Step) -> PageFuture<'a, T> + Send + 'a>;

/// What one call of a stream asks for.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Step {
    /// The page of this number.
    Page(u64),
    /// The stretch after this cursor; `None` for the request as the caller built it.
    Cursor(Option<ListCursor>),
}

/// The pages of a list, one call each, as a [`Stream`]. Made by an operation's
/// `.pages()`.
#[must_use = "a stream does nothing until it is polled"]
pub struct Pages<'a, T> {
    fetch: Fetch<'a, T>,
    first: u64,
    next: Option<Step>,
    walked: u64,
    per_page: Option<u64>,
    /// The call under way, and what it asked for.
    in_flight: Option<(Step, PageFuture<'a, T>)>,
}

impl<T> fmt::Debug for Pages<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("next", &self.next)
            .field("per_page", &self.per_page)
            .field("in_flight", &self.in_flight.is_some())
            .finish()
    }
}

impl<'a, T> Pages<'a, T> {
    /// Pages by number from `first`, each fetched by `fetch(Step::Page(n))`;
    /// `per_page` is the page size asked for, when the caller set one.
    pub(crate) fn numbered(
        first: u64,
        per_page: Option<u64>,
        fetch: impl FnMut(Step) -> PageFuture<'a, T> + Send + 'a,
    ) -> Self {
        Self::starting(Step::Page(first.max(1)), first.max(1), per_page, fetch)
    }

    /// Pages by cursor: the request as built, then `fetch(Step::Cursor(Some(c)))`
    /// with the cursor each answer gives.
    pub(crate) fn cursored(
        per_page: Option<u64>,
        fetch: impl FnMut(Step) -> PageFuture<'a, T> + Send + 'a,
    ) -> Self {
        Self::starting(Step::Cursor(None), 1, per_page, fetch)
    }

    fn starting(
        step: Step,
        first: u64,
        per_page: Option<u64>,
        fetch: impl FnMut(Step) -> PageFuture<'a, T> + Send + 'a,
    ) -> Self {
        Self {
            fetch: Box::new(fetch),
            first,
            next: Some(step),
            walked: 0,
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
            let Some(step) = this.next.take() else {
                return Poll::Ready(None);
            };
            let call = (this.fetch)(step.clone());
            this.in_flight = Some((step, call));
        }
        let Some((_, in_flight)) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let outcome = match in_flight.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(outcome) => outcome,
        };
        let asked = this.in_flight.take().map(|(step, _)| step);
        this.walked += 1;
        let Ok(page) = &outcome else {
            // An error ends the stream: the caller decides whether to start again.
            return Poll::Ready(Some(outcome));
        };
        // The server repeats itself: not the page asked for (after the first), or a
        // cursor that did not move. The list has ended; no item is yielded twice.
        let repeated = match &asked {
            Some(Step::Page(n)) => *n > this.first && page.is_not(*n),
            Some(Step::Cursor(Some(sent))) => page.cursor.as_ref().is_some_and(|c| !moved(sent, c)),
            _ => false,
        };
        if repeated {
            return Poll::Ready(None);
        }
        let by_cursor = matches!(asked, Some(Step::Cursor(_)));
        if this.walked < MAX_PAGES && page.has_next(this.per_page, by_cursor) {
            this.next = match asked {
                Some(Step::Page(n)) => n.checked_add(1).map(Step::Page),
                _ => page.next_cursor().cloned().map(|c| Step::Cursor(Some(c))),
            };
        }
        Poll::Ready(Some(outcome))
    }
}

/// Whether a cursor moved on from the one sent, the way the list runs: later for
/// `append`, earlier for `prepend`. A server that ignores the cursor, answers one
/// that goes back or stays, or turns the list around, has nothing more to give.
fn moved(sent: &ListCursor, now: &ListCursor) -> bool {
    let (Some(sent_at), Some(now_at)) = (position(sent), position(now)) else {
        return false;
    };
    if let (Some(sent), Some(now)) = (&sent.affix, &now.affix) {
        if sent != now {
            return false;
        }
    }
    let prepend = matches!(
        now.affix.as_ref().or(sent.affix.as_ref()),
        Some(crate::types::Affix::Prepend)
    );
    if prepend {
        now_at < sent_at
    } else {
        now_at > sent_at
    }
}

/// Where a cursor points, in the list's order: its time (a message's `sentAt`, by
/// which message lists run; else `updatedAt`), then its id, which tells apart items
/// of the same second: as a number when it is one, else as text.
fn position(cursor: &ListCursor) -> Option<(Option<i64>, Option<i64>, Option<&str>)> {
    let at = cursor
        .sent_at
        .as_ref()
        .or(cursor.updated_at.as_ref())
        .map(|n| n.get());
    // Notification logs' cursor names its position `messageId`.
    let id = cursor.id.as_ref().or(cursor.message_id.as_ref());
    let number = id.and_then(|id| id.as_i64());
    let text = id.filter(|_| number.is_none()).map(|id| id.as_str());
    (at.is_some() || id.is_some()).then_some((at, number, text))
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
