"""The PAN tripwire: evidence that components outside PCI scope never saw a card number.

- ``find_card_numbers`` / ``scan_bytes`` / ``scan_tree``: card numbers in bytes and files, found
  as the Payment Service's guard finds them (``fincore.cards.card_scan``: glued to letters, track
  data, common separators), in the clear, JSON-escaped, URL- or form-encoded, base64 or hex.
- ``new_canary``: a fresh card number the mock PSP accepts, so a hit is unambiguous.
- ``TrafficRecorder``: everything a component received (attach with ``build_service``).
- ``build_report``: what was found where, last four digits only; ``stack_folders`` names every
  folder an out-of-scope component writes (each scaled-out instance's too).
"""

from fincore.tripwire.canary import canary_cvc, new_canary
from fincore.tripwire.detect import Hit, find_card_numbers
from fincore.tripwire.recorder import Received, TrafficRecorder
from fincore.tripwire.report import OUT_OF_SCOPE, TripwireReport, build_report, stack_folders
from fincore.tripwire.scan import Finding, scan_bytes, scan_tree

__all__ = [
    "OUT_OF_SCOPE",
    "Finding",
    "Hit",
    "Received",
    "TrafficRecorder",
    "TripwireReport",
    "build_report",
    "canary_cvc",
    "find_card_numbers",
    "new_canary",
    "scan_bytes",
    "scan_tree",
    "stack_folders",
]
