//! The one tie rule of the tierings by value (customer pyramid, Curry, ABC), and the pass that
//! applies it.
//!
//! Customers are put in order of value, highest first, and customers of equal value in the order
//! of their index in the input. A tiering places cuts in that order: a cut after the `k`-th
//! customer. Tier `t` holds the customers between cut `t − 1` and cut `t`.

use crate::numerics::order_stats::Ranked;
use crate::numerics::parallel as par;

/// A cut after the `k`-th customer in the order, as a test on one customer's value and index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Cut {
    /// Customers with a value below this are beneath the cut.
    below: f64,
    /// When the cut falls inside a run of equal values: that value, and how many of the run
    /// (the first ones by index) stay above the cut.
    split: Option<(f64, usize)>,
}

impl Cut {
    /// The cut after `k` of `n` customers; `boundary` is the `k`-th largest value with its ties.
    pub(super) fn after(k: usize, n: usize, boundary: Option<Ranked>) -> Self {
        match boundary {
            _ if k >= n => Self { below: f64::NEG_INFINITY, split: None },
            Some(r) if k > 0 => {
                let above = k.saturating_sub(r.greater);
                Self { below: r.value, split: (above < r.equal).then_some((r.value, above)) }
            }
            _ => Self { below: f64::INFINITY, split: None },
        }
    }
}

/// Tier of every customer (0 = top) for cuts in order, written into `out`.
pub(super) fn assign_into(values: &[f64], cuts: &[Cut], out: &mut [u8]) {
    match cuts.len() {
        0..=4 => assign::<4>(values, cuts, out),
        5..=8 => assign::<8>(values, cuts, out),
        9..=16 => assign::<16>(values, cuts, out),
        _ => assign::<0>(values, cuts, out),
    }
}

/// [`assign_into`] with the thresholds padded to `M` (a fixed-length loop the compiler unrolls);
/// `M = 0` for many cuts, found by binary search.
fn assign<const M: usize>(values: &[f64], cuts: &[Cut], out: &mut [u8]) {
    let below: Vec<f64> = cuts.iter().map(|c| c.below).collect();
    // Padding at −inf: no value is below it.
    let mut fixed = [f64::NEG_INFINITY; M];
    fixed.iter_mut().zip(&below).for_each(|(f, &b)| *f = b);
    let beneath = |x: f64| -> u8 {
        if M > 0 { fixed.iter().map(|&b| u8::from(x < b)).sum() } else { below.partition_point(|&b| x < b) as u8 }
    };
    let splits: Vec<(f64, usize)> = cuts.iter().filter_map(|c| c.split).collect();
    if splits.is_empty() {
        par::zip_chunks_mut(values, out, |_, v, o| {
            for (o, &x) in o.iter_mut().zip(v) {
                *o = beneath(x);
            }
        });
        return;
    }
    // The rank of a tied customer among its equals needs the count of equals in earlier chunks.
    let per_chunk: Vec<Vec<usize>> =
        par::map_chunks(values, |c| splits.iter().map(|&(s, _)| c.iter().filter(|&&x| x == s).count()).collect());
    let mut starts = Vec::with_capacity(per_chunk.len());
    let mut acc = vec![0usize; splits.len()];
    for counts in &per_chunk {
        starts.push(acc.clone());
        acc.iter_mut().zip(counts).for_each(|(a, c)| *a += c);
    }
    par::zip_chunks_mut(values, out, |chunk, v, o| {
        let mut rank = starts.get(chunk).cloned().unwrap_or_default();
        for (o, &x) in o.iter_mut().zip(v) {
            let mut t = beneath(x);
            for (&(s, above), r) in splits.iter().zip(rank.iter_mut()) {
                if x == s {
                    t += u8::from(*r >= above);
                    *r += 1;
                }
            }
            *o = t;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_split_by_index() {
        // Values 5, 3, 3, 3, 1: a cut after 2 customers splits the run of 3s after its first.
        let v = [3.0, 5.0, 3.0, 1.0, 3.0];
        let cut = Cut::after(2, 5, Some(Ranked { value: 3.0, greater: 1, equal: 3 }));
        let mut out = [9u8; 5];
        assign_into(&v, &[cut], &mut out);
        assert_eq!(out, [0, 0, 1, 1, 1]);
    }

    #[test]
    fn cuts_at_the_ends() {
        let v = [2.0, 1.0];
        let mut out = [9u8; 2];
        assign_into(&v, &[Cut::after(0, 2, None), Cut::after(2, 2, None)], &mut out);
        assert_eq!(out, [1, 1]);
    }
}
