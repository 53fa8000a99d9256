//! Batch kernels split into chunks that run on every core with the `parallel` feature (rayon),
//! or one after another without it (wasm32). Results do not depend on the split: kernels only
//! combine counts and flags, never float sums, so every build gives the same bits.

/// Elements per chunk: large enough that scheduling costs nothing, small enough to balance.
const CHUNK: usize = 1 << 16;

/// Maps each chunk of `data` with `map` and combines the results with `combine`.
pub(crate) fn fold_chunks<T, M, C>(data: &[f64], map: M, combine: C) -> T
where
    T: Send + Default,
    M: Fn(&[f64]) -> T + Sync + Send,
    C: Fn(T, T) -> T + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        data.par_chunks(CHUNK).map(map).reduce(T::default, combine)
    }
    #[cfg(not(feature = "parallel"))]
    {
        data.chunks(CHUNK).map(map).fold(T::default(), combine)
    }
}

/// Fills `out` chunk by chunk: `fill(start, chunk)` writes `out[start..start + chunk.len()]`
/// and returns a value; the values are combined with `combine`.
pub(crate) fn fill_chunks<T, F, C>(out: &mut [f64], fill: F, combine: C) -> T
where
    T: Send + Default,
    F: Fn(usize, &mut [f64]) -> T + Sync + Send,
    C: Fn(T, T) -> T + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        out.par_chunks_mut(CHUNK).enumerate().map(|(k, c)| fill(k * CHUNK, c)).reduce(T::default, combine)
    }
    #[cfg(not(feature = "parallel"))]
    {
        out.chunks_mut(CHUNK).enumerate().map(|(k, c)| fill(k * CHUNK, c)).fold(T::default(), combine)
    }
}
