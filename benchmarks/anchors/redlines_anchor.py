"""Anchor: python-redlines writes a tracked-changes DOCX of two .docx files through its .NET engine.

    python benchmarks/anchors/redlines_anchor.py OLD.docx NEW.docx OUT.docx [ENGINE]

Runs in a Python that has python-redlines (the benchmark's anchor venv). ENGINE is ``XmlPowerToolsEngine``
(default: the engine shipped with ``python-redlines[ooxmlpowertools]``) or ``DocxodusEngine``.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path


def main(argv: list[str]) -> int:
    old, new, out = (Path(a) for a in argv[:3])
    engine_name = argv[3] if len(argv) > 3 else "XmlPowerToolsEngine"
    warnings.simplefilter("ignore", DeprecationWarning)  # XmlPowerToolsEngine suggests DocxodusEngine
    from python_redlines import engines

    engine = getattr(engines, engine_name)()
    redline, _stdout, _stderr = engine.run_redline("benchmark", old.read_bytes(), new.read_bytes())
    out.write_bytes(redline)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
