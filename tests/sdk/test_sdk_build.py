"""The build: reproducible, committed output not stale, SRI hashes right, within its size budget."""

import base64
import gzip
import hashlib
import json

from fincore.common.sdk_dist import load_build

SIZE_BUDGET_GZIP_BYTES = 6 * 1024


def read_all(folder):
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_building_twice_gives_the_same_bytes(tmp_path, fresh_build, build_into):
    again = tmp_path / "again"
    build_into(again)
    assert read_all(again) == read_all(fresh_build)


def test_the_committed_build_is_not_stale(fresh_build, sdk_dir):
    committed = read_all(sdk_dir / "dist")
    fresh = read_all(fresh_build)
    assert sorted(committed) == sorted(fresh), "sdk/dist holds other files: run node sdk/build.mjs"
    stale = [name for name in fresh if committed[name] != fresh[name]]
    assert not stale, f"sdk/dist is stale ({', '.join(stale)}): run node sdk/build.mjs"


def test_the_manifest_holds_the_sri_hash_and_size_of_each_file(fresh_build):
    build = load_build(fresh_build)
    for built in (build.sdk, build.esm, build.fields):
        content = (fresh_build / built.file).read_bytes()
        digest = base64.b64encode(hashlib.sha384(content).digest()).decode()
        assert built.integrity == f"sha384-{digest}"
        assert built.bytes == len(content)
        assert built.file.endswith((f"-{build.version}.js", f"-{build.version}.mjs"))


def test_source_maps_name_sources_by_relative_path_only(fresh_build, sdk_dir):
    build = load_build(fresh_build)
    for built in (build.sdk, build.esm, build.fields):
        source_map = json.loads((fresh_build / built.map).read_text())
        assert source_map["sources"], built.map
        assert all(source.startswith("../src/") for source in source_map["sources"])
        raw = (fresh_build / built.map).read_text()
        assert str(sdk_dir) not in raw and str(fresh_build) not in raw
        assert (
            (fresh_build / built.file)
            .read_text()
            .rstrip()
            .endswith(f"//# sourceMappingURL={built.map}")
        )


def test_the_sdk_and_the_fields_script_are_within_their_size_budgets(fresh_build, capsys):
    build = load_build(fresh_build)
    for built in (build.sdk, build.esm, build.fields):
        content = (fresh_build / built.file).read_bytes()
        gzipped = len(gzip.compress(content, compresslevel=9, mtime=0))
        with capsys.disabled():
            print(f"\n{built.file}: {len(content)} B, {gzipped} B gzipped (budget 6144 B)")
        assert gzipped <= SIZE_BUDGET_GZIP_BYTES, built.file
