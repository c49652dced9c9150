"""The lab that runs the services together: the local stack, its clients, a shopper in Chromium,
the PostgreSQL scale-out, and the notebook runner with its offline HTML report.

Nothing here is deployed; the services never import it (an import-linter contract checks that).
"""
