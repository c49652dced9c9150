"""The PAN tripwire: evidence that components outside PCI scope never saw a card number."""

from fincore.tripwire.scan import Finding, scan_bytes, scan_tree

__all__ = ["Finding", "scan_bytes", "scan_tree"]
