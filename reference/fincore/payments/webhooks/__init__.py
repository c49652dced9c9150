"""Webhooks: each event POSTed, signed, to the merchant's endpoints (steps 13-14).

``urls`` says which endpoint URLs may be registered and reached (no SSRF), ``schedule`` when a
failed attempt is tried again, ``store`` keeps endpoints and claims deliveries, ``sender`` makes
one signed POST, and ``dispatcher`` sends what is due, on every instance at once.
"""
