"""Writes the "key drivers ..." cases of golden.json: relative weights and Shapley (LMG) shares
of R², and their bootstrap percentile intervals. The reference values are an independent
computation that does not call custometrics, and for one sample a published worked example:

- relative weights by Johnson's (2000) formulas written out with numpy: R = V diag(w) V^T by
  numpy.linalg.eigh, Lambda = V diag(sqrt w) V^T, beta = Lambda^-1 r_xy, weight_j =
  sum_k Lambda_jk^2 beta_k^2 (custometrics uses its own Jacobi eigendecomposition and beta = Lambda b);
- Shapley values by their definition (Lindeman, Merenda & Gold 1980; Groemping 2006): for every
  one of the p! orders of the attributes, the R² each attribute adds when it enters, from
  least-squares fits on the raw ratings with an intercept (numpy.linalg.lstsq), averaged over the
  orders (custometrics sums over the 2^p subsets with weights, on correlations).

The two agree on R² (asserted below).

The published example is the README of the R package rwa (github.com/martinctc/rwa, "Basic
example"): rwa() on R's mtcars (Henderson & Velleman 1981, from Motor Trend 1974), outcome mpg,
predictors cyl, disp, hp, gear, prints rsquare 0.7791896, Raw.RelWeight 0.2284797, 0.2221469,
0.2321744, 0.0963886 and Rescaled.RelWeight 29.32274, 28.50999, 29.79691, 12.37037 (n = 32). The
case states the printed values with atol 5e-8 (half a unit of their 7th decimal); the script
asserts that its own relative weights round to them, so it fails if either drifts. The Shapley
case on the same data has no published value: numpy's, with an R² asserted against the README's.

The bootstrap cases need the indices custometrics draws. custometrics resamples with rand 0.10.4's
ChaCha8Rng (chacha20 0.10.2) seeded by SeedableRng::seed_from_u64 (rand_core 0.10.1) and
random_range(0..n) on u64 (rand 0.10.4's UniformInt, Canon's method), so this script writes that
stream again from the algorithms' descriptions in pure Python ints (chacha8_stream and below),
checks its ChaCha block against published test vectors, and computes each resample's shares with
the numpy functions above and the percentiles by the type-7 rule (linear interpolation between
order statistics).

Run it in a throwaway virtual environment (it is not part of the test suite):

    python3 -m venv /tmp/ref && /tmp/ref/bin/pip install numpy
    /tmp/ref/bin/python core/tests/data/generate_golden_key_drivers.py

It replaces every case whose name starts with "key drivers " and keeps the others. Written with
numpy 2.4.
"""

import itertools
import json
import math
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden.json"


def r2(y, x, cols):
    """R² of the least-squares fit of y on the columns `cols` of x, with an intercept."""
    a = np.column_stack([np.ones(len(y))] + [x[:, c] for c in cols])
    coef, *_ = np.linalg.lstsq(a, y, rcond=None)
    resid = y - a @ coef
    return 1.0 - resid @ resid / ((y - y.mean()) @ (y - y.mean()))


def shapley(y, x):
    p = x.shape[1]
    cache = {(): 0.0}

    def fit(s):
        s = tuple(sorted(s))
        if s not in cache:
            cache[s] = r2(y, x, s)
        return cache[s]

    total = np.zeros(p)
    for order in itertools.permutations(range(p)):
        for i, j in enumerate(order):
            total[j] += fit(order[: i + 1]) - fit(order[:i])
    return total / math.factorial(p), fit(range(p))


def relative_weights_eigh(y, x):
    c = np.corrcoef(np.column_stack([y, x]), rowvar=False)
    rxx, rxy = c[1:, 1:], c[1:, 0]
    w, v = np.linalg.eigh(rxx)
    lam = v @ np.diag(np.sqrt(w)) @ v.T
    beta = np.linalg.solve(lam, rxy)
    return (lam**2) @ (beta**2)


def survey(seed, n, p):
    """Integer ratings 1..10 of p correlated attributes and an overall rating driven by them."""
    rng = np.random.default_rng(seed)
    common = rng.normal(size=n)
    x = np.column_stack([0.8 * common * (j + 1) / p + rng.normal(size=n) for j in range(p)])
    y = x @ np.linspace(1.0, 0.2, p) + rng.normal(size=n)
    to_scale = lambda v: np.clip(np.round(5.5 + 2.0 * (v - v.mean()) / v.std()), 1, 10)
    return to_scale(y), np.column_stack([to_scale(x[:, j]) for j in range(p)])


# --- The random stream of custometrics' bootstrap, written again in pure Python ints -------------
#
# custometrics' key_drivers bootstrap draws `rng.random_range(0..n)` (n: u64) from
# `ChaCha8Rng::seed_from_u64(seed)` for every row of every resample. What that is, as read in the
# crates' sources (rand 0.10.4, rand_core 0.10.1, chacha20 0.10.2; the crate versions of
# Cargo.lock) and written here from that reading:
#
# - seed_from_u64 (rand_core 0.10.1, the trait's default, which ChaCha8Rng keeps): the 32-byte key
#   is 8 outputs of a PCG32 step (O'Neill 2014, XSH-RR output) on a 64-bit state starting at the
#   seed: state <- state * 6364136223846793005 + 0xA17654E46FBE17F3 (mod 2^64), advanced before
#   each output; output = rotr32(((state >> 18) ^ state) >> 27 (low 32 bits), state >> 59), each
#   written as 4 little-endian bytes, so key word i is output i.
# - ChaCha8Rng (chacha20 0.10.2, the "legacy" djb layout): words 0-3 the constants of
#   "expand 32-byte k", 4-11 the key (little-endian words), 12-13 a 64-bit block counter (low word
#   first) from 0, 14-15 the 64-bit stream id (0 for seed_from_u64); a block is 4 double rounds
#   (column then diagonal quarter rounds, Bernstein 2008) and the input added word by word.
# - The words leave in block order (the counter counts up by one per block; the generator fills
#   a buffer of 4 blocks at a time, which does not change the order), each block's words 0..15
#   in turn; next_u64 takes the next two words of that sequence, the first as the low half
#   (also across a buffer refill).
# - random_range(0..n) on u64 (rand 0.10.4, UniformInt<u64>::sample_single, which draws
#   0..=n-1 by sample_single_inclusive; without the crate's "unbiased" feature, which the
#   workspace does not enable): what rand's uniform_int.rs calls Canon's method (after Stephen
#   Canon), biased variant, the bias affecting at most 1 draw in 2^64: x = next_u64(), hi:lo =
#   x * n as a 128-bit product (the widening multiply of Lemire 2019); if lo > 2^64 - n, one more
#   draw x2 = next_u64(), and hi + 1 when lo + high64(x2 * n) overflows 2^64 (no rejection
#   loop). The index is hi.

M32 = 0xFFFFFFFF
M64 = 0xFFFFFFFFFFFFFFFF
SIGMA = (0x61707865, 0x3320646E, 0x79622D32, 0x6B206574)  # "expand 32-byte k", little-endian words


def _rotl(v, c):
    return ((v << c) & M32) | (v >> (32 - c))


def chacha_block(state, rounds):
    """The ChaCha block function: `rounds` rounds (8, 12, 20) on 16 words, plus the input."""
    x = list(state)

    def quarter(a, b, c, d):
        x[a] = (x[a] + x[b]) & M32
        x[d] = _rotl(x[d] ^ x[a], 16)
        x[c] = (x[c] + x[d]) & M32
        x[b] = _rotl(x[b] ^ x[c], 12)
        x[a] = (x[a] + x[b]) & M32
        x[d] = _rotl(x[d] ^ x[a], 8)
        x[c] = (x[c] + x[d]) & M32
        x[b] = _rotl(x[b] ^ x[c], 7)

    for _ in range(rounds // 2):
        quarter(0, 4, 8, 12)
        quarter(1, 5, 9, 13)
        quarter(2, 6, 10, 14)
        quarter(3, 7, 11, 15)
        quarter(0, 5, 10, 15)
        quarter(1, 6, 11, 12)
        quarter(2, 7, 8, 13)
        quarter(3, 4, 9, 14)
    return [(a + b) & M32 for a, b in zip(x, state)]


def key_words(key: bytes):
    return [int.from_bytes(key[4 * i:4 * i + 4], "little") for i in range(8)]


class ChaChaStream:
    """The word stream of chacha20's ChaChaNRng: key words, 64-bit counter from `block`, stream id."""

    def __init__(self, key, rounds=8, stream=0, block=0):
        self.key, self.rounds, self.stream, self.block = list(key), rounds, stream, block
        self.words, self.at = [], 0

    def next_u32(self):
        if self.at == len(self.words):
            c, s = self.block, self.stream
            state = [*SIGMA, *self.key, c & M32, c >> 32, s & M32, s >> 32]
            self.words, self.at, self.block = chacha_block(state, self.rounds), 0, (c + 1) & M64
        self.at += 1
        return self.words[self.at - 1]

    def next_u64(self):
        lo = self.next_u32()
        return lo | self.next_u32() << 32


def pcg32_key(seed):
    """rand_core 0.10.1's seed_from_u64 expansion of a u64 into 8 key words (PCG32, XSH-RR)."""
    state, words = seed & M64, []
    for _ in range(8):
        state = (state * 6364136223846793005 + 0xA17654E46FBE17F3) & M64
        xorshifted = (((state >> 18) ^ state) >> 27) & M32
        rot = state >> 59
        words.append(((xorshifted >> rot) | (xorshifted << ((32 - rot) & 31))) & M32)
    return words


def chacha8_stream(seed):
    """ChaCha8Rng::seed_from_u64(seed)."""
    return ChaChaStream(pcg32_key(seed), rounds=8)


def random_below(rng, n):
    """rand 0.10.4's random_range(0..n) on u64: Canon's method, biased variant (see above)."""
    product = rng.next_u64() * n
    hi, lo = product >> 64, product & M64
    if lo > (-n) & M64:  # lo within n of 2^64: one more draw decides whether hi carries
        hi += lo + (rng.next_u64() * n >> 64) > M64
    return hi


def _words(hex_bytes):
    b = bytes.fromhex(hex_bytes.replace(" ", ""))
    return [int.from_bytes(b[i:i + 4], "little") for i in range(0, len(b), 4)]


def check_chacha():
    """Published known answers for the block function and the stream layout (asserts)."""
    # RFC 7539 (= RFC 8439) section 2.3.2: the 20-round block of key 00..1f with the IETF layout
    # (32-bit counter 1 in word 12, nonce 00000009 0000004a 00000000 in words 13-15), its state
    # after the rounds and the addition as the RFC lists it.
    key = key_words(bytes(range(32)))
    got = chacha_block([*SIGMA, *key, 1, 0x09000000, 0x4A000000, 0], 20)
    assert got == [0xE4E7F110, 0x15593BD1, 0x1FDD0F50, 0xC47120A3, 0xC7F4D1C7, 0x0368C033, 0x9AAA2204,
                   0x4E6CD4C3, 0x466482D2, 0x09AA9F07, 0x05D7C214, 0xA2028BD9, 0xD19C12B5, 0xB94E16DE,
                   0xE883D0CB, 0x4E3C50A2], "RFC 7539 2.3.2"
    # The same block through the djb layout of the RNG: chacha20 0.10.2 tests/rng.rs
    # test_chacha_nonce sets the stream to 0x4a000000 and the block to 0x0900000000000000, skips
    # one block and expects these words (64-bit counter in words 12-13, stream in 14-15).
    rng = ChaChaStream(key, rounds=20, stream=0x4A000000, block=0x0900000000000000)
    for _ in range(16):
        rng.next_u32()
    assert [rng.next_u32() for _ in range(16)] == got, "chacha20 test_chacha_nonce"
    # chacha20 0.10.2 tests/rng.rs test_chacha_true_values_a (draft-nir-cfrg-chacha20-poly1305-04
    # vectors 1 and 2): ChaCha20Rng::from_seed([0; 32]), the first two blocks as u32 words.
    rng = ChaChaStream([0] * 8, rounds=20)
    assert [rng.next_u32() for _ in range(32)] == [
        0xade0b876, 0x903df1a0, 0xe56a5d40, 0x28bd8653, 0xb819d2bd, 0x1aed8da0, 0xccef36a8, 0xc70d778b,
        0x7c5941da, 0x8d485751, 0x3fe02477, 0x374ad8b8, 0xf4b8436a, 0x1ca11815, 0x69b687c3, 0x8665eeb2,
        0xbee7079f, 0x7a385155, 0x7c97ba98, 0x0d082d73, 0xa0290fcb, 0x6965e348, 0x3e53c612, 0xed7aee32,
        0x7621b729, 0x434ee69c, 0xb03371d5, 0xd539d874, 0x281fed31, 0x45fb0a51, 0x1f0ae1ac, 0x6f4d794b,
    ], "chacha20 test_chacha_true_values_a"
    # ChaCha with 8 rounds (and 12): Strombergson, "Test Vectors for the Stream Cipher ChaCha",
    # draft-strombergson-chacha-test-vectors-01 (2013), 256-bit keys and 64-bit IVs (the IV is the
    # stream id, little-endian, as rand's own StdRng tests of TC3 use it), keystream bytes as
    # printed there (and in GNU Nettle's testsuite/chacha-test.c). TC1 spans two blocks.
    tcs = [
        ("TC1", "00" * 32, "00" * 8, 8,
         ("3e00ef2f895f40d67f5bb8e81f09a5a12c840ec3ce9a7f3b181be188ef711a1e"
          "984ce172b9216f419f445367456d5619314a42a3da86b001387bfdb80e0cfe42"
          "d2aefa0deaa5c151bf0adb6c01f2a5adc0fd581259f9a2aadcf20f8fd566a26b"
          "5032ec38bbc5da98ee0c6f568b872a65a08abf251deb21bb4b56e5d8821e68aa")),
        ("TC1", "00" * 32, "00" * 8, 12,
         ("9bf49a6a0755f953811fce125f2683d50429c3bb49e074147e0089a52eae155f"
          "0564f879d27ae3c02ce82834acfa8c793a629f2ca0de6919610be82f411326be")),
        ("TC2", "01" + "00" * 31, "00" * 8, 8,
         ("cf5ee9a0494aa9613e05d5ed725b804b12f4a465ee635acc3a311de8740489ea"
          "289d04f43c7518db56eb4433e498a1238cd8464d3763ddbb9222ee3bd8fae3c8")),
        ("TC3", "00" * 32, "01" + "00" * 7, 8,
         ("2b8f4bb3798306ca5130d47c4f8d4ed13aa0edccc1be6942090faeeca0d7599b"
          "7ff0fe616bb25aa0153ad6fdc88b954903c22426d478b97b22b8f9b1db00cf06")),
        ("TC4", "ff" * 32, "ff" * 8, 8,
         ("e163bbf8c9a739d18925ee8362dad2cdc973df05225afb2aa26396f2a9849a4a"
          "445e0547d31c1623c537df4ba85c70a9884a35bcbf3dfab077e98b0f68135f54")),
        ("TC7", "00112233445566778899aabbccddeeffffeeddccbbaa99887766554433221100", "0f1e2d3c4b5a6978", 8,
         ("db43ad9d1e842d1272e4530e276b3f568f8859b3f7cf6d9d2c74fa53808cb515"
          "7a8ebf46ad3dcc4b6c7dadde131784b0120e0e22f6d5f9ffa7407d4a21b695d9")),
        ("TC8", "c46ec1b18ce8a878725a37e780dfb7351f68ed2e194c79fbc6aebee1a667975d", "1ada31d5cf688221", 8,
         ("838751b42d8ddd8a3d77f48825a2ba752cf4047cb308a5978ef274973be374c9"
          "6ad848065871417b08f034e681fe46a93f7d5c61d1306614d4aaf257a7cff08b")),
    ]
    for name, k, iv, rounds, stream in tcs:
        rng = ChaChaStream(key_words(bytes.fromhex(k)), rounds, int.from_bytes(bytes.fromhex(iv), "little"))
        want = _words(stream)
        assert [rng.next_u32() for _ in want] == want, f"Strombergson {name}, {rounds} rounds"
    # next_u64 pairs the words low half first.
    rng, words = ChaChaStream([0] * 8, rounds=8), _words(tcs[0][4])
    assert [rng.next_u64() for _ in range(16)] == [words[i] | words[i + 1] << 32 for i in range(0, 32, 2)]
    # Canon's method by its definition, on a stream of chosen words: hi of x * n, and the carry
    # of the second draw when lo is within n of 2^64.

    class Fixed:
        def __init__(self, xs):
            self.xs = iter(xs)

        def next_u64(self):
            return next(self.xs)

    assert random_below(Fixed([M64]), 30) == 29
    assert random_below(Fixed([1 << 63]), 30) == 15
    x = (M64 // 30) + 1  # x * 30 = 2^64 + 30 - 2^64 mod 30: lo small, no second draw
    assert random_below(Fixed([x]), 30) == 1
    # x * 30 = -2 (mod 2^64), so lo = 2^64 - 2 > 2^64 - 30: a second draw, whose high part (29
    # for M64, 0 for 0) carries lo over 2^64 or not
    lo_big = (-pow(15, -1, 1 << 63)) % (1 << 63)
    assert lo_big * 30 & M64 == M64 - 1
    assert random_below(Fixed([lo_big, M64]), 30) == (lo_big * 30 >> 64) + 1
    assert random_below(Fixed([lo_big, 0]), 30) == lo_big * 30 >> 64


def quantile7(sorted_draws, prob):
    """Hyndman & Fan (1996) type 7: linear interpolation between the order statistics at
    h = (m - 1) prob, as custometrics' equal_tailed takes them."""
    h = (len(sorted_draws) - 1) * prob
    lo = math.floor(h)
    hi = min(lo + 1, len(sorted_draws) - 1)
    return sorted_draws[lo] + (h - lo) * (sorted_draws[hi] - sorted_draws[lo])


COLLINEAR = 1e-10  # custometrics refuses a Cholesky pivot (1 - R² on the drivers before) <= this


def degenerate(y, x):
    """Whether custometrics skips this resample: a constant overall rating or attribute, or an
    attribute whose 1 - R² on the attributes before it is at most COLLINEAR. Asserts that no
    pivot is near that threshold, where rounding could decide."""
    if np.all(y == y[0]) or any(np.all(x[:, j] == x[0, j]) for j in range(x.shape[1])):
        return True
    pivots = np.diag(np.linalg.cholesky(np.corrcoef(x, rowvar=False))) ** 2
    assert not np.any((pivots > 1e-13) & (pivots < 1e-7)), pivots
    return bool(np.any(pivots <= COLLINEAR))


def bootstrap(y, x, method, resamples, seed, confidence):
    """Percentile intervals of the shares over `resamples` resamples drawn as custometrics draws
    them, the skipped resamples left out; returns (ci_low, ci_high, skipped)."""
    n, p = x.shape
    rng = chacha8_stream(seed)
    draws, skipped = [], 0
    for _ in range(resamples):
        pick = [random_below(rng, n) for _ in range(n)]
        yb, xb = y[pick], x[pick]
        if degenerate(yb, xb):
            skipped += 1
            continue
        draws.append(relative_weights_eigh(yb, xb) if method == "relative_weights" else shapley(yb, xb)[0])
    alpha = 1.0 - confidence
    low, high = [], []
    for j in range(p):
        d = sorted(float(s[j]) for s in draws)
        low.append(quantile7(d, alpha / 2.0))
        high.append(quantile7(d, 1.0 - alpha / 2.0))
        assert abs(low[-1] - np.quantile(d, alpha / 2.0)) < 1e-15 and abs(high[-1] - np.quantile(d, 1 - alpha / 2.0)) < 1e-15
    return low, high, skipped


# R's mtcars (datasets package; Henderson & Velleman 1981, "Building multiple regression models
# interactively", Biometrics 37, from Motor Trend 1974), the columns rwa's README uses, as in
# plotnine 0.15.9's copy (plotnine/data/mtcars.csv in its wheel): name, mpg, cyl, disp, hp, gear.
MTCARS = [
    ('Mazda RX4', 21, 6, 160, 110, 4),
    ('Mazda RX4 Wag', 21, 6, 160, 110, 4),
    ('Datsun 710', 22.8, 4, 108, 93, 4),
    ('Hornet 4 Drive', 21.4, 6, 258, 110, 3),
    ('Hornet Sportabout', 18.7, 8, 360, 175, 3),
    ('Valiant', 18.1, 6, 225, 105, 3),
    ('Duster 360', 14.3, 8, 360, 245, 3),
    ('Merc 240D', 24.4, 4, 146.7, 62, 4),
    ('Merc 230', 22.8, 4, 140.8, 95, 4),
    ('Merc 280', 19.2, 6, 167.6, 123, 4),
    ('Merc 280C', 17.8, 6, 167.6, 123, 4),
    ('Merc 450SE', 16.4, 8, 275.8, 180, 3),
    ('Merc 450SL', 17.3, 8, 275.8, 180, 3),
    ('Merc 450SLC', 15.2, 8, 275.8, 180, 3),
    ('Cadillac Fleetwood', 10.4, 8, 472, 205, 3),
    ('Lincoln Continental', 10.4, 8, 460, 215, 3),
    ('Chrysler Imperial', 14.7, 8, 440, 230, 3),
    ('Fiat 128', 32.4, 4, 78.7, 66, 4),
    ('Honda Civic', 30.4, 4, 75.7, 52, 4),
    ('Toyota Corolla', 33.9, 4, 71.1, 65, 4),
    ('Toyota Corona', 21.5, 4, 120.1, 97, 3),
    ('Dodge Challenger', 15.5, 8, 318, 150, 3),
    ('AMC Javelin', 15.2, 8, 304, 150, 3),
    ('Camaro Z28', 13.3, 8, 350, 245, 3),
    ('Pontiac Firebird', 19.2, 8, 400, 175, 3),
    ('Fiat X1-9', 27.3, 4, 79, 66, 4),
    ('Porsche 914-2', 26, 4, 120.3, 91, 5),
    ('Lotus Europa', 30.4, 4, 95.1, 113, 5),
    ('Ford Pantera L', 15.8, 8, 351, 264, 5),
    ('Ferrari Dino', 19.7, 6, 145, 175, 5),
    ('Maserati Bora', 15, 8, 301, 335, 5),
    ('Volvo 142E', 21.4, 4, 121, 109, 4),
]
# rwa's README, "Basic example" (github.com/martinctc/rwa): rwa(mtcars, outcome = "mpg",
# predictors = c("cyl", "disp", "hp", "gear")), as printed (7 significant digits).
RWA_RSQUARE = 0.7791896
RWA_RAW = [0.2284797, 0.2221469, 0.2321744, 0.0963886]
RWA_RESCALED = [0.2932274, 0.2850999, 0.2979691, 0.1237037]  # Rescaled.RelWeight 29.32274 ... (%) / 100
PRINTED = 5e-8  # half a unit of the printed values' 7th decimal (of the percentages / 100)


def case(name, args, expected, source, **tol):
    return {"name": "key drivers " + name, "function": "satisfaction.key_drivers", "args": args,
            "expected": expected, "source": source, **tol}


def error(name, args, code, field, index):
    return {"name": "key drivers " + name, "function": "satisfaction.key_drivers", "args": args,
            "error": {"code": code, "field": field, "index": index}, "source": "input rule: " + name}


def main():
    """Writes the cases (importing this module, e.g. for its reference functions, writes nothing)."""
    cases = []
    SRC_RW = ("Johnson (2000), Multivariate Behavioral Research 35(1): relative weights by his formulas through "
              "numpy.linalg.eigh (independent computation). generate_golden_key_drivers.py.")
    SRC_SH = ("Shapley value (LMG; Groemping 2006, J. Stat. Software 17(1)) by its definition: R² added on entry averaged "
              "over all {} orders, each R² from numpy.linalg.lstsq on the raw ratings (independent computation). "
              "generate_golden_key_drivers.py.")
    for label, seed, n, p in [("4 attributes", 2000, 30, 4), ("6 attributes", 35, 60, 6)]:
        y, x = survey(seed, n, p)
        rw = relative_weights_eigh(y, x)
        sh, full = shapley(y, x)
        assert abs(sh.sum() - full) < 1e-12 and abs(rw.sum() - full) < 1e-12
        args = {"overall": y.tolist(), "attributes": x.tolist()}
        cases.append(case(f"relative weights {label}", {**args, "method": "relative_weights"},
                          {"importance": rw.tolist(), "r_squared": full, "rescaled": (rw / full).tolist(), "n": n,
                           "method": "relative_weights"}, SRC_RW, rtol=1e-10, atol=1e-13))
        cases.append(case(f"shapley {label}", {**args, "method": "shapley"},
                          {"importance": sh.tolist(), "r_squared": full, "n": n, "method": "shapley"},
                          SRC_SH.format(math.factorial(p)), rtol=1e-10, atol=1e-13))

    base_y = [3, 5, 4, 7, 8, 6]
    base_x = [[1, 2, 3], [2, 1, 5], [3, 4, 4], [4, 3, 7], [5, 6, 8], [6, 5, 6]]
    cases += [
        error("lengths differ", {"overall": base_y[:5], "attributes": base_x}, "length_mismatch", "overall", None),
        error("one attribute", {"overall": base_y, "attributes": [[r[0]] for r in base_x]}, "out_of_range",
              "attributes", None),
        error("no more respondents than attributes", {"overall": base_y[:3], "attributes": base_x[:3]}, "empty",
              "overall", None),
        error("NaN attribute", {"overall": base_y, "attributes": [r if i != 2 else [3, "NaN", 4]
                                                                  for i, r in enumerate(base_x)]},
              "not_finite", "attributes", 7),
        error("constant attribute", {"overall": base_y, "attributes": [[r[0], 4, r[2]] for r in base_x]},
              "division_by_zero", "attributes column", 1),
        error("constant overall", {"overall": [5] * 6, "attributes": base_x}, "division_by_zero", "overall", None),
        error("uncorrelated with the overall rating", {"overall": [1, 0, 0, 1],
                                                       "attributes": [[1, 1], [1, -1], [-1, 1], [-1, -1]]},
              "division_by_zero", "overall", None),
        error("collinear attribute", {"overall": base_y, "attributes": [[r[0], r[1], r[0] + 2 * r[1]] for r in base_x]},
              "invalid", "attributes column", 2),
        error("resamples below 100", {"overall": base_y, "attributes": base_x, "resamples": 99}, "out_of_range",
              "resamples", None),
        error("confidence 1", {"overall": base_y, "attributes": base_x, "resamples": 200, "confidence": 1.0},
              "out_of_range", "confidence", None),
    ]

    # Cases added later come after the first ones, which keep their place in golden.json.
    # The published example and the Shapley values of the same sample.
    y = np.array([float(r[1]) for r in MTCARS])
    x = np.array([[float(v) for v in r[2:]] for r in MTCARS])
    rw = relative_weights_eigh(y, x)
    sh, full = shapley(y, x)
    assert abs(sh.sum() - full) < 1e-12 and abs(rw.sum() - full) < 1e-12
    rescaled = RWA_RESCALED
    assert abs(full - RWA_RSQUARE) <= PRINTED, full
    assert all(abs(a - b) <= PRINTED for a, b in zip(rw, RWA_RAW)), rw
    assert all(abs(a - b) <= PRINTED for a, b in zip(rw / full, rescaled)), rw / full
    args = {"overall": y.tolist(), "attributes": x.tolist()}
    readme = ("rwa README (github.com/martinctc/rwa, \"Basic example\"): rwa() on R's mtcars (Henderson & Velleman "
              "1981, Motor Trend 1974), outcome mpg, predictors cyl, disp, hp, gear, prints rsquare 0.7791896, "
              "Raw.RelWeight 0.2284797 0.2221469 0.2321744 0.0963886, Rescaled.RelWeight 29.32274 28.50999 29.79691 "
              "12.37037 (here / 100), n 32; atol 5e-8 is half a unit of the 7th printed decimal. "
              "generate_golden_key_drivers.py checks its numpy relative weights round to these.")
    cases.append(case("relative weights mtcars (rwa README)", {**args, "method": "relative_weights"},
                      {"importance": RWA_RAW, "r_squared": RWA_RSQUARE, "rescaled": rescaled, "n": 32,
                       "method": "relative_weights"}, readme, rtol=0.0, atol=PRINTED))
    cases.append(case("shapley mtcars", {**args, "method": "shapley"},
                      {"importance": sh.tolist(), "r_squared": full, "n": 32, "method": "shapley"},
                      SRC_SH.format(24) + " Data: R's mtcars, mpg on cyl, disp, hp, gear (rwa README's example, "
                      "no published Shapley values); its R² is asserted to round to the README's 0.7791896.",
                      rtol=1e-10, atol=1e-13))

    # Bootstrap intervals: the resamples custometrics draws (ChaCha8Rng::seed_from_u64, random_range
    # on u64), written again above, with each resample's shares from numpy.
    check_chacha()
    y, x = survey(2000, 30, 4)
    boot = {"resamples": 200, "seed": 2026, "confidence": 0.9}
    for method, label in [("relative_weights", "relative weights"), ("shapley", "shapley")]:
        low, high, skipped = bootstrap(y, x, method, **boot)
        cases.append(case(f"{label} bootstrap 4 attributes",
                          {"overall": y.tolist(), "attributes": x.tolist(), "method": method, **boot},
                          {"ci_low": low, "ci_high": high, "skipped_resamples": skipped, "n": 30, "method": method},
                          "Percentile intervals (type 7) over 200 bootstrap resamples of the \"4 attributes\" sample, "
                          "drawn as custometrics draws them: rand 0.10.4's ChaCha8Rng::seed_from_u64(2026) and "
                          "random_range(0..30) on u64 (Canon's method), written in pure Python from the algorithms and "
                          "checked against RFC 7539 2.3.2, chacha20 0.10.2's ChaCha20Rng known answers and "
                          "draft-strombergson-chacha-test-vectors-01 (8 rounds); each resample's shares by numpy as in "
                          "the cases above (independent computation). generate_golden_key_drivers.py.",
                          rtol=1e-9, atol=1e-13))

    golden = json.loads(GOLDEN.read_text())
    golden["cases"] = [c for c in golden["cases"] if not c["name"].startswith("key drivers ")] + cases
    GOLDEN.write_text(json.dumps(golden, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(cases)} key drivers cases")


if __name__ == "__main__":
    main()
