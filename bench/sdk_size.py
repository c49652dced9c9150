"""Size of the built fincore.js against its budget (issue 3): at most 6 KB gzipped.

    .venv/bin/python bench/sdk_size.py [--dist sdk/dist]

Prints raw and gzip -9 sizes of the merchant-page SDK (the budgeted file) and of the iframe-side
script (served by the PSP, shown for reference). Exits 1 when the SDK is over budget. Brotli is
not measured: no brotli package is installed here.
"""

import argparse
import gzip
import sys
from pathlib import Path

from fincore.sdk_dist import load_build

BUDGET_GZIP_BYTES = 6 * 1024


def sizes(path: Path) -> tuple[int, int]:
    content = path.read_bytes()
    return len(content), len(gzip.compress(content, compresslevel=9, mtime=0))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, help="build folder (default: sdk/dist)")
    build = load_build(parser.parse_args().dist)
    print(f"fincore.js {build.version} ({build.protocol})")
    sdk_raw, sdk_gzip = sizes(build.directory / build.sdk.file)
    fields_raw, fields_gzip = sizes(build.directory / build.fields.file)
    print(f"  {build.sdk.file:<28} {sdk_raw:>6} B raw  {sdk_gzip:>6} B gzip")
    print(f"  {build.fields.file:<28} {fields_raw:>6} B raw  {fields_gzip:>6} B gzip (PSP)")
    verdict = "within" if sdk_gzip <= BUDGET_GZIP_BYTES else "OVER"
    print(f"  budget {BUDGET_GZIP_BYTES} B gzip: {verdict} ({sdk_gzip / BUDGET_GZIP_BYTES:.0%})")
    return 0 if sdk_gzip <= BUDGET_GZIP_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
