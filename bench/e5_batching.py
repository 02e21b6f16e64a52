"""Does embedding several questions in one onnxruntime call save time? (issue 10's throughput)

    python bench/e5_batching.py [--json out.json]

With 50 citizens waiting, a worker could collect the questions that arrive together and embed
them in one call. This measures what that would save: the first 96 questions of
`dev/facts_pages.jsonl`, embedded in batches of 1, 2, 4, 8 and 16 (padded to the longest in
the batch, as E5Onnx does), one thread; milliseconds per question. Needs no data directory.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from muni.nlu.e5_onnx import E5Onnx  # noqa: E402

DEV = Path(__file__).parent / "dev" / "facts_pages.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    engine = E5Onnx(threads=1)
    texts = [json.loads(line)["text"] for line in DEV.open()][:96]
    engine.query(texts[:4])  # warm up
    result: dict[str, float] = {}
    for size in (1, 2, 4, 8, 16):
        start = time.perf_counter()
        for i in range(0, len(texts), size):
            chunk = texts[i : i + size]
            engine.query(chunk[0] if size == 1 else chunk)
        result[f"batch_{size}_ms_per_question"] = round(
            1000 * (time.perf_counter() - start) / len(texts), 2
        )
    out = json.dumps(result, indent=2)
    print(out)
    if args.json:
        args.json.write_text(out + "\n")


if __name__ == "__main__":
    main()
