"""fincore.js as an npm package: its shape, its ES module, and its TypeScript declarations checked
by the TypeScript compiler over an example integration (sdk/examples)."""

import json
import subprocess
from pathlib import Path

import pytest

from fincore.common.sdk_dist import load_build

BAD_USES = {
    "an unknown field": "card.focus('pin');",
    "an unknown event": "card.on('keypress', () => {});",
    "a misspelt option": "card.update({ disabld: true });",
    "a token read without checking for an error": "fincore.tokenize().then((r) => r.token.id);",
}


def tsc(project: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["npx", "--no-install", "tsc", "--noEmit", "-p", str(project)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def package(sdk_dir):
    return json.loads((sdk_dir / "package.json").read_text())


def test_the_package_names_its_version_entry_points_and_types(package, sdk_dir):
    build = load_build()
    assert package["version"] == build.version
    assert "private" not in package
    entry = package["exports"]["."]
    assert entry == {
        "types": f"./dist/{build.types}",
        "import": f"./dist/{build.esm.file}",
        "default": f"./dist/{build.sdk.file}",
    }
    assert package["types"] == entry["types"]
    for path in (*entry.values(), package["main"], package["module"]):
        assert (sdk_dir / path).is_file(), path


def test_the_packed_package_holds_the_built_files_and_nothing_else(sdk_dir):
    packed = subprocess.run(
        ["npm", "pack", "--dry-run", "--json", "--ignore-scripts"],
        cwd=sdk_dir,
        capture_output=True,
        text=True,
        check=True,
    )
    files = {entry["path"] for entry in json.loads(packed.stdout)[0]["files"]}
    build = load_build()
    built = {f"dist/{name}" for name in (build.sdk.file, build.esm.file, build.types)}
    assert built <= files
    assert not [name for name in files if name.startswith(("src/", "test/", "node_modules/"))]
    assert not [name for name in files if "fields" in name], "the iframe side is the PSP's"


def test_the_es_module_exports_the_sdk_and_its_error_type(node):
    build = load_build()
    exported = node(
        f"""
        const sdk = await import('./dist/{build.esm.file}');
        let code = null;
        try {{ sdk.FinCore('sk_test_abcdefgh12345678'); }} catch (error) {{
            code = error instanceof sdk.FinCoreError ? error.code : 'other';
        }}
        console.log(JSON.stringify({{ names: Object.keys(sdk).sort(), code }}));
        """
    )
    assert exported == {"names": ["FinCore", "FinCoreError"], "code": "secret_key_in_browser"}


def test_the_example_integration_type_checks_against_the_declarations(sdk_dir):
    result = tsc(sdk_dir / "examples", sdk_dir)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("mistake", BAD_USES)
def test_the_declarations_catch_an_integration_mistake(mistake, sdk_dir, tmp_path):
    config = json.loads((sdk_dir / "examples" / "tsconfig.json").read_text())
    declarations = str(sdk_dir / "dist" / "fincore.d.ts")
    config["compilerOptions"]["paths"] = {"@fincore/js": [declarations]}
    config["files"] = ["mistake.ts"]
    (tmp_path / "tsconfig.json").write_text(json.dumps(config))
    (tmp_path / "mistake.ts").write_text(
        "import { FinCore } from '@fincore/js';\n"
        "const fincore = FinCore('pk_test_example0000');\n"
        "const card = fincore.cardFields({ number: '#n', expiry: '#e', cvc: '#c' });\n"
        f"{BAD_USES[mistake]}\n"
        "void card;\n"
    )
    result = tsc(tmp_path, sdk_dir)
    assert result.returncode != 0, f"tsc accepted {mistake}"
    assert "mistake.ts" in result.stdout
