//! One page of a server-side paginated list.

use serde::{Deserialize, Serialize};

/// The largest page a client may ask for; more would make one request arbitrarily expensive.
pub const MAX_PER_PAGE: u32 = 100;
pub const DEFAULT_PER_PAGE: u32 = 25;

/// Which page to fetch: 1-based page number and page size, always within bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    pub page: u32,
    pub per_page: u32,
}

impl PageRequest {
    /// Clamps what came from a URL: page 0 or a missing page is page 1, the size is capped.
    pub fn new(page: Option<u32>, per_page: Option<u32>) -> Self {
        Self {
            page: page.unwrap_or(1).max(1),
            per_page: per_page.unwrap_or(DEFAULT_PER_PAGE).clamp(1, MAX_PER_PAGE),
        }
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }

    pub fn limit(&self) -> i64 {
        i64::from(self.per_page)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self::new(None, None)
    }
}

/// A page of items plus what a pager needs to draw itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: u64, request: PageRequest) -> Self {
        Self {
            items,
            total,
            page: request.page,
            per_page: request.per_page,
        }
    }

    /// Number of pages; an empty list still has one (empty) page.
    pub fn page_count(&self) -> u32 {
        let pages = self.total.div_ceil(u64::from(self.per_page.max(1)));
        u32::try_from(pages).unwrap_or(u32::MAX).max(1)
    }

    pub fn has_previous(&self) -> bool {
        self.page > 1
    }

    pub fn has_next(&self) -> bool {
        self.page < self.page_count()
    }

    /// 1-based position of the first item shown, 0 for an empty page.
    pub fn first_index(&self) -> u64 {
        if self.items.is_empty() {
            0
        } else {
            u64::from(self.page - 1) * u64::from(self.per_page) + 1
        }
    }

    pub fn last_index(&self) -> u64 {
        self.first_index() + self.items.len() as u64 - u64::from(!self.items.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_zero_page_is_the_first() {
        assert_eq!(PageRequest::new(None, None).page, 1);
        assert_eq!(PageRequest::new(Some(0), None).page, 1);
        assert_eq!(PageRequest::new(Some(3), Some(10)).offset(), 20);
    }

    #[test]
    fn page_size_is_capped() {
        assert_eq!(PageRequest::new(None, Some(100_000)).per_page, MAX_PER_PAGE);
        assert_eq!(PageRequest::new(None, Some(0)).per_page, 1);
    }

    #[test]
    fn page_counts_and_positions() {
        let request = PageRequest::new(Some(2), Some(10));
        let page = Page::new(vec![1; 10], 25, request);
        assert_eq!(page.page_count(), 3);
        assert!(page.has_previous());
        assert!(page.has_next());
        assert_eq!((page.first_index(), page.last_index()), (11, 20));

        let empty: Page<u8> = Page::new(vec![], 0, PageRequest::default());
        assert_eq!(empty.page_count(), 1);
        assert!(!empty.has_next());
        assert_eq!((empty.first_index(), empty.last_index()), (0, 0));
    }
}
