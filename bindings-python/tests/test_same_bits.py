"""The same bits as native Rust: core/tests/data/same_bits.json records inputs and the bits of
their results (written by core/tests/same_bits.rs); Python must give exactly those bits."""

import json
import pathlib
import struct

import custometrics as cm

DATA = json.loads((pathlib.Path(__file__).parents[2] / "core/tests/data/same_bits.json").read_text())


def _float(bits: str) -> float:
    return struct.unpack("<d", struct.pack("<Q", int(bits)))[0]


def _bits(x: float) -> str:
    return str(struct.unpack("<Q", struct.pack("<d", x))[0])


def test_normal_critical_values_and_nps_intervals_have_the_native_bits():
    differ = []
    for c_bits, z_bits, low_bits in DATA["rows"]:
        c = _float(c_bits)
        z = cm.satisfaction.sample_size(0.05, confidence=c).z
        low = cm.satisfaction.nps(DATA["nps_scores"], confidence=c).ci_low
        if (_bits(z), _bits(low)) != (z_bits, low_bits):
            differ.append((c, z, _float(z_bits), low, _float(low_bits)))
    assert len(DATA["rows"]) >= 1000
    assert differ == []
