"""Evidence that checks the running services: the trace of every hop of the flow, and fuzzing
from the services' own OpenAPI documents. (The PAN tripwire and the page-script inventory keep
their own folders, ``fincore.tripwire`` and ``fincore.pci``.)
"""
