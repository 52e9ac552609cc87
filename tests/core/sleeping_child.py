"""A child that never answers (for tests/core/test_limited_child.py)."""

import time

time.sleep(120)
