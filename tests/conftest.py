"""Test-wide isolation: the analyzer's disk cache goes to a temporary folder, never the user's."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("KHABAR_CACHE_DIR", tempfile.mkdtemp(prefix="khabar-test-cache-"))
