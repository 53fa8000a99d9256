"""Writes normal_quantile_mpmath.json: the two-sided normal critical value z = sqrt(2) * erfinv(c)
for confidences c (each the nearest double to the decimal shown), by mpmath at 40 digits, rounded
to the nearest double. Run with mpmath installed (pip install mpmath)."""

import json
import struct

import mpmath as mp

mp.mp.dps = 40
CONFIDENCES = [0.01, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9999999, 0.9999999999999999]
def bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


# [confidence, z, their IEEE bits] (the bits, because JSON readers need not round decimals
# correctly: 0.9999999999999999 read as 1.0)
cases = []
for c in CONFIDENCES:
    z = float(mp.sqrt(2) * mp.erfinv(mp.mpf(c)))
    cases.append([c, z, bits(c), bits(z)])
with open("normal_quantile_mpmath.json", "w") as f:
    json.dump({"source": f"mpmath {mp.__version__}, 40 digits: sqrt(2) * erfinv(confidence)",
               "cases": cases}, f, indent=1)
    f.write("\n")
