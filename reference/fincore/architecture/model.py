"""The vocabulary of the architecture model: elements, boundaries, relations, resources, mappings.

One :class:`ArchitectureModel` holds the logical view (C4 people and components inside nested
boundaries, related by numbered steps), the physical view (deployment nodes inside nested groups,
related by numbered requests) and the mapping between the two. Building one validates it
(see :mod:`fincore.architecture.validation`), so every view can trust what it reads.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from fincore.architecture.validation import validate


class C4Kind(StrEnum):
    """The C4 abstraction an element belongs to (shown in brackets under its name)."""

    PERSON = "Person"
    CONTAINER = "Container"
    COMPONENT = "Component"
    EXTERNAL_SYSTEM = "External System"


class ResourceKind(StrEnum):
    """What a deployment node is, independent of any drawing tool's icon set."""

    BROWSER = "browser"
    CDN = "cdn"
    OBJECT_STORE = "object store"
    LOAD_BALANCER = "load balancer"
    CONTAINER_TASK = "container task"
    WEB_SERVER = "web server"
    EXTERNAL_SAAS = "external SaaS"
    FIREWALL = "web application firewall"
    NAT_GATEWAY = "NAT gateway"
    CONTAINER_SERVICE = "container service"
    DATABASE = "relational database"
    SECRETS_STORE = "secrets store"
    KEY_MANAGEMENT = "key management"
    LOGS = "log store"


@dataclass(frozen=True)
class Boundary:
    """A named box around elements (logical) or nodes (physical); ``parent`` nests it.

    A deployment group may list the infrastructure ``resources`` that make the box itself (a
    VPC's internet gateway, a subnet tier's route tables), as a deployment node does.
    """

    id: str
    name: str
    parent: str | None = None
    resources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Element:
    """A person or component of the logical view."""

    id: str
    name: str
    kind: C4Kind
    technology: str = ""
    description: str = ""
    boundary: str | None = None
    # PCI scope: only elements flagged here may ever receive a primary account number.
    may_see_pan: bool = False


@dataclass(frozen=True)
class Relation:
    """A directed interaction; ``step`` orders it within its view (None: structural, unnumbered).

    Logical relations name a ``protocol``; physical relations list the logical steps they
    ``realize``, which ties each request on the wire to the step of the flow it carries out.
    """

    step: str | None
    source: str
    target: str
    label: str
    protocol: str = ""
    carries_card_data: bool = False
    realizes: tuple[str, ...] = ()
    # When the step happens only in some payments (e.g. "3-D Secure"): a plain checkout need not
    # show it (``check_conformance``). Empty: in every checkout.
    when: str = ""

    @property
    def caption(self) -> str:
        """The label as drawn: ``"5. Sends details directly to PSP"``."""
        return f"{self.step}. {self.label}" if self.step else self.label

    def describe(self) -> str:
        """A short human name used in error messages and reports."""
        prefix = f"step {self.step} " if self.step else ""
        return f"{prefix}{self.source} -> {self.target}"


@dataclass(frozen=True)
class DeploymentNode:
    """A physical resource; ``detail`` is the parenthesised second line of its label.

    ``resources`` are the CloudFormation logical ids the node is built from: the template
    generated from the model holds exactly the resources its nodes and groups list (none for
    what runs outside FinCore's AWS account).
    """

    id: str
    name: str
    kind: ResourceKind
    group: str | None = None
    detail: str = ""
    resources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mapping:
    """Where a logical element (or a whole boundary) runs, and why."""

    logical: str
    resource: str
    nodes: tuple[str, ...]
    rationale: str
    rationale_heading: str = ""


class Arrow(StrEnum):
    """How a scenario's message travels: a request, its answer, or an answer that never arrives."""

    REQUEST = "request"
    REPLY = "reply"
    LOST = "lost"


@dataclass(frozen=True)
class Message:
    """One arrow of a scenario's sequence diagram; ``step`` ties a request to the flow's step."""

    source: str
    target: str
    label: str
    arrow: Arrow = Arrow.REQUEST
    step: str | None = None

    def ends(self) -> tuple[str, str]:
        """Where the arrow starts and ends."""
        return self.source, self.target


@dataclass(frozen=True)
class Note:
    """A remark drawn over the participants from ``first`` to ``last`` at this point."""

    first: str
    last: str
    text: str
    step = None  # notes carry no step; read alike with messages

    def ends(self) -> tuple[str, str]:
        """The participants the note spans."""
        return self.first, self.last


@dataclass(frozen=True)
class Scenario:
    """A path through steps 9-10b with its answers (success, decline, pending then reconcile)."""

    id: str
    title: str
    items: tuple[Message | Note, ...]

    def participants(self) -> list[str]:
        """Element ids in order of first appearance."""
        seen: dict[str, None] = {}
        for item in self.items:
            for end in item.ends():
                seen.setdefault(end, None)
        return list(seen)


# The checkout ends with the charge; the steps after it are separate calls, made later.
CHECKOUT_LAST_STEP = "10b"


def step_key(step: str) -> tuple[int, str]:
    """Order steps numerically, sub-steps after their step: 9 < 10 < 10b."""
    digits = step.rstrip("abcdefghijklmnopqrstuvwxyz")
    return int(digits), step[len(digits) :]


@dataclass(frozen=True)
class ArchitectureModel:
    """The whole architecture; refused at construction when inconsistent."""

    elements: tuple[Element, ...]
    boundaries: tuple[Boundary, ...]
    relations: tuple[Relation, ...]
    deployment_groups: tuple[Boundary, ...] = ()
    deployment_nodes: tuple[DeploymentNode, ...] = ()
    physical_relations: tuple[Relation, ...] = ()
    mappings: tuple[Mapping, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    _index: dict[str, Element] = field(init=False, repr=False, compare=False)
    _boxes: dict[str, Boundary] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        validate(self)
        # Frozen dataclass: the lookup tables are filled once, through object.__setattr__.
        object.__setattr__(self, "_index", {e.id: e for e in self.elements})
        object.__setattr__(self, "_boxes", {b.id: b for b in self.boundaries})

    def element(self, element_id: str) -> Element:
        """The element with this id (KeyError when unknown)."""
        return self._index[element_id]

    def has_element(self, element_id: str) -> bool:
        """Whether the logical view defines this id."""
        return element_id in self._index

    def boundary(self, boundary_id: str) -> Boundary:
        """The logical boundary with this id (KeyError when unknown)."""
        return self._boxes[boundary_id]

    def flow(self) -> list[Relation]:
        """The checkout's numbered logical relations in step order: 1-10b, then the steps only
        some checkouts take (``when``: 3-D Secure, 15-17). The tokenization flow that every
        sequence, trace and walkthrough follows."""
        last = step_key(CHECKOUT_LAST_STEP)
        return [r for r in self.numbered() if r.when or step_key(r.step or "0") <= last]

    def numbered(self) -> list[Relation]:
        """Every numbered logical relation in step order: the checkout, what settles a payment
        later (capture or cancel, 11-11b; refunds, 12-12b), its events (13-14), 3-D Secure."""
        numbered = [r for r in self.relations if r.step is not None]
        return sorted(numbered, key=lambda r: step_key(r.step or "0"))

    def after_checkout(self) -> list[Relation]:
        """The numbered logical relations that come after a checkout, in step order."""
        checkout = set(map(id, self.flow()))
        return [r for r in self.numbered() if id(r) not in checkout]

    def top_boundary(self, element: Element) -> Boundary | None:
        """The outermost boundary enclosing an element (sequence diagrams cannot nest boxes)."""
        if element.boundary is None:
            return None
        current = self.boundary(element.boundary)
        while current.parent is not None:
            current = self.boundary(current.parent)
        return current

    def sequence_box(self, element: Element) -> Boundary | None:
        """The boundary a sequence diagram boxes an element in. Boxes cannot nest there, so an
        outer boundary divided into boundaries of its own (the browser, into its origins) gives
        way to the one of those that holds the element: the origins are what the flow crosses."""
        outer = self.top_boundary(element)
        if outer is None or element.boundary is None:
            return outer
        current = self.boundary(element.boundary)
        while current.parent is not None and current.parent != outer.id:
            current = self.boundary(current.parent)
        return current

    def infrastructure(self) -> dict[str, str]:
        """Every CloudFormation logical id the physical view lists, mapped to its node or group."""
        owners: list[Boundary | DeploymentNode] = [*self.deployment_groups, *self.deployment_nodes]
        return {resource: owner.id for owner in owners for resource in owner.resources}

    def elements_within(self, boundary_id: str) -> Iterator[Element]:
        """Elements inside a boundary, at any depth."""
        for element in self.elements:
            ancestor = element.boundary
            while ancestor is not None:
                if ancestor == boundary_id:
                    yield element
                    break
                ancestor = self.boundary(ancestor).parent
