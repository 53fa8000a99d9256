import os
import sys
from pathlib import Path

from hypothesis import settings

# tests/golden.py is a helper module shared by the test files.
sys.path.insert(0, str(Path(__file__).parent))

# CI (make test with CI set) draws fixed examples so a landing is reproducible.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
