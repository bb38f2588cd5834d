//! The shapes of what protection works on and gives back: a week × region
//! × category table, a protected table as published, and what protection
//! withheld. Protection itself is in [`super::series`].

use crate::model::count::Count;

/// The shape of a table: `cells[(w * regions + r) * categories + c]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shape {
    pub weeks: usize,
    pub regions: usize,
    pub categories: usize,
}

impl Shape {
    pub fn len(self) -> usize {
        self.weeks * self.regions * self.categories
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    pub fn index(self, w: usize, r: usize, c: usize) -> usize {
        (w * self.regions + r) * self.categories + c
    }
}

/// A protected table: cells and margins as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protected {
    pub cells: Vec<Count>,
    pub by_week: Vec<Count>,
    pub by_region: Vec<Count>,
    pub by_category: Vec<Count>,
    pub total: Count,
    pub report: Report,
}

/// What protection withheld.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// Counts withheld because they were between 1 and k − 1.
    pub primary: usize,
    /// Further counts withheld so that no withheld count can be recovered.
    pub secondary: usize,
    /// The incidents the withheld counts hold, all reasons together.
    pub hidden: u64,
    /// Counts withheld because an earlier release withheld them at the same
    /// value (publishing them now would reveal them there).
    pub earlier: usize,
}

/// Every publishable count of a table in one index space: the cells, then
/// the week, region and category margins, then the grand total.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub shape: Shape,
}

impl Layout {
    pub fn new(shape: Shape) -> Layout {
        Layout { shape }
    }

    pub fn cells(self) -> std::ops::Range<usize> {
        0..self.shape.len()
    }

    pub fn weeks(self) -> std::ops::Range<usize> {
        let start = self.cells().end;
        start..start + self.shape.weeks
    }

    pub fn regions(self) -> std::ops::Range<usize> {
        let start = self.weeks().end;
        start..start + self.shape.regions
    }

    pub fn categories(self) -> std::ops::Range<usize> {
        let start = self.regions().end;
        start..start + self.shape.categories
    }

    pub fn total(self) -> usize {
        self.categories().end
    }

    pub fn len(self) -> usize {
        self.total() + 1
    }

    pub fn is_empty(self) -> bool {
        false
    }

    /// The true value of every publishable count.
    pub fn values(self, raw: &[u32]) -> Vec<u64> {
        let mut values = vec![0u64; self.len()];
        let Shape {
            weeks,
            regions,
            categories,
        } = self.shape;
        for w in 0..weeks {
            for r in 0..regions {
                for c in 0..categories {
                    let i = self.shape.index(w, r, c);
                    let n = u64::from(raw[i]);
                    values[i] = n;
                    values[self.weeks().start + w] += n;
                    values[self.regions().start + r] += n;
                    values[self.categories().start + c] += n;
                    values[self.total()] += n;
                }
            }
        }
        values
    }
}
