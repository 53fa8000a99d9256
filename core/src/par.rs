//! Chunked loops over large arrays, run on all cores with the `parallel` feature and one after
//! the other without it.
//!
//! Every loop cuts its input into chunks of the same fixed size ([`CHUNK`]) whatever the number
//! of threads, and results per chunk are combined in chunk order. Floating-point sums therefore
//! come out bit-for-bit the same with or without the feature, on any machine (and in WASM).

#[cfg(feature = "parallel")]
use rayon::prelude::*;

/// Elements per chunk: large enough to amortise scheduling, small enough to balance two or
/// more cores on a few million elements.
pub(crate) const CHUNK: usize = 1 << 16;

/// `f` on every chunk of `values`, results in chunk order.
pub(crate) fn map_chunks<E, R, F>(values: &[E], f: F) -> Vec<R>
where
    E: Sync,
    R: Send,
    F: Fn(&[E]) -> R + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        values.par_chunks(CHUNK).map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        values.chunks(CHUNK).map(f).collect()
    }
}

/// `f(offset, chunk)` on every chunk of `values`, `offset` being the index of the chunk's first
/// element; results in chunk order.
pub(crate) fn map_chunks_at<E, R, F>(values: &[E], f: F) -> Vec<R>
where
    E: Sync,
    R: Send,
    F: Fn(usize, &[E]) -> R + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        values.par_chunks(CHUNK).enumerate().map(|(i, c)| f(i * CHUNK, c)).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        values.chunks(CHUNK).enumerate().map(|(i, c)| f(i * CHUNK, c)).collect()
    }
}

/// `f(chunk_index, input_chunk, output_chunk)` on matching chunks of `values` and `out` (which
/// have the same length; a shorter one limits the loop), results in chunk order.
pub(crate) fn zip_chunks_mut<E, T, R, F>(values: &[E], out: &mut [T], f: F) -> Vec<R>
where
    E: Sync,
    T: Send,
    R: Send,
    F: Fn(usize, &[E], &mut [T]) -> R + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        values.par_chunks(CHUNK).zip(out.par_chunks_mut(CHUNK)).enumerate().map(|(i, (v, o))| f(i, v, o)).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        values.chunks(CHUNK).zip(out.chunks_mut(CHUNK)).enumerate().map(|(i, (v, o))| f(i, v, o)).collect()
    }
}

/// As [`zip_chunks_mut`] with two inputs of the same length.
pub(crate) fn zip2_chunks_mut<A, B, T, R, F>(a: &[A], b: &[B], out: &mut [T], f: F) -> Vec<R>
where
    A: Sync,
    B: Sync,
    T: Send,
    R: Send,
    F: Fn(&[A], &[B], &mut [T]) -> R + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        a.par_chunks(CHUNK)
            .zip(b.par_chunks(CHUNK))
            .zip(out.par_chunks_mut(CHUNK))
            .map(|((a, b), o)| f(a, b, o))
            .collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        a.chunks(CHUNK).zip(b.chunks(CHUNK)).zip(out.chunks_mut(CHUNK)).map(|((a, b), o)| f(a, b, o)).collect()
    }
}

/// `f` on matching chunks of two inputs of the same length, results in chunk order.
pub(crate) fn map2_chunks<A, B, R, F>(a: &[A], b: &[B], f: F) -> Vec<R>
where
    A: Sync,
    B: Sync,
    R: Send,
    F: Fn(&[A], &[B]) -> R + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        a.par_chunks(CHUNK).zip(b.par_chunks(CHUNK)).map(|(a, b)| f(a, b)).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        a.chunks(CHUNK).zip(b.chunks(CHUNK)).map(|(a, b)| f(a, b)).collect()
    }
}

/// The index of the first element failing `ok`. Each chunk is tested branch-free first (which
/// vectorises), and only a failing chunk is searched element by element.
pub(crate) fn first_failing<E, F>(values: &[E], ok: F) -> Option<usize>
where
    E: Copy + Sync,
    F: Fn(E) -> bool + Sync + Send,
{
    let passed = map_chunks(values, |c| c.iter().fold(true, |all, &x| all & ok(x)));
    let chunk = passed.iter().position(|p| !p)?;
    let start = chunk * CHUNK;
    values.get(start..).and_then(|rest| rest.iter().position(|&x| !ok(x))).map(|i| start + i)
}

/// Sorts `keys` ascending (in parallel with the feature). Equal keys are indistinguishable, so
/// the result does not depend on the algorithm.
pub(crate) fn sort_keys(keys: &mut [u64]) {
    #[cfg(feature = "parallel")]
    {
        keys.par_sort_unstable();
    }
    #[cfg(not(feature = "parallel"))]
    {
        keys.sort_unstable();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_failing_finds_the_first_across_chunks() {
        let mut v = vec![1.0f64; 3 * CHUNK + 5];
        assert_eq!(first_failing(&v, |x: f64| x > 0.0), None);
        v[2 * CHUNK + 3] = -1.0;
        v[3 * CHUNK + 1] = -1.0;
        assert_eq!(first_failing(&v, |x: f64| x > 0.0), Some(2 * CHUNK + 3));
        assert_eq!(first_failing::<f64, _>(&[], |x| x > 0.0), None);
    }

    #[test]
    fn chunks_come_back_in_order() {
        let v: Vec<f64> = (0..(2 * CHUNK + 7)).map(|i| i as f64).collect();
        let firsts = map_chunks(&v, |c| c[0]);
        assert_eq!(firsts, vec![0.0, CHUNK as f64, (2 * CHUNK) as f64]);
        let mut out = vec![0usize; v.len()];
        let lens = zip_chunks_mut(&v, &mut out, |i, c, o| {
            o.iter_mut().zip(c).for_each(|(o, &x)| *o = i + x as usize);
            c.len()
        });
        assert_eq!(lens, vec![CHUNK, CHUNK, 7]);
        assert_eq!(out[CHUNK], 1 + CHUNK);
    }
}
