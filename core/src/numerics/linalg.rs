//! Small dense linear algebra for the fits: a symmetric positive-definite system solved by
//! Cholesky (Newton steps), and the inverse of such a matrix (covariances); for key drivers, the
//! same Cholesky on a matrix whose size is known only at run time (correlation matrices of up
//! to 15 drivers) and a cyclic Jacobi eigendecomposition of a small symmetric matrix.
//!
//! Hand-written rather than from a linear-algebra crate on purpose: the matrices are at most
//! 15 × 15, the algorithms are a few dozen lines, and a crate such as nalgebra would add to the
//! `.wasm`, which has a size budget. Only `+ − × ÷` and `sqrt` (correctly rounded everywhere), so
//! the bits are the same on every target.

/// Solves `h x = g` for a symmetric positive-definite `h` by Cholesky; `None` if it is not.
#[allow(clippy::needless_range_loop)] // matrix index notation reads as the textbook algorithm
pub(crate) fn cholesky_solve<const N: usize>(h: &[[f64; N]; N], g: &[f64; N]) -> Option<[f64; N]> {
    let mut l = [[0.0; N]; N];
    for i in 0..N {
        for j in 0..=i {
            let mut s = h[i][j];
            for k in 0..j {
                s -= l[i][k] * l[j][k];
            }
            if i == j {
                if !(s > 0.0 && s.is_finite()) {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    let mut y = [0.0; N];
    for i in 0..N {
        let mut s = g[i];
        for k in 0..i {
            s -= l[i][k] * y[k];
        }
        y[i] = s / l[i][i];
    }
    let mut x = [0.0; N];
    for i in (0..N).rev() {
        let mut s = y[i];
        for k in i + 1..N {
            s -= l[k][i] * x[k];
        }
        x[i] = s / l[i][i];
    }
    Some(x)
}

/// The inverse of a symmetric positive-definite matrix, or `None`.
#[allow(clippy::needless_range_loop)] // matrix index notation
pub(crate) fn spd_inverse<const N: usize>(h: &[[f64; N]; N]) -> Option<[[f64; N]; N]> {
    let mut inv = [[0.0; N]; N];
    for j in 0..N {
        let mut e = [0.0; N];
        e[j] = 1.0;
        let col = cholesky_solve(h, &e)?;
        for i in 0..N {
            inv[i][j] = col[i];
        }
    }
    Some(inv)
}

/// The lower Cholesky factor `L` (row-major, `k × k`) of the symmetric matrix `a`, or
/// `Err((j, pivot))` naming the first row whose pivot is not above `tol` (`a` is singular or close
/// to it there: the `j`-th variable is, to within `tol`, a linear combination of those before it
/// when `a` is a correlation matrix, whose pivots are 1 − R² of each variable on the ones before
/// it).
#[allow(clippy::needless_range_loop)] // matrix index notation
pub(crate) fn cholesky_dyn(a: &[f64], k: usize, tol: f64) -> Result<Vec<f64>, (usize, f64)> {
    let mut l = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..=i {
            let mut s = a[i * k + j];
            for m in 0..j {
                s -= l[i * k + m] * l[j * k + m];
            }
            if i == j {
                if !(s > tol && s.is_finite()) {
                    return Err((i, s));
                }
                l[i * k + i] = s.sqrt();
            } else {
                l[i * k + j] = s / l[j * k + j];
            }
        }
    }
    Ok(l)
}

/// Solves `L z = b` for the lower-triangular `L` of [`cholesky_dyn`].
pub(crate) fn forward_solve(l: &[f64], k: usize, b: &[f64]) -> Vec<f64> {
    let mut z = vec![0.0; k];
    for i in 0..k {
        let mut s = b[i];
        for m in 0..i {
            s -= l[i * k + m] * z[m];
        }
        z[i] = s / l[i * k + i];
    }
    z
}

/// Solves `L Lᵀ x = b` given the `L` of [`cholesky_dyn`].
pub(crate) fn cholesky_solve_dyn(l: &[f64], k: usize, b: &[f64]) -> Vec<f64> {
    let z = forward_solve(l, k, b);
    let mut x = vec![0.0; k];
    for i in (0..k).rev() {
        let mut s = z[i];
        for m in i + 1..k {
            s -= l[m * k + i] * x[m];
        }
        x[i] = s / l[i * k + i];
    }
    x
}

/// Eigenvalues and eigenvectors of the symmetric `k × k` matrix `a` (row-major) by the cyclic
/// Jacobi method (Golub & Van Loan, *Matrix Computations*, 4th ed., §8.5): sweeps of plane
/// rotations that zero each off-diagonal element in turn, until the off-diagonal mass is below
/// `1e-30` of the total or 100 sweeps (quadratic convergence: a 15 × 15 matrix takes under ten).
/// Returns `(values, vectors)` with `vectors` row-major and eigenvector `m` in column `m`.
pub(crate) fn jacobi_eigen(a: &[f64], k: usize) -> (Vec<f64>, Vec<f64>) {
    let mut a = a.to_vec();
    let mut v = vec![0.0; k * k];
    for i in 0..k {
        v[i * k + i] = 1.0;
    }
    let total: f64 = a.iter().map(|x| x * x).sum();
    for _sweep in 0..100 {
        let mut off = 0.0;
        for p in 0..k {
            for q in p + 1..k {
                off += a[p * k + q] * a[p * k + q];
            }
        }
        if off <= 1e-30 * total || off == 0.0 {
            break;
        }
        for p in 0..k {
            for q in p + 1..k {
                let apq = a[p * k + q];
                if apq == 0.0 {
                    continue;
                }
                // The rotation that zeroes a[p][q]: tan of its angle t, the smaller root of
                // t² + 2θt − 1 = 0 with θ = (a_qq − a_pp) / (2 a_pq).
                let theta = (a[q * k + q] - a[p * k + p]) / (2.0 * apq);
                let t = if theta.is_finite() {
                    let r = 1.0 / (theta.abs() + (theta * theta + 1.0).sqrt());
                    if theta < 0.0 { -r } else { r }
                } else {
                    // θ overflowed: a_pq is negligible against the diagonal gap.
                    0.5 / theta
                };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for m in 0..k {
                    let (amp, amq) = (a[m * k + p], a[m * k + q]);
                    a[m * k + p] = c * amp - s * amq;
                    a[m * k + q] = s * amp + c * amq;
                }
                for m in 0..k {
                    let (apm, aqm) = (a[p * k + m], a[q * k + m]);
                    a[p * k + m] = c * apm - s * aqm;
                    a[q * k + m] = s * apm + c * aqm;
                }
                for m in 0..k {
                    let (vmp, vmq) = (v[m * k + p], v[m * k + q]);
                    v[m * k + p] = c * vmp - s * vmq;
                    v[m * k + q] = s * vmp + c * vmq;
                }
            }
        }
    }
    ((0..k).map(|i| a[i * k + i]).collect(), v)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn inverts_spd_and_refuses_indefinite() {
        let inv = spd_inverse(&[[4.0, 2.0], [2.0, 3.0]]).unwrap();
        let want = [[3.0 / 8.0, -2.0 / 8.0], [-2.0 / 8.0, 4.0 / 8.0]];
        for (x, y) in inv.iter().flatten().zip(want.iter().flatten()) {
            assert!((x - y).abs() < 1e-15);
        }
        assert!(spd_inverse(&[[1.0, 2.0], [2.0, 1.0]]).is_none());
        let x = cholesky_solve(&[[4.0, 2.0], [2.0, 3.0]], &[6.0, 5.0]).unwrap();
        assert!(x.iter().all(|v| (v - 1.0).abs() < 1e-15), "{x:?}");
    }

    #[test]
    fn jacobi_reconstructs_a_symmetric_matrix() {
        // A 4 × 4 with known eigenvalues would do; V Λ Vᵀ = A and Vᵀ V = I test any matrix.
        let k = 4;
        let a = [4.0, 1.0, 0.5, 0.2, 1.0, 3.0, 0.3, 0.1, 0.5, 0.3, 2.0, 0.7, 0.2, 0.1, 0.7, 1.0];
        let (w, v) = jacobi_eigen(&a, k);
        for i in 0..k {
            for j in 0..k {
                let back: f64 = (0..k).map(|m| v[i * k + m] * w[m] * v[j * k + m]).sum();
                let ortho: f64 = (0..k).map(|m| v[m * k + i] * v[m * k + j]).sum();
                assert!((back - a[i * k + j]).abs() < 1e-13, "{i} {j} {back}");
                assert!((ortho - f64::from(u8::from(i == j))).abs() < 1e-13);
            }
        }
        let trace: f64 = w.iter().sum();
        assert!((trace - 10.0).abs() < 1e-13);
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
        let (mut w, _) = jacobi_eigen(&[2.0, 1.0, 1.0, 2.0], 2);
        w.sort_by(f64::total_cmp);
        assert!((w[0] - 1.0).abs() < 1e-15 && (w[1] - 3.0).abs() < 1e-15, "{w:?}");
    }

    #[test]
    fn dynamic_cholesky_solves_and_names_the_singular_row() {
        let l = cholesky_dyn(&[4.0, 2.0, 2.0, 3.0], 2, 0.0).unwrap();
        let x = cholesky_solve_dyn(&l, 2, &[6.0, 5.0]);
        assert!(x.iter().all(|v| (v - 1.0).abs() < 1e-15), "{x:?}");
        // The third row is the sum of the first two.
        let a = [1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 2.0];
        let (j, pivot) = cholesky_dyn(&a, 3, 1e-12).unwrap_err();
        assert_eq!(j, 2);
        assert!(pivot.abs() < 1e-15, "{pivot}");
    }
}
