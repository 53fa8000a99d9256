//! One sort of indices by a key for every module that ranks things (alternatives, criteria,
//! categories, p-values). The standard library's sort is compiled once per element type and
//! comparator, and every closure is a comparator of its own: a few KB of the WebAssembly module
//! each. Through this function they share one. (Slices of `f64` are sorted with
//! `sort_unstable_by(f64::total_cmp)`, likewise one copy: under `total_cmp` equal values have
//! the same bits, so a stable sort could not give another order.)

/// Sorts `order` (indices) by `key(i)` under `f64::total_cmp`, ascending or `descending`; ties
/// keep their order in `order` (the sort is stable).
pub(crate) fn by_key(order: &mut [usize], key: &dyn Fn(usize) -> f64, descending: bool) {
    order.sort_by(|&a, &b| if descending { key(b).total_cmp(&key(a)) } else { key(a).total_cmp(&key(b)) });
}
