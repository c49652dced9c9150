"""The SDK's JavaScript unit tests (sdk/test, Node's test runner) run as part of the suite."""

import subprocess


def test_the_javascript_unit_tests_pass(sdk_dir):
    result = subprocess.run(
        ["node", "--test", "test/"], cwd=sdk_dir, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
