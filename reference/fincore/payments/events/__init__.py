"""Events: what happened to a merchant's objects, recorded in the transaction that did it.

``types`` names every event type, ``outbox.record`` writes an event (and a delivery for each of
the merchant's webhook endpoints that wants it), ``store`` reads them back for ``/v1/events``.
"""
