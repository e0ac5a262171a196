"""``python -m dashboard.readers.child PATH OUTDIR [SHEET…]``: read sheets (all when none are named) with the engine, in a
process of its own (see engine.py). Writes each frame to OUTDIR as Arrow IPC and one JSON
line per sheet to stdout; an engine abort ends only this process."""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    from dashboard.readers.engine import CHILD_MEMORY, load_frames

    path, outdir, names = os.fsencode(argv[0]), Path(argv[1]), argv[2:]
    try:
        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))
    except (ValueError, OSError):
        pass  # a lower hard limit is already in force
    name = os.fsdecode(path)
    try:
        name.encode("utf-8")
        src: str | bytes = name
    except UnicodeEncodeError:
        src = Path(name).read_bytes()
    if not names:
        import fastexcel

        names = fastexcel.read_excel(src).sheet_names
    for i, (sheet, frame, extra) in enumerate(load_frames(src, names)):
        if frame is None:
            print(json.dumps({"name": sheet, "reason": extra}, ensure_ascii=False))
            continue
        frame.write_ipc(outdir / f"{i}.arrow")
        print(json.dumps({"name": sheet, "file": f"{i}.arrow", "first_col": extra}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
