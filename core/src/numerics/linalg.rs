//! Small dense linear algebra for the fits: a symmetric positive-definite system solved by
//! Cholesky (Newton steps), and the inverse of such a matrix (covariances).

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
}
