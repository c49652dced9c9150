"""Sizes of the built fincore.js files against their budgets (issues 3 and 16): the merchant-page
SDK (script and ES module) and the PSP's fields script, each at most 6 KB gzipped.

    .venv/bin/python bench/sdk_size.py [--dist sdk/dist]

Prints raw and gzip -9 sizes (gzip is how the CDN and the PSP serve them). Exits 1 when a file is
over budget. Brotli is not measured: no brotli package is installed here.
"""

import argparse
import gzip
import sys
from pathlib import Path

from fincore.common.sdk_dist import load_build

BUDGET_GZIP_BYTES = 6 * 1024


def sizes(path: Path) -> tuple[int, int]:
    content = path.read_bytes()
    return len(content), len(gzip.compress(content, compresslevel=9, mtime=0))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, help="build folder (default: sdk/dist)")
    build = load_build(parser.parse_args().dist)
    print(f"fincore.js {build.version} ({build.protocol}), budget {BUDGET_GZIP_BYTES} B gzip each")
    over = []
    files = ((build.sdk, "CDN, script"), (build.esm, "CDN, ES module"), (build.fields, "PSP"))
    for built, served_by in files:
        raw, gzipped = sizes(build.directory / built.file)
        verdict = "within" if gzipped <= BUDGET_GZIP_BYTES else "OVER"
        share = f"{verdict} ({gzipped / BUDGET_GZIP_BYTES:.0%})"
        print(f"  {built.file:<26} {raw:>6} B raw {gzipped:>6} B gzip  {share}  {served_by}")
        if gzipped > BUDGET_GZIP_BYTES:
            over.append(built.file)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
