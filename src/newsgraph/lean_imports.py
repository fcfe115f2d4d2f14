"""spaCy without torch: a worker's memory is not spent on a library its pipeline never calls.

thinc, spaCy's machine-learning layer, imports torch at start-up whenever it is installed (for
PyTorch-wrapped models, which en_core_web_sm does not have). torch is installed alongside
newsgraph whenever the MiniLM tagger's extra is, or in any data-science environment, and the
import costs about 240 MiB of resident memory in every process (155 against 393 MiB for spaCy
with the model loaded, measured here): the largest single item of a worker. So thinc is imported
with torch hidden from it, once, before spaCy; the MiniLM tagger imports torch itself, later,
when it is asked for, and gets it as usual.

Nothing is hidden when torch or thinc was imported before newsgraph (the caller's choice stands),
or when NEWSGRAPH_THINC_TORCH=1 asks for thinc's torch support (spaCy pipelines with PyTorch
components in the same process).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
from collections.abc import Sequence
from types import ModuleType


class _TorchHidden(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname == "torch" or fullname.startswith("torch."):
            raise ImportError(f"{fullname} is hidden from thinc by newsgraph (NEWSGRAPH_THINC_TORCH=1 keeps it)")
        return None


def import_thinc_without_torch() -> None:
    """Import thinc with torch hidden, unless the caller already chose (see the module's docstring)."""
    if "thinc" in sys.modules or "torch" in sys.modules or os.environ.get("NEWSGRAPH_THINC_TORCH") == "1":
        return
    hidden = _TorchHidden()
    sys.meta_path.insert(0, hidden)
    try:
        import thinc.compat  # noqa: F401
    finally:
        sys.meta_path.remove(hidden)
