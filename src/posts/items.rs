//! The listed items of a scan, kept as one list per file and read in one merged order.
//!
//! Joining the files' lists into one would need room for the joined list and the last
//! list at once: on the 1 GiB archive (178,979 items) that was 11 MB of the scan's heap
//! peak (heaptrack). Each list is sorted on its own instead, and [`Items::iter`] merges
//! them as it goes, ties taken from the earlier list, which is the order a stable sort of
//! the joined lists gives.

use super::{Item, ItemKind};
use jiff::civil::Date;
use std::cmp::Reverse;

/// Items, newest first (undated last) once sorted; ties keep archive order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Items {
    /// One list per file, in archive order.
    parts: Vec<Vec<Item>>,
    /// Each list is in order, so reading merges them; otherwise it chains them.
    sorted: bool,
}

/// What the order compares: newest first, undated last, then kind.
type Key = (Reverse<Option<Date>>, ItemKind);

fn key(item: &Item) -> Key {
    (Reverse(item.date), item.kind)
}

impl Items {
    /// One list, in the order given.
    pub fn from_vec(items: Vec<Item>) -> Items {
        Items {
            parts: vec![items],
            sorted: false,
        }
    }

    /// Adds an item at the end of the last list.
    pub fn push(&mut self, item: Item) {
        match self.parts.last_mut() {
            Some(last) => last.push(item),
            None => self.parts.push(vec![item]),
        }
        self.sorted = false;
    }

    /// Adds another file's lists after these. Sorted lists stay sorted: each file's
    /// collector sorts its own on its worker thread, so the main thread, which merges
    /// them, has nothing left to sort.
    pub fn append(&mut self, other: Items) {
        if other.is_empty() {
            return;
        }
        self.sorted = (self.sorted || self.parts.is_empty()) && other.sorted;
        self.parts
            .extend(other.parts.into_iter().filter(|p| !p.is_empty()));
    }

    /// Drops the lists' spare room: they are held until the report is written.
    pub fn shrink_to_fit(&mut self) {
        for part in &mut self.parts {
            part.shrink_to_fit();
        }
    }

    /// Orders the items newest first (undated last); ties keep archive order.
    pub fn sort(&mut self) {
        if self.sorted {
            return;
        }
        for part in &mut self.parts {
            // By a small key, not by comparing items: a stable sort of the items
            // themselves borrows a buffer of half of them, a cached-key sort only
            // (key, index) pairs.
            part.sort_by_cached_key(key);
        }
        self.sorted = true;
    }

    /// How many items there are.
    pub fn len(&self) -> usize {
        self.parts.iter().map(Vec::len).sum()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.parts.iter().all(Vec::is_empty)
    }

    /// The items in order: merged when sorted, else as added.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            heads: self.parts.iter().map(|p| p.iter().peekable()).collect(),
            merge: self.sorted,
            left: self.len(),
        }
    }

    /// The items in order, as one list, moved rather than copied.
    pub fn into_vec(self) -> Vec<Item> {
        if self.parts.len() <= 1 {
            return self.parts.into_iter().next().unwrap_or_default();
        }
        // Which list each item in order comes from, then the items taken in that order.
        let mut order = self.iter();
        let from: Vec<usize> =
            std::iter::from_fn(|| order.next_with_list().map(|(i, _)| i)).collect();
        let mut lists: Vec<_> = self.parts.into_iter().map(Vec::into_iter).collect();
        from.into_iter()
            .filter_map(|i| lists.get_mut(i)?.next())
            .collect()
    }
}

/// [`Items::iter`].
#[derive(Debug)]
pub struct Iter<'a> {
    heads: Vec<std::iter::Peekable<std::slice::Iter<'a, Item>>>,
    merge: bool,
    left: usize,
}

impl<'a> Iter<'a> {
    /// The next item and the index of the list it comes from.
    fn next_with_list(&mut self) -> Option<(usize, &'a Item)> {
        let mut best: Option<(usize, Key)> = None;
        for (i, head) in self.heads.iter_mut().enumerate() {
            let Some(item) = head.peek() else {
                continue;
            };
            if !self.merge {
                best = Some((i, key(item)));
                break;
            }
            let k = key(item);
            // Strictly smaller only: a tie goes to the earlier list.
            if best.as_ref().is_none_or(|(_, b)| k < *b) {
                best = Some((i, k));
            }
        }
        let (i, _) = best?;
        self.left = self.left.saturating_sub(1);
        Some((i, self.heads.get_mut(i)?.next()?))
    }
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Item;

    fn next(&mut self) -> Option<&'a Item> {
        self.next_with_list().map(|(_, item)| item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Items {
    type Item = &'a Item;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn item(kind: ItemKind, date: Option<Date>, excerpt: &str) -> Item {
        Item::sample(kind, date, excerpt)
    }

    /// xorshift, so the lists are varied but the same on every run.
    fn lists(seed: u64) -> Vec<Vec<Item>> {
        let mut x = seed;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let kinds = [ItemKind::Post, ItemKind::Comment, ItemKind::Vote];
        (0..1 + next() % 5)
            .map(|p| {
                (0..next() % 40)
                    .map(|n| {
                        let day = i8::try_from(1 + next() % 5).unwrap();
                        let when = (next() % 6 != 0).then(|| date(2024, 1, day));
                        let kind = kinds[usize::try_from(next() % 3).unwrap()];
                        item(kind, when, &format!("{p}.{n}"))
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn merged_lists_read_as_a_stable_sort_of_the_joined_lists() {
        for seed in 1..200u64 {
            let parts = lists(seed);
            let mut joined: Vec<Item> = parts.iter().flatten().cloned().collect();
            joined.sort_by_key(key);
            let mut items = Items::default();
            for part in parts {
                items.append(Items::from_vec(part));
            }
            items.sort();
            let order: Vec<&str> = items.iter().map(|i| &*i.excerpt).collect();
            let want: Vec<&str> = joined.iter().map(|i| &*i.excerpt).collect();
            assert_eq!(order, want, "seed {seed}");
            assert_eq!(items.iter().len(), want.len());
            assert_eq!(items.clone().into_vec().len(), want.len());
            let moved: Vec<String> = items
                .clone()
                .into_vec()
                .iter()
                .map(|i| i.excerpt.to_string())
                .collect();
            assert_eq!(moved, want, "into_vec keeps the merged order");
        }
    }

    #[test]
    fn unsorted_lists_read_as_added() {
        let mut items = Items::from_vec(vec![item(ItemKind::Post, None, "a")]);
        items.append(Items::from_vec(vec![item(
            ItemKind::Post,
            Some(date(2024, 1, 1)),
            "b",
        )]));
        items.push(item(ItemKind::Vote, None, "c"));
        let order: Vec<&str> = items.iter().map(|i| &*i.excerpt).collect();
        assert_eq!(order, ["a", "b", "c"]);
    }
}
