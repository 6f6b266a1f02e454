//! One pass over a query's matches that counts them by kind and keeps the
//! best of the kind asked for, as record numbers: what a page of results
//! needs, without a second search or a lookup per result.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fastfield::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::records::Kind;

/// The fast fields it reads: each record's kind (its place in
/// `Kind::ALL`) and its place in the list of records.
pub const KIND_FIELD: &str = "kind";
pub const ID_FIELD: &str = "id";

/// Counts every match by kind, and keeps the `keep` best of `kind` (of
/// every kind when `None`).
pub struct KindsAndBest<'a> {
    pub kind: Option<Kind>,
    pub keep: usize,
    /// Each segment's columns, opened when the index was built.
    pub columns: &'a [SegmentColumns],
}

/// The kind and record number of each document of one segment.
#[derive(Clone)]
pub struct SegmentColumns {
    kinds: Column<u64>,
    ids: Column<u64>,
}

impl SegmentColumns {
    /// Opens the columns of every segment the searcher sees, in order.
    pub fn open(searcher: &tantivy::Searcher) -> tantivy::Result<Vec<Self>> {
        searcher
            .segment_readers()
            .iter()
            .map(|segment| {
                let fast = segment.fast_fields();
                Ok(Self { kinds: fast.u64(KIND_FIELD)?, ids: fast.u64(ID_FIELD)? })
            })
            .collect()
    }
}

/// What the pass found.
#[derive(Debug, Default)]
pub struct Found {
    /// Matches of each kind, in the order of `Kind::ALL`.
    pub counts: [usize; Kind::ALL.len()],
    /// The best matches of the kind asked for, best first: their scores
    /// and record numbers.
    pub best: Vec<(Score, usize)>,
}

/// A match, ordered by score, then by record (the earlier first, so that
/// equal scores keep the site's order).
#[derive(Debug, Clone, Copy)]
struct Ranked {
    score: Score,
    id: usize,
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score.total_cmp(&other.score).then_with(|| other.id.cmp(&self.id))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

pub struct SegmentKindsAndBest {
    kinds: Column<u64>,
    ids: Column<u64>,
    wanted: Option<u64>,
    keep: usize,
    counts: [usize; Kind::ALL.len()],
    /// The best so far, the worst of them on top.
    best: BinaryHeap<Reverse<Ranked>>,
}

impl Collector for KindsAndBest<'_> {
    type Fruit = Found;
    type Child = SegmentKindsAndBest;

    fn for_segment(&self, ordinal: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentKindsAndBest> {
        let columns = match self.columns.get(ordinal as usize) {
            Some(columns) => columns.clone(),
            None => {
                let fast = segment.fast_fields();
                SegmentColumns { kinds: fast.u64(KIND_FIELD)?, ids: fast.u64(ID_FIELD)? }
            }
        };
        Ok(SegmentKindsAndBest {
            kinds: columns.kinds,
            ids: columns.ids,
            wanted: self.kind.map(|kind| kind.number() as u64),
            keep: self.keep,
            counts: [0; Kind::ALL.len()],
            best: BinaryHeap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Found>) -> tantivy::Result<Found> {
        let mut merged = Found::default();
        for fruit in fruits {
            for (total, count) in merged.counts.iter_mut().zip(fruit.counts) {
                *total += count;
            }
            merged.best.extend(fruit.best);
        }
        merged.best.sort_by(|a, b| Ranked { score: b.0, id: b.1 }.cmp(&Ranked { score: a.0, id: a.1 }));
        merged.best.truncate(self.keep);
        Ok(merged)
    }
}

impl SegmentCollector for SegmentKindsAndBest {
    type Fruit = Found;

    fn collect(&mut self, doc: DocId, score: Score) {
        let kind = self.kinds.first(doc).unwrap_or(u64::MAX);
        if let Some(count) = usize::try_from(kind).ok().and_then(|k| self.counts.get_mut(k)) {
            *count += 1;
        }
        if self.keep == 0 || self.wanted.is_some_and(|wanted| wanted != kind) {
            return;
        }
        let Some(id) = self.ids.first(doc).and_then(|id| usize::try_from(id).ok()) else { return };
        let ranked = Ranked { score, id };
        if self.best.len() < self.keep {
            self.best.push(Reverse(ranked));
        } else if self.best.peek().is_some_and(|Reverse(worst)| ranked > *worst) {
            self.best.pop();
            self.best.push(Reverse(ranked));
        }
    }

    fn harvest(self) -> Found {
        let mut best: Vec<Ranked> = self.best.into_iter().map(|Reverse(ranked)| ranked).collect();
        best.sort_by(|a, b| b.cmp(a));
        Found { counts: self.counts, best: best.into_iter().map(|r| (r.score, r.id)).collect() }
    }
}
