//! Typed containers for the timetable's flat arrays (nigiri's `vector_map` and `vecvec`):
//! [`IdxVec`], a vector indexed by a typed index, and [`Csr`], one list per key stored as
//! offsets + one flat vector. [`Offsets`] is the offsets alone, for lists kept in several
//! parallel flat vectors (a pattern's trips, its block of times).
//!
//! They keep the CSR invariant (offsets start at 0, never decrease, end at the data's length)
//! in one place, so that no caller computes `start[k]..start[k + 1]` or casts an index with
//! `as usize`. Depends on nothing else in the crate.

use std::marker::PhantomData;
use std::ops::{Index, IndexMut, Range};

/// A typed index: a `u32` newtype that can address a vector.
pub trait Idx: Copy {
    fn from_usize(i: usize) -> Self;
    fn index(self) -> usize;
}

/// A vector indexed by `K` (nigiri's `vector_map`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdxVec<K, V> {
    data: Vec<V>,
    _key: PhantomData<fn(K) -> K>,
}

impl<K, V> Default for IdxVec<K, V> {
    fn default() -> Self {
        IdxVec { data: Vec::new(), _key: PhantomData }
    }
}

impl<K: Idx, V> IdxVec<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.data.len()
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Appends `v` and returns its index.
    pub fn push(&mut self, v: V) -> K {
        self.data.push(v);
        K::from_usize(self.data.len() - 1)
    }

    pub fn get(&self, k: K) -> Option<&V> {
        self.data.get(k.index())
    }

    /// Every index, ascending.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = K> + ExactSizeIterator + Clone + use<K, V> {
        (0..self.data.len()).map(K::from_usize)
    }

    pub fn iter(&self) -> std::slice::Iter<'_, V> {
        self.data.iter()
    }

    /// `(index, value)` pairs, ascending.
    pub fn iter_enumerated(&self) -> impl Iterator<Item = (K, &V)> {
        self.data.iter().enumerate().map(|(i, v)| (K::from_usize(i), v))
    }

    pub fn as_slice(&self) -> &[V] {
        &self.data
    }
}

impl<K: Idx, V: Clone> IdxVec<K, V> {
    /// `n` copies of `v`.
    pub fn filled(n: usize, v: V) -> Self {
        IdxVec { data: vec![v; n], _key: PhantomData }
    }
}

impl<K, V> From<Vec<V>> for IdxVec<K, V> {
    fn from(data: Vec<V>) -> Self {
        IdxVec { data, _key: PhantomData }
    }
}

impl<K, V> FromIterator<V> for IdxVec<K, V> {
    fn from_iter<I: IntoIterator<Item = V>>(iter: I) -> Self {
        IdxVec { data: iter.into_iter().collect(), _key: PhantomData }
    }
}

impl<K: Idx, V> Index<K> for IdxVec<K, V> {
    type Output = V;
    #[inline]
    fn index(&self, k: K) -> &V {
        &self.data[k.index()]
    }
}

impl<K: Idx, V> IndexMut<K> for IdxVec<K, V> {
    #[inline]
    fn index_mut(&mut self, k: K) -> &mut V {
        &mut self.data[k.index()]
    }
}

/// The offsets of consecutive ranges, one per key: key `k` owns `start[k]..start[k + 1]` of
/// some flat vector (or of several parallel ones). Starts with one empty offset list (no keys).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offsets<K> {
    start: Vec<u32>,
    _key: PhantomData<fn(K) -> K>,
}

impl<K> Default for Offsets<K> {
    fn default() -> Self {
        Offsets { start: vec![0], _key: PhantomData }
    }
}

impl<K: Idx> Offsets<K> {
    /// Number of keys.
    pub fn len(&self) -> usize {
        self.start.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The range of key `k`.
    #[inline]
    pub fn range(&self, k: K) -> Range<usize> {
        self.start[k.index()] as usize..self.start[k.index() + 1] as usize
    }

    /// Length of key `k`'s range.
    #[inline]
    pub fn len_of(&self, k: K) -> usize {
        (self.start[k.index() + 1] - self.start[k.index()]) as usize
    }

    /// The end of the last range (the length of the flat vector they index).
    pub fn total(&self) -> usize {
        self.start.last().copied().unwrap_or(0) as usize
    }

    /// Closes the next key's range at `end` (at least the previous end) and returns the key.
    ///
    /// # Panics
    /// If `end` is below the previous end or does not fit in `u32`.
    pub fn push_end(&mut self, end: usize) -> K {
        assert!(end >= self.total() && end <= u32::MAX as usize, "offsets must not decrease");
        self.start.push(end as u32);
        K::from_usize(self.len() - 1)
    }

    /// Every key, ascending.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = K> + ExactSizeIterator + Clone + use<K> {
        (0..self.len()).map(K::from_usize)
    }
}

/// One list of `V` per key `K` (nigiri's `vecvec`): offsets and one flat vector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Csr<K, V> {
    offsets: Offsets<K>,
    data: Vec<V>,
}

impl<K, V> Default for Csr<K, V> {
    fn default() -> Self {
        Csr { offsets: Offsets::default(), data: Vec::new() }
    }
}

impl<K: Idx, V> Csr<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of keys (lists).
    pub fn len(&self) -> usize {
        self.offsets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.offsets.is_empty()
    }

    /// The list of key `k`.
    #[inline]
    pub fn get(&self, k: K) -> &[V] {
        &self.data[self.offsets.range(k)]
    }

    /// The positions of key `k`'s list in [`Self::flat`].
    #[inline]
    pub fn range(&self, k: K) -> Range<usize> {
        self.offsets.range(k)
    }

    /// All lists back to back.
    pub fn flat(&self) -> &[V] {
        &self.data
    }

    /// Appends the next key's list and returns the key.
    pub fn push_list(&mut self, items: impl IntoIterator<Item = V>) -> K {
        self.data.extend(items);
        self.offsets.push_end(self.data.len())
    }

    /// Appends one item to the list being built (closed by [`Self::close_list`]).
    pub fn push_item(&mut self, v: V) {
        self.data.push(v);
    }

    /// Closes the list built by [`Self::push_item`] since the last list and returns its key.
    pub fn close_list(&mut self) -> K {
        self.offsets.push_end(self.data.len())
    }

    /// Every key, ascending.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = K> + ExactSizeIterator + Clone + use<K, V> {
        self.offsets.keys()
    }

    /// Every list, mutable, in key order (for sorting each list, perhaps in parallel).
    pub fn lists_mut(&mut self) -> Vec<&mut [V]> {
        let mut out = Vec::with_capacity(self.len());
        let mut rest: &mut [V] = &mut self.data;
        for k in self.offsets.keys() {
            let (list, tail) = std::mem::take(&mut rest).split_at_mut(self.offsets.len_of(k));
            out.push(list);
            rest = tail;
        }
        out
    }
}

impl<K: Idx, V: Clone + Default> Csr<K, V> {
    /// `n_keys` lists from `(key, item)` pairs; each list keeps the pairs' order (a stable
    /// counting sort). Keys at or above `n_keys` are dropped.
    pub fn from_pairs(n_keys: usize, pairs: Vec<(K, V)>) -> Self {
        let mut start = vec![0u32; n_keys + 1];
        for (k, _) in &pairs {
            if k.index() < n_keys {
                start[k.index() + 1] += 1;
            }
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut fill: Vec<u32> = start[..n_keys].to_vec();
        let mut data = vec![V::default(); start[n_keys] as usize];
        for (k, v) in pairs {
            if k.index() < n_keys {
                data[fill[k.index()] as usize] = v;
                fill[k.index()] += 1;
            }
        }
        Csr { offsets: Offsets { start, _key: PhantomData }, data }
    }
}

impl<K: Idx, V> Index<K> for Csr<K, V> {
    type Output = [V];
    #[inline]
    fn index(&self, k: K) -> &[V] {
        self.get(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq)]
    struct K(u32);
    impl Idx for K {
        fn from_usize(i: usize) -> Self {
            K(i as u32)
        }
        fn index(self) -> usize {
            self.0 as usize
        }
    }

    #[test]
    fn csr_lists_by_key() {
        let mut c: Csr<K, char> = Csr::new();
        assert_eq!(c.push_list(['a', 'b']), K(0));
        assert_eq!(c.push_list([]), K(1));
        c.push_item('c');
        assert_eq!(c.close_list(), K(2));
        assert_eq!((c.len(), c.get(K(0)), c.get(K(1)), &c[K(2)]), (3, &['a', 'b'][..], &[][..], &['c'][..]));
        assert_eq!(c.range(K(2)), 2..3);
        assert_eq!(c.flat(), &['a', 'b', 'c']);
        assert_eq!(c.keys().collect::<Vec<_>>(), vec![K(0), K(1), K(2)]);
    }

    #[test]
    fn csr_from_pairs_is_a_stable_counting_sort() {
        // Key 2 gets 'x' then 'z' (input order), key 0 gets 'y', key 1 nothing; key 7 is dropped.
        let mut c = Csr::from_pairs(3, vec![(K(2), 'x'), (K(0), 'y'), (K(7), 'q'), (K(2), 'z'), (K(2), 'a')]);
        assert_eq!((c.get(K(0)), c.get(K(1)), c.get(K(2))), (&['y'][..], &[][..], &['x', 'z', 'a'][..]));
        c.lists_mut().iter_mut().for_each(|l| l.sort());
        assert_eq!(c.get(K(2)), &['a', 'x', 'z']);
        let empty: Csr<K, u8> = Csr::from_pairs(2, Vec::new());
        assert_eq!((empty.len(), empty.get(K(1))), (2, &[][..]));
    }

    #[test]
    fn idx_vec_and_offsets() {
        let mut v: IdxVec<K, u8> = IdxVec::filled(2, 7);
        assert_eq!(v.push(9), K(2));
        v[K(0)] = 1;
        assert_eq!((v[K(0)], v[K(2)], v.get(K(3))), (1, 9, None));
        assert_eq!(v.iter_enumerated().map(|(k, &x)| (k.0, x)).collect::<Vec<_>>(), vec![(0, 1), (1, 7), (2, 9)]);
        let mut o: Offsets<K> = Offsets::default();
        assert_eq!((o.len(), o.total()), (0, 0));
        o.push_end(3);
        o.push_end(3);
        o.push_end(5);
        assert_eq!((o.range(K(0)), o.range(K(1)), o.len_of(K(2)), o.total()), (0..3, 3..3, 2, 5));
    }
}
