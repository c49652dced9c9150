"""Plumbing shared by every FinCore HTTP service: errors, request logs, clocks, ids."""
