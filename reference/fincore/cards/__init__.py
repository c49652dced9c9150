"""Card-number knowledge shared by the PSP (which validates) and the guards (which refuse PANs)."""
