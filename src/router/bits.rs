//! Bitsets of stops and patterns for the router, walked in index order, and the per-round sets of
//! stops a RAPTOR round touched. Depends on nothing.

/// A set of stops (or patterns) as a bitset. Sets are iterated in index order, so the loops over
/// them walk the indexed arrays (labels, CSR offsets, pattern times) front to back instead of
/// jumping about, and a membership test reads a few kilobytes that stay in L1 even at 50,000
/// stops.
#[derive(Default)]
pub(super) struct BitSet {
    pub(super) words: Vec<u64>,
}

impl BitSet {
    pub(super) fn new(n: usize) -> Self {
        BitSet { words: vec![0; n.div_ceil(64)] }
    }

    #[inline]
    pub(super) fn insert(&mut self, s: usize) {
        self.words[s / 64] |= 1 << (s % 64);
    }

    #[inline]
    pub(super) fn contains(&self, s: usize) -> bool {
        self.words[s / 64] & (1 << (s % 64)) != 0
    }

    pub(super) fn clear(&mut self) {
        self.words.fill(0);
    }
}

/// The stops of word `w` of a bitset whose value is `word`, ascending. Loops take the word by
/// value so that they may change the router while walking the set.
#[inline]
pub(super) fn ones(w: usize, mut word: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (word != 0).then(|| {
            let b = word.trailing_zeros() as usize;
            word &= word - 1;
            w * 64 + b
        })
    })
}

/// What happened to stops in one round.
#[derive(Default)]
pub(super) struct RoundSet {
    /// A label improved: scan its patterns next round.
    pub(super) marked: BitSet,
    /// Some label of this round changed: carry it into the next round.
    pub(super) changed: BitSet,
    /// The ride label improved by a scan: relax its footpaths.
    pub(super) ride_improved: BitSet,
}

impl RoundSet {
    pub(super) fn new(n: usize) -> Self {
        RoundSet { marked: BitSet::new(n), changed: BitSet::new(n), ride_improved: BitSet::new(n) }
    }

    pub(super) fn clear(&mut self) {
        self.marked.clear();
        self.changed.clear();
        self.ride_improved.clear();
    }
}
