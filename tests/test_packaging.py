"""environment.yml (conda users) and pyproject.toml (pip users) ask for the same packages."""

import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def pyproject_requirements() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = set(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        # "fincore[...]" only points at other extras, which are counted on their own.
        wanted |= {req for req in extra if not req.startswith("fincore")}
    return wanted


def conda_pip_requirements() -> set[str]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    return {req for req in pip_section if not req.startswith("-e")}


def test_environment_yml_mirrors_pyproject():
    assert conda_pip_requirements() == pyproject_requirements()


def test_environment_yml_installs_this_package():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip_section
