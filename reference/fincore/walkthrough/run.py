"""``begin``: one notebook run against one target, its sections, and the summary that closes it.

    run = begin(globals())              # after check_parameters: the target, from the parameters
    conn = run.connect()
    if run.section("Lost PSP answer", needs={"fault_injection", "psp_direct"}):
        ...                             # claims here fail loudly, as anywhere
    run.summary()                       # the last cell: what was checked, what was skipped, why

A section whose capabilities (``fincore.lab.target.CAPABILITIES``) the target lacks prints one
line, ``skipped against <target>: needs <capabilities>``, and its cells do nothing; the summary
lists it. A section that runs but makes no claim fails the summary: nothing passes silently.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fincore.lab.stack import StackOptions
from fincore.lab.target import Target, TargetError, bundled_target, load_target
from fincore.walkthrough import claims
from fincore.walkthrough.connection import Connection, connect

BUNDLED = "bundled-stack"
# Claims made outside every section: a notebook's unconditional part, checked against any target.
OPENING = "Any target"
DEPLOYMENT_PARAMETERS = ("psp_url", "payments_url", "publishable_key", "secret_key")


@dataclass
class Section:
    title: str
    needs: list[str]
    # Why it did not run ("fault_injection", "run_browser is False"); empty when it ran.
    missing: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)

    @property
    def ran(self) -> bool:
        return not self.missing


class Run:
    """Which target a notebook checks, which of its sections ran, and every claim that held."""

    def __init__(self, target: Target | None, run_browser: bool = True) -> None:
        # None: the bundled stack, started by connect(), which offers every capability.
        self.target = target
        self.run_browser = run_browser
        self.sections: dict[str, Section] = {OPENING: Section(OPENING, [])}
        self._current = OPENING
        claims.listen(self._heard)
        _follow_cells(self)

    @property
    def name(self) -> str:
        return self.target.name if self.target is not None else BUNDLED

    def connect(self, stack_options: StackOptions | None = None) -> Connection:
        """Connect to the target, or start the bundled stack (``stack_options`` apply to it)."""
        if self.target is None:
            return connect(stack_options=stack_options)
        return connect(target=self.target)

    def lacks(self, needs: Iterable[str] = (), browser: bool = False) -> list[str]:
        """What a section needing ``needs`` (and Chromium, if ``browser``) lacks here."""
        wanted = frozenset(needs)
        target = self.target or bundled_target("http://bundled", "http://bundled", "pk_", "sk_")
        missing = target.lacks(wanted)
        if browser and not self.run_browser:
            missing.append("run_browser is False")
        return missing

    def section(self, title: str, needs: Iterable[str] = (), browser: bool = False) -> "Gate":
        """Start a section: true when it runs here; else print why not, and false.

        Keep the answer to gate the section's later cells (``if lost:``): each test of it
        counts that cell's claims towards the section, as ``ran`` does.
        """
        if title in self.sections:
            raise ValueError(f"section {title!r} was started twice: titles name sections")
        needed = sorted(set(needs))
        section = Section(title, needed, self.lacks(needed, browser))
        self.sections[title] = section
        if section.ran:
            self._current = title
        else:
            self._current = OPENING
            print(f"skipped against {self.name}: needs {', '.join(section.missing)}")
        return Gate(self, title)

    def ran(self, title: str) -> bool:
        """Whether the section ``title`` (started in an earlier cell) runs here; its claims in
        this cell count towards it."""
        if self.sections[title].ran:
            self._current = title
        return self.sections[title].ran

    def new_cell(self) -> None:
        """A cell starts: its claims are unconditional until it starts or continues a section."""
        self._current = OPENING

    def summary(self) -> "Summary":
        """What was checked and what was skipped; fails if a section ran without a claim."""
        silent = [
            s.title for s in self.sections.values() if s.ran and s.title != OPENING and not s.claims
        ]
        if silent:
            claims.fail("every section that ran checked at least one claim", observed=silent)
        return Summary(self.name, list(self.sections.values()))

    def _heard(self, message: str, step: str | None) -> None:
        self.sections[self._current].claims.append(f"step {step}: {message}" if step else message)


@dataclass(frozen=True)
class Gate:
    """A section's answer: true when it runs (``if gate:`` in each of its cells)."""

    run: Run
    title: str

    def __bool__(self) -> bool:
        return self.run.ran(self.title)


@dataclass(frozen=True)
class Summary:
    """Shown as text to a reader and as JSON to the test that reads executed notebooks."""

    target: str
    sections: list[Section]

    def as_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "checked": {
                s.title: {"claims": len(s.claims), "needs": s.needs} for s in self.sections if s.ran
            },
            "skipped": {s.title: s.missing for s in self.sections if not s.ran},
        }

    def text(self) -> str:
        checked = [s for s in self.sections if s.ran and s.claims]
        skipped = [s for s in self.sections if not s.ran]
        total = sum(len(s.claims) for s in checked)
        lines = [f"Checked against {self.target}: {total} claims"]
        for section in checked:
            lines.append(f"  {section.title}:")
            lines += [f"    ✓ {text}" for text in section.claims]
        lines.append(f"Skipped: {len(skipped)} section(s)")
        lines += [f"  {s.title}: needs {', '.join(s.missing)}" for s in skipped]
        return "\n".join(lines)

    def _repr_mimebundle_(self, **_: Any) -> dict[str, Any]:
        return {"text/plain": self.text(), "application/json": self.as_json()}


def _follow_cells(run: Run) -> None:
    """In a Jupyter kernel, tell ``run`` when each cell starts (replacing an earlier run)."""
    try:
        from IPython import get_ipython
    except ImportError:  # outside Jupyter: sections last until the next one starts
        return
    shell = get_ipython()
    if shell is None:
        return
    global _cell_hook
    if _cell_hook is not None:
        shell.events.unregister("pre_run_cell", _cell_hook)
    _cell_hook = lambda *_: run.new_cell()  # noqa: E731
    shell.events.register("pre_run_cell", _cell_hook)


_cell_hook: Any = None


def begin(namespace: Mapping[str, Any]) -> Run:
    """The run a notebook's parameters ask for (call after ``check_parameters``).

    ``target`` (a target file's path) names the deployment; the individual URL and key
    parameters may repeat its values but not contradict them. URLs and keys alone describe a
    bare target (no capability); nothing at all means the bundled stack.
    """
    given = {name: namespace.get(name) for name in DEPLOYMENT_PARAMETERS}
    run_browser = bool(namespace.get("run_browser", True))
    path = namespace.get("target")
    if path:
        target = load_target(path)
        clashes = [
            name
            for name, value in given.items()
            if value and str(value).rstrip("/") != str(getattr(target, name)).rstrip("/")
        ]
        if clashes:
            raise TargetError(
                f"{', '.join(clashes)} contradict(s) the target file {path}: leave them None "
                "when a target is given"
            )
        run = Run(target, run_browser)
    elif any(given.values()):
        missing = [name for name, value in given.items() if not value]
        if missing:
            raise TargetError(
                f"To run against another deployment, set {', '.join(missing)} as well (or a "
                "target file, or nothing at all for the bundled stack)."
            )
        run = Run(Target(name="deployment", **given), run_browser)
    else:
        run = Run(None, run_browser)
    offered = run.target.capabilities if run.target is not None else ["every capability"]
    print(f"✓ running against {run.name} ({', '.join(offered) or 'no capabilities'})")
    return run
