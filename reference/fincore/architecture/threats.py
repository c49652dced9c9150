"""The threat model as data: what an attacker can try against each component and step, the
controls that answer it, and the tests that prove each control (its executable evidence).

Each threat names its STRIDE category, the component of ``fincore_model()`` and the steps (1-10,
``10b``, 11-14) it targets, the attacker, the impact, and the PCI DSS v4.0 requirement where one
applies. Threats that an attacker's trial of ``fincore up`` found open (issue 13) carry the number
of that hole. ``tests/architecture/test_threat_model.py`` fails when a threat has no control, a
control has no evidence, or evidence names a test that pytest does not collect;
``fincore.architecture.threat_evidence`` runs the evidence and renders the review table.

Evidence is a pytest node id without parameters: it stands for every parametrized case.
"""

from dataclasses import dataclass
from enum import StrEnum


class Stride(StrEnum):
    SPOOFING = "Spoofing"
    TAMPERING = "Tampering"
    REPUDIATION = "Repudiation"
    INFORMATION_DISCLOSURE = "Information disclosure"
    DENIAL_OF_SERVICE = "Denial of service"
    ELEVATION_OF_PRIVILEGE = "Elevation of privilege"


@dataclass(frozen=True)
class Control:
    what: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Threat:
    id: str
    title: str
    stride: Stride
    component: str  # an element id of fincore_model()
    steps: tuple[str, ...]
    attacker: str
    impact: str
    controls: tuple[Control, ...]
    pci: str = ""
    hole: int | None = None  # issue 13's list of holes found open


GUARD = "tests/payments/test_card_guard.py::"
KEYS = "tests/security/test_keys.py::"
LIMITS = "tests/security/test_card_testing_rate_limit.py::"
ORIGIN = "tests/security/test_field_origin.py::"
CHECKOUT_LIMITS = "tests/merchant/test_card_testing.py::"
PROXIES = "tests/security/test_trusted_proxies.py::"
BODY_LIMIT = "tests/payments/test_body_limit.py::"
PLACES = "tests/tripwire/test_stack_places.py::"
REQUEST_ID = "tests/common/test_request_id.py::"
VERSION = "tests/common/test_api_version.py::"
QUERY = "tests/common/test_query.py::"
CONTRACT = "tests/test_openapi.py::"
WIRE = "tests/evidence/test_trace_recorder_wire.py::"
CAPTURE = "tests/payments/test_capture.py::"
REFUNDS = "tests/payments/test_refunds.py::"
FAULTS = "tests/payments/test_lifecycle_faults.py::"
ACROSS = "tests/payments/test_refunds_across_instances.py::"
PSP_OPS = "tests/psp/test_charge_operations.py::"
SIGNATURE = "tests/common/test_webhook_signature.py::"
MERCHANT_HOOKS = "tests/merchant/test_webhooks.py::"
DISPATCH = "tests/payments/webhooks/test_dispatcher.py::"
URLS = "tests/payments/webhooks/test_urls.py::"
ENDPOINTS = "tests/payments/routes/test_webhook_endpoints.py::"
OUTBOX = "tests/payments/events/test_outbox.py::"
HELPERS = "tests/psp/test_test_helpers.py::"
TARGET = "tests/lab/test_target.py::"
RUN = "tests/notebooks/test_walkthrough_run.py::"
THREE_DS_PSP = "tests/psp/test_authentication.py::"
THREE_DS_PAYMENTS = "tests/payments/test_next_action.py::"
THREE_DS_BROWSER = "tests/browser/test_three_d_secure.py::"

THREATS: tuple[Threat, ...] = (
    Threat(
        "T01",
        "E-skimming of the merchant's checkout page (Magecart)",
        Stride.INFORMATION_DISCLOSURE,
        "merchant_frontend",
        ("1", "4"),
        "a third party who gets a script into the checkout page",
        "card numbers typed on the page are copied to the attacker",
        (
            Control(
                "the card is typed into PSP-hosted iframes the page cannot read",
                (
                    "tests/browser/test_frame_isolation.py::"
                    "test_the_merchant_page_cannot_read_the_card_inputs",
                ),
            ),
            Control(
                "a strict CSP (no inline or third-origin script) that reports violations",
                (
                    "tests/merchant/test_merchant_app.py::"
                    "test_the_checkout_page_pins_fincore_js_with_sri_and_a_tight_csp",
                    "tests/merchant/test_csp_reports.py::"
                    "test_an_injected_third_origin_script_is_blocked_and_reported",
                ),
            ),
            Control(
                "script inventory and change detection of the payment page",
                (
                    "tests/pci/test_script_inventory.py::"
                    "test_a_skimmer_the_csp_blocks_is_listed_and_flagged",
                    "tests/pci/test_change_detection.py::test_an_extra_skimmer_script_is_reported",
                ),
            ),
        ),
        pci="6.4.3, 11.6.1",
    ),
    Threat(
        "T02",
        "Compromise of the CDN or of fincore.js",
        Stride.TAMPERING,
        "sdk_core",
        ("2",),
        "whoever controls the CDN or the build that publishes fincore.js",
        "a modified SDK reads or redirects card data and tokens",
        (
            Control(
                "Subresource Integrity on fincore.js: a changed file does not run",
                (
                    "tests/browser/test_sdk_integrity.py::"
                    "test_a_tampered_sdk_is_blocked_and_the_page_says_so",
                ),
            ),
            Control(
                "the fields script runs only with its nonce, served from the PSP origin",
                (
                    "tests/psp/test_fields_pages.py::test_only_the_nonce_tagged_fields_script_may_run",
                ),
            ),
            Control(
                "change detection names swapped bytes and dropped integrity attributes",
                (
                    "tests/pci/test_change_detection.py::"
                    "test_removed_headers_swapped_bytes_and_dropped_integrity_are_reported",
                ),
            ),
        ),
        pci="6.4.3, 11.6.1",
    ),
    Threat(
        "T03",
        "A script on the PSP's origin reads the card fields",
        Stride.INFORMATION_DISCLOSURE,
        "psp_iframe",
        ("3", "4", "5"),
        "a compromised third-party script served by a page on the PSP origin (Swagger UI)",
        "same-origin script opens the checkout and reads number, expiry and CVC",
        (
            Control(
                "the field origin serves no interactive docs (no third-party script)",
                (ORIGIN + "test_the_psp_field_origin_serves_no_interactive_docs",),
            ),
            Control(
                "every PSP response carries a policy that runs no script; field pages a nonce",
                (
                    ORIGIN + "test_every_psp_response_has_a_policy_that_runs_no_script",
                    "tests/psp/test_fields_pages.py::"
                    "test_only_the_nonce_tagged_fields_script_may_run",
                ),
            ),
        ),
        pci="6.4.3",
        hole=4,
    ),
    Threat(
        "T04",
        "Fake-field overlay: a look-alike input replaces the card iframe",
        Stride.SPOOFING,
        "merchant_frontend",
        ("3", "4"),
        "a script on the merchant origin (its /docs page) or a page framing the fields",
        "the shopper types the card into the attacker's input",
        (
            Control(
                "the checkout origin serves no interactive docs",
                (ORIGIN + "test_the_merchant_checkout_origin_serves_no_interactive_docs",),
            ),
            Control(
                "only registered origins may frame the card fields (frame-ancestors)",
                (
                    "tests/browser/test_frame_isolation.py::"
                    "test_an_unregistered_origin_cannot_frame_the_fields",
                ),
            ),
            Control(
                "the checkout is opener-isolated (COOP) and a loosened CSP is detected",
                (
                    ORIGIN + "test_the_checkout_page_is_isolated_from_windows_it_did_not_open",
                    "tests/pci/test_change_detection.py::"
                    "test_a_skimmer_with_a_csp_loosened_for_it_is_reported_with_the_hash_received",
                ),
            ),
        ),
        pci="6.4.3, 11.6.1",
        hole=4,
    ),
    Threat(
        "T05",
        "A hostile page forges messages between the SDK and the fields",
        Stride.SPOOFING,
        "sdk_core",
        ("7", "8"),
        "a page or window that posts messages to the checkout or the field frames",
        "a forged token or a stolen one is relayed to the merchant",
        (
            Control(
                "messages are accepted only from the right window, origin and channel",
                (
                    "tests/browser/test_message_security.py::"
                    "test_a_message_from_the_right_window_on_a_foreign_origin_is_ignored",
                    "tests/browser/test_message_security.py::"
                    "test_a_message_with_a_wrong_channel_from_a_real_frame_is_ignored",
                ),
            ),
            Control(
                "windows the checkout opens get no handle to it (COOP same-origin)",
                (
                    "tests/browser/test_message_security.py::"
                    "test_a_foreign_origin_window_the_checkout_opens_gets_no_handle_to_it",
                ),
            ),
        ),
    ),
    Threat(
        "T06",
        "Token replay and theft",
        Stride.SPOOFING,
        "psp",
        ("6", "9", "10", "10b"),
        "someone who captured a token in transit or from a log",
        "a second charge, or a charge on another merchant's account",
        (
            Control(
                "a token is single-use, also under 20 concurrent charges",
                (
                    "tests/psp/test_charges.py::test_a_token_is_single_use",
                    "tests/psp/test_charges.py::test_twenty_concurrent_charges_of_one_token_succeed_once",
                ),
            ),
            Control(
                "a token expires and its card is forgotten",
                (
                    "tests/psp/test_token_expiry.py::"
                    "test_a_token_past_its_lifetime_is_refused_and_its_card_forgotten",
                ),
            ),
            Control(
                "a token works only for the merchant it was made for",
                (
                    "tests/psp/test_charges.py::"
                    "test_another_merchants_token_looks_unknown_and_stays_usable",
                    "tests/payments/test_create_payment.py::test_another_merchants_token_is_not_found",
                ),
            ),
        ),
        pci="3.5.1",
    ),
    Threat(
        "T07",
        "One merchant reads or changes another merchant's payments",
        Stride.INFORMATION_DISCLOSURE,
        "payment_service",
        ("10",),
        "a merchant (or a thief of its key) probing other merchants' data",
        "payment data and idempotency records of other merchants exposed",
        (
            Control(
                "every read and idempotency key is scoped to the authenticated merchant",
                (
                    "tests/payments/test_list_and_get.py::test_another_merchants_payment_is_404",
                    "tests/payments/test_idempotency.py::test_keys_are_scoped_per_merchant",
                ),
            ),
            Control(
                "a publishable key opens nothing but tokenizing",
                (KEYS + "test_a_publishable_key_opens_no_operation_but_tokenizing",),
            ),
        ),
        pci="7.2.1",
    ),
    Threat(
        "T08",
        "Card testing through the PSP's tokenization",
        Stride.ELEVATION_OF_PRIVILEGE,
        "psp",
        ("5",),
        "a card tester with a list of stolen numbers and a merchant's publishable key",
        "the PSP tells which stolen cards are valid",
        (
            Control(
                "failed tokenizations are budgeted; a spent budget refuses good cards too",
                (
                    LIMITS + "test_the_21st_failure_in_a_minute_is_refused_with_retry_after",
                    LIMITS + "test_a_blocked_caller_cannot_tell_a_good_card_from_a_bad_one",
                ),
            ),
        ),
    ),
    Threat(
        "T09",
        "Card testing through the merchant's checkout",
        Stride.ELEVATION_OF_PRIVILEGE,
        "api_client",
        ("9", "10"),
        "a card tester driving the merchant's /api/checkout with fresh tokens",
        "declines such as lost_card or incorrect_cvc tell the tester about each card",
        (
            Control(
                "the browser gets a generic decline; the merchant's log keeps the exact code",
                (CHECKOUT_LIMITS + "test_a_telling_decline_reaches_the_browser_as_generic",),
            ),
            Control(
                "declines are budgeted per checkout session and per client address",
                (
                    CHECKOUT_LIMITS + "test_a_session_is_refused_after_its_declines_are_spent",
                    CHECKOUT_LIMITS
                    + "test_a_client_address_is_refused_after_its_declines_across_sessions",
                ),
            ),
        ),
        hole=5,
    ),
    Threat(
        "T10",
        "Lockout: an attacker spends a merchant's budget so good cards are refused",
        Stride.DENIAL_OF_SERVICE,
        "psp",
        ("5", "9"),
        "anyone with the merchant's publishable key, from rotating addresses",
        "the merchant's checkout refuses every shopper for a minute at a time",
        (
            Control(
                "a spent key budget refuses only the addresses that failed with it",
                (
                    LIMITS + "test_rotating_addresses_do_not_lock_a_fresh_shopper_out",
                    LIMITS + "test_a_spent_key_refuses_the_addresses_that_failed_with_it",
                ),
            ),
            Control(
                "the checkout's budgets are per caller: one client's declines refuse no other",
                (CHECKOUT_LIMITS + "test_one_clients_declines_do_not_refuse_another_clients_card",),
            ),
        ),
        hole=6,
    ),
    Threat(
        "T11",
        "Header spoofing: X-Forwarded-For picks the address the rate limits count",
        Stride.SPOOFING,
        "psp",
        ("5", "9"),
        "a card tester sending a new X-Forwarded-For with each attempt",
        "the PSP's per-address budget and the checkout's per-client budget never run out",
        (
            Control(
                "no proxy is trusted unless configured (uvicorn proxy headers off): the address "
                "is the TCP peer, at the PSP and at the merchant's checkout",
                (
                    LIMITS + "test_x_forwarded_for_does_not_change_the_address_the_budget_counts",
                    PROXIES + "test_by_default_x_forwarded_for_from_any_peer_changes_no_address",
                    PROXIES + "test_by_default_the_merchant_checkout_budget_keys_on_the_peer",
                ),
            ),
            Control(
                "trusted proxies are configured explicitly per service "
                "(FINCORE_<SERVICE>_TRUSTED_PROXIES, addresses or CIDRs, never '*'): only a "
                "listed peer's X-Forwarded-For is believed",
                (
                    PROXIES + "test_the_forwarded_address_is_used_from_a_trusted_proxy",
                    PROXIES + "test_a_cidr_network_of_proxies_is_trusted",
                    PROXIES + "test_the_forwarded_address_is_ignored_from_a_peer_not_listed",
                    PROXIES + "test_a_trusted_proxy_must_be_an_address_or_network",
                ),
            ),
        ),
        hole=7,
    ),
    Threat(
        "T12",
        "Request smuggling and ambiguous requests",
        Stride.TAMPERING,
        "payment_service",
        ("10",),
        "a client or intermediary crafting framing, headers or JSON read two ways",
        "a proxy, log or check sees another request than the handler",
        (
            Control(
                "control characters in headers are refused; chunked bodies are counted",
                (
                    "tests/security/test_hostile_headers.py::"
                    "test_a_control_character_in_a_header_is_a_bad_request",
                    "tests/security/test_hostile_bodies.py::"
                    "test_a_chunked_body_without_content_length_is_counted_as_it_arrives",
                ),
            ),
            Control(
                "JSON naming a key twice is refused, not resolved",
                (
                    "tests/security/test_hostile_bodies.py::test_a_key_named_twice_is_refused_not_resolved",
                ),
            ),
        ),
    ),
    Threat(
        "T13",
        "A card number stored by the Payment Service (out of PCI scope)",
        Stride.INFORMATION_DISCLOSURE,
        "payment_service",
        ("10",),
        "a careless or hostile integration sending card data in a disguise",
        "card numbers in the Payment Service's database or logs: it falls into PCI scope",
        (
            Control(
                "bodies must be UTF-8 (RFC 8259): the guard judges the bytes the parser reads",
                (GUARD + "test_a_json_body_that_is_not_utf8_is_refused",),
            ),
            Control(
                "DLP-style detection: glued, grouped, track data, encoded, split across values",
                (
                    GUARD + "test_a_disguised_card_number_in_the_description_is_refused",
                    GUARD + "test_a_card_number_split_across_metadata_values_is_refused",
                    "tests/security/test_card_data_in_disguise.py::"
                    "test_a_json_escaped_card_number_is_refused",
                ),
            ),
            Control(
                "nothing refused is kept: no rejected token string, no raw path in the log",
                (
                    GUARD + "test_a_failed_payment_does_not_keep_the_refused_token_string",
                    GUARD + "test_a_glued_card_number_in_an_unknown_payment_path_is_not_logged",
                ),
            ),
            Control(
                "the tripwire scans everything the service wrote",
                (
                    "tests/payments/test_pan_never_written.py::test_the_payment_service_wrote_no_card_number",
                ),
            ),
        ),
        pci="3.2.1 (scope: SAQ A)",
        hole=1,
    ),
    Threat(
        "T14",
        "The card guard refuses honest requests",
        Stride.DENIAL_OF_SERVICE,
        "payment_service",
        ("10",),
        "nobody: honest order ids and idempotency keys that look like cards to a Luhn rule",
        "one payment in ten refused under load",
        (
            Control(
                "a card needs a brand's prefix and length, Luhn, and to start a digit group",
                (
                    GUARD + "test_an_idempotency_key_of_prefix_unix_time_and_sequence_is_accepted",
                    GUARD + "test_honest_identifiers_pass_the_guard_below_one_in_a_thousand",
                    "tests/cards/test_card_scan.py::test_honest_identifiers_are_not_card_numbers",
                ),
            ),
        ),
        hole=2,
    ),
    Threat(
        "T15",
        "Platform key theft: a published or guessable key charges any merchant's tokens",
        Stride.ELEVATION_OF_PRIVILEGE,
        "payment_service",
        ("10b",),
        "anyone who read the source, the Dockerfile or a ready file",
        "charges and charge reads across every merchant, fault injection",
        (
            Control(
                "no fixed key: a development stack makes a random key per run",
                (
                    KEYS + "test_each_stack_run_has_its_own_random_platform_key",
                    KEYS + "test_the_ready_file_holds_this_runs_platform_key",
                ),
            ),
            Control(
                "production is the default and refuses to start without a live key",
                (
                    KEYS + "test_fincore_serve_defaults_to_production_and_needs_a_live_key",
                    KEYS + "test_production_refuses_a_test_mode_platform_key",
                ),
            ),
            Control(
                "charges need the platform key; no file a service writes holds a key",
                (
                    "tests/psp/test_charges.py::test_charging_needs_the_platform_key",
                    KEYS + "test_no_file_any_service_wrote_holds_a_full_key",
                ),
            ),
        ),
        pci="8.6.2",
        hole=3,
    ),
    Threat(
        "T16",
        "Test helpers on a production PSP (fault injection)",
        Stride.DENIAL_OF_SERVICE,
        "psp",
        ("5", "10b"),
        "a holder of the platform key, or anyone when the key is published",
        "every charge slowed by up to 60 s or failed on purpose",
        (
            Control(
                "the fault API exists only when switched on, and never in production",
                (
                    ORIGIN + "test_the_fault_injection_api_is_absent_unless_switched_on",
                    ORIGIN + "test_a_production_psp_refuses_to_start_with_test_helpers",
                ),
            ),
        ),
        pci="6.5.6",
        hole=3,
    ),
    Threat(
        "T17",
        "Resource exhaustion before authentication",
        Stride.DENIAL_OF_SERVICE,
        "payment_service",
        ("10",),
        "anyone who can reach the service, without a key",
        "seconds of event-loop CPU per request; health checks stall",
        (
            Control(
                "bodies over the service's limit are refused before parsing or authentication; "
                "the Payment Service's limit is its largest valid payment (338,661 bytes)",
                (
                    "tests/security/test_hostile_bodies.py::"
                    "test_a_body_over_the_limit_is_refused_before_parsing_or_authentication",
                    BODY_LIMIT
                    + "test_one_byte_over_the_limit_is_refused_by_size_before_the_key_or_the_guard",
                ),
            ),
            Control(
                "parsers refuse nesting and numbers that cost super-linear time; the card scan is "
                "linear numpy passes (CPU per MiB in bench/guard.py)",
                (
                    "tests/security/test_hostile_bodies.py::test_deeply_nested_json_is_invalid_json",
                    "tests/security/test_hostile_bodies.py::"
                    "test_an_integer_past_the_parsers_limit_is_invalid_json",
                    "tests/cards/test_card_scan.py::test_a_card_starts_where_a_group_of_digits_starts",
                ),
            ),
        ),
        hole=8,
    ),
    Threat(
        "T18",
        "Card numbers in the merchant's or the CDN's logs",
        Stride.INFORMATION_DISCLOSURE,
        "api_client",
        ("1", "2", "9"),
        "a hostile page, a careless integration or a skimmer's CSP report",
        "card data on the disk of a system meant to stay out of PCI scope",
        (
            Control(
                "the merchant demo and the CDN log metadata only, never bodies or queries",
                (
                    "tests/merchant/test_merchant_app.py::"
                    "test_the_merchant_logs_request_metadata_never_a_body_or_query_string",
                    "tests/cdn/test_cdn_app.py::"
                    "test_the_cdn_logs_request_metadata_never_a_body_or_query_string",
                ),
            ),
            Control(
                "CSP reports are stored sanitized; a field holding a card is withheld",
                (
                    "tests/merchant/test_csp_reports.py::"
                    "test_a_report_whose_blocked_url_path_holds_a_card_number_is_stored_withheld",
                ),
            ),
            Control(
                "a canary checkout leaves no card number outside the PSP",
                (
                    "tests/pci/test_tripwire_checkout.py::"
                    "test_a_canary_checkout_leaves_no_card_number_outside_the_psp",
                ),
            ),
        ),
        pci="3.2.1 (scope: SAQ A)",
        hole=10,
    ),
    Threat(
        "T19",
        "Card data and records kept longer or more readable than needed",
        Stride.INFORMATION_DISCLOSURE,
        "psp",
        ("6",),
        "a local user of the host, or whoever later copies its disk",
        "encrypted cards of never-used tokens kept; databases and logs world-readable",
        (
            Control(
                "a sweeper wipes the cards of expired tokens nobody presented",
                (
                    "tests/psp/test_token_sweeper.py::"
                    "test_an_expired_token_that_was_never_presented_has_its_card_wiped",
                    "tests/psp/test_charges.py::test_the_pan_is_encrypted_at_rest_and_wiped_after_use",
                ),
            ),
            Control(
                "databases and logs are created 0600 in 0700 folders",
                (
                    "tests/security/test_private_files.py::"
                    "test_every_file_and_folder_a_stack_writes_is_private",
                ),
            ),
        ),
        pci="3.2.1, 7.2.1",
        hole=11,
    ),
    Threat(
        "T20",
        "Card numbers in other scripts' digits slip past checks",
        Stride.TAMPERING,
        "payment_service",
        ("5", "10"),
        "a card tester or integration writing digits in full-width or Arabic-Indic form",
        "a card number stored in the Payment Service unnoticed",
        (
            Control(
                "the Payment Service's guard reads every script's digits as ASCII digits",
                (
                    "tests/cards/test_card_scan.py::test_digits_of_other_scripts_read_as_ascii_digits",
                    GUARD + "test_a_disguised_card_number_in_the_description_is_refused",
                ),
            ),
        ),
        hole=9,
    ),
    Threat(
        "T21",
        "Event-loop stall: resource exhaustion by large authenticated bodies",
        Stride.DENIAL_OF_SERVICE,
        "payment_service",
        ("10",),
        "a merchant integration, or whoever holds a secret key, sending large bodies at once",
        "each 1 MiB body held the event loop ~0.45 s in the card guard: every other request, "
        "health checks included, waited (2.1 s for four at once), and the load balancer could "
        "take healthy instances out",
        (
            Control(
                "the body limit follows the payment schema: the largest valid payment fits, one "
                "byte more is refused with 413 before the key or the guard is looked at",
                (
                    BODY_LIMIT + "test_the_largest_payment_padded_to_the_limit_is_charged",
                    BODY_LIMIT
                    + "test_one_byte_over_the_limit_is_refused_by_size_before_the_key_or_the_guard",
                    BODY_LIMIT
                    + "test_the_limit_holds_the_largest_payment_with_every_character_escaped",
                ),
            ),
            Control(
                "bodies past 8 KiB are scanned on a worker thread, one at a time: the loop "
                "answers /healthz while they are judged (stall in bench/guard.py)",
                (BODY_LIMIT + "test_healthz_is_answered_while_large_bodies_are_being_scanned",),
            ),
        ),
        hole=8,
    ),
    Threat(
        "T22",
        "Card numbers in the load balancer's logs or buffers, or in a file the tripwire skips",
        Stride.INFORMATION_DISCLOSURE,
        # The load balancer is deployment, not a logical element: it fronts this component.
        "payment_service",
        ("10",),
        "a careless integration putting a card number in a URL or body the service refuses",
        "the refused number stays on a disk outside PCI scope: the load balancer's access log "
        "(nginx logged the request line with its query string), its body buffers, or a "
        "scaled-out instance's folder nobody scanned",
        (
            Control(
                "the load balancer logs metadata only (no path or query) and keeps bodies up to "
                "the Payment Service's limit in memory",
                (PLACES + "test_a_scaled_out_stack_names_instances_balancer_and_database",),
            ),
            Control(
                "the tripwire detects as the guard does and scans every file the out-of-scope "
                "components write: SQLite files with -wal and -shm, request logs, the CSP report "
                "store, each instance's folder, the load balancer's, the shared database",
                (
                    PLACES
                    + "test_a_disguised_card_number_in_any_written_file_is_named_by_its_place",
                    PLACES + "test_the_stack_writes_only_files_the_tripwire_test_plants_in",
                ),
            ),
        ),
        pci="3.2.1 (scope: SAQ A)",
    ),
    Threat(
        "T23",
        "Answers that reflect what the caller sent, or serve what it did not ask for",
        Stride.TAMPERING,
        "payment_service",
        ("10",),
        "a client sending CR/LF, markup or a card number as its Request-Id or a query "
        "parameter's name, an unknown API version, or a misspelt filter",
        "header injection or a card number reflected into answers and logs; a request served "
        "under another version's rules; a filter silently ignored",
        (
            Control(
                "a caller's Request-Id is echoed only when it is a short plain token holding no "
                "card number, otherwise replaced by a new id",
                (REQUEST_ID + "test_an_unsafe_request_id_is_replaced_never_reflected",),
            ),
            Control(
                "only supported FinCore-Version values are served; another is refused, never "
                "echoed, before anything is charged",
                (
                    VERSION + "test_an_unknown_version_is_refused_with_the_error_object",
                    VERSION + "test_a_payment_asked_under_an_unknown_version_charges_nothing",
                ),
            ),
            Control(
                "unknown query parameters are refused after authentication and the card guard; "
                "a name unsafe to repeat is not repeated",
                (
                    QUERY + "test_an_unknown_query_parameter_is_refused",
                    QUERY + "test_authentication_answers_before_the_query_is_judged",
                    QUERY + "test_the_card_guard_answers_before_the_query_is_judged",
                    QUERY + "test_an_unknown_name_that_is_unsafe_to_repeat_is_refused_"
                    "without_repeating_it",
                ),
            ),
            Control(
                "the OpenAPI documents claim only the security the services enforce, so a "
                "generated client is authenticated",
                (CONTRACT + "test_the_documented_security_is_what_the_service_enforces",),
            ),
        ),
    ),
    Threat(
        "T24",
        "A card number in the walkthroughs' recordings, notebook outputs or report",
        Stride.INFORMATION_DISCLOSURE,
        "psp",
        ("5", "10", "10b"),
        "anyone who reads a committed notebook, a CI artefact or the HTML report",
        "the wire shown for steps 5-10b would publish card data and keys far outside scope",
        (
            Control(
                "exchanges are kept only when a notebook asks, masked as recorded (first 6 and "
                "last 4, no security code; the whole text withheld if an encoded card survives)",
                (
                    WIRE + "test_nothing_is_kept_of_an_exchange_until_asked",
                    WIRE + "test_card_numbers_keep_first_six_and_last_four_and_security_codes_go",
                    WIRE + "test_a_card_number_in_an_encoding_the_mask_cannot_rewrite_"
                    "withholds_the_whole_text",
                    WIRE + "test_no_kept_exchange_holds_a_card_number_the_psp_received_one",
                ),
            ),
        ),
        pci="3.4.1 (PAN masked when displayed)",
    ),
    # Issue 17, capture and refunds (steps 11-12b). Ids T-LC* so that the helpers' blocks merge
    # without renumbering.
    Threat(
        "T-LC1",
        "Refunds beyond what was captured, sent at once or through several instances",
        Stride.TAMPERING,
        "payment_service",
        ("12", "12b"),
        "a merchant integration (or an attacker holding its key) firing refunds concurrently",
        "money paid out beyond the captured amount, at the merchant's and the platform's cost",
        (
            Control(
                "each refund reserves its amount with a conditional UPDATE "
                "(amount_refunded + amount <= amount_captured) in the transaction that records "
                "it, before the PSP is called; one database decides for every instance",
                (
                    REFUNDS + "test_partial_refunds_add_up_to_the_captured_amount_and_no_further",
                    REFUNDS + "test_concurrent_refunds_never_exceed_the_captured_amount",
                    ACROSS + "test_concurrent_refunds_on_two_instances_never_exceed_the_capture",
                ),
            ),
            Control(
                "the PSP enforces the same limit on its charge and refunds once per key",
                (PSP_OPS + "test_refunds_never_exceed_what_was_captured",),
            ),
        ),
    ),
    Threat(
        "T-LC2",
        "A capture or refund repeated on retry after a lost answer",
        Stride.TAMPERING,
        "payment_service",
        ("11", "11b", "12", "12b"),
        "the network or a crashed instance, then a retrying client or the sweeper",
        "the shopper charged twice for one authorization, or refunded twice",
        (
            Control(
                "the intent (capturing, a pending refund) is recorded first; the PSP call's key "
                "is derived from our own id, so asking again replays instead of repeating",
                (
                    FAULTS + "test_a_lost_capture_answer_ends_in_exactly_one_capture",
                    FAULTS + "test_a_lost_refund_answer_ends_in_exactly_one_refund",
                    FAULTS + "test_the_sweeper_finishes_a_capture_left_waiting",
                    ACROSS + "test_concurrent_captures_on_two_instances_capture_once",
                ),
            ),
            Control(
                "an Idempotency-Key replays the first answer and refuses another body (422)",
                (
                    CAPTURE + "test_a_capture_retried_with_its_key_is_replayed_not_repeated",
                    REFUNDS + "test_a_refund_retried_with_its_key_is_replayed_not_repeated",
                    REFUNDS + "test_a_refund_key_reused_with_another_body_is_refused",
                ),
            ),
        ),
    ),
    Threat(
        "T-LC3",
        "A capture after the authorization expired",
        Stride.TAMPERING,
        "payment_service",
        ("11", "11b"),
        "a merchant capturing days late, after the hold on the card was released",
        "funds taken from a shopper whose hold lapsed, or a capture the card network disputes",
        (
            Control(
                "the capture is refused after capture_before (ours, never later than the PSP's), "
                "and the sweeper cancels expired authorizations as 'expired'",
                (
                    FAULTS + "test_an_authorization_past_its_window_cannot_be_captured",
                    FAULTS + "test_the_sweeper_cancels_expired_authorizations_as_expired",
                ),
            ),
            Control(
                "the PSP refuses a capture after its own expiry",
                (PSP_OPS + "test_an_authorization_cannot_be_captured_after_capture_before",),
            ),
        ),
    ),
    Threat(
        "T-LC4",
        "Capturing, canceling or refunding another merchant's payment (IDOR)",
        Stride.ELEVATION_OF_PRIVILEGE,
        "payment_service",
        ("11", "12"),
        "a merchant (or its leaked key) guessing or learning another merchant's payment id",
        "another merchant's money moved, or its payments and refunds disclosed",
        (
            Control(
                "every lookup is scoped to the calling merchant; another's payment or refund "
                "answers 404 exactly like one that does not exist, and nothing changes",
                (
                    CAPTURE + "test_another_merchants_payment_is_not_found_and_stays_uncaptured",
                    REFUNDS + "test_another_merchants_payment_cannot_be_refunded_and_looks_unknown",
                    REFUNDS + "test_another_merchants_refund_is_not_found_nor_listed",
                ),
            ),
        ),
    ),
    # Events and webhooks (steps 13-14): the payment's event, signed, to the merchant's backend.
    Threat(
        "TW1",
        "A forged webhook makes the merchant ship an unpaid order",
        Stride.SPOOFING,
        "api_client",
        ("13", "14"),
        "anyone who finds the merchant's webhook URL and posts a made-up payment.succeeded",
        "goods released for a payment that never happened",
        (
            Control(
                "every delivery carries an HMAC-SHA256 of its timestamp and raw body under the "
                "endpoint's secret; the merchant refuses a delivery whose signature does not "
                "match with 400 and records nothing",
                (
                    SIGNATURE + "test_a_signature_under_another_secret_is_refused",
                    SIGNATURE + "test_any_change_to_the_body_is_refused",
                    MERCHANT_HOOKS
                    + "test_a_delivery_that_fails_verification_is_refused_and_changes_nothing",
                ),
            ),
            Control(
                "signing and verification are one module both sides import, proven on any body "
                "and secret, with malformed headers refused clearly",
                (
                    SIGNATURE + "test_any_body_signed_by_any_secret_verifies_at_its_time",
                    SIGNATURE + "test_a_malformed_header_is_refused_with_a_clear_message",
                    DISPATCH + "test_a_due_event_is_posted_signed_with_the_endpoints_secret",
                ),
            ),
        ),
    ),
    Threat(
        "TW2",
        "A genuine webhook captured and replayed later",
        Stride.TAMPERING,
        "api_client",
        ("13", "14"),
        "whoever recorded one delivery (a log, a proxy) and sends it again",
        "an order moved twice, or moved back to an earlier state",
        (
            Control(
                "the signed timestamp must be within 5 minutes of the receiver's clock, either "
                "way; a changed timestamp breaks the signature",
                (
                    SIGNATURE + "test_a_timestamp_outside_the_tolerance_is_refused_as_a_replay",
                    SIGNATURE + "test_a_changed_timestamp_invalidates_the_signature",
                ),
            ),
            Control(
                "the merchant applies each event id once and never moves an order back",
                (
                    MERCHANT_HOOKS + "test_a_duplicate_delivery_is_applied_once",
                    MERCHANT_HOOKS + "test_a_late_event_never_moves_an_order_back",
                ),
            ),
        ),
    ),
    Threat(
        "TW3",
        "Server-side request forgery through a webhook endpoint URL",
        Stride.ELEVATION_OF_PRIVILEGE,
        "payment_service",
        ("13",),
        "a merchant (or a stolen secret key) registering an endpoint on an inside address",
        "the Payment Service made to POST into its own network: the cloud metadata service, "
        "the database, admin ports",
        (
            Control(
                "in production only https URLs on public addresses are accepted: loopback, "
                "private, link-local, shared, multicast and reserved addresses are refused, "
                "IPv4-mapped IPv6 included",
                (
                    URLS + "test_urls_that_reach_inside_are_refused_in_production",
                    URLS + "test_ipv4_mapped_ipv6_is_judged_as_the_ipv4_address",
                    ENDPOINTS + "test_bad_endpoints_are_refused_with_the_documented_error",
                ),
            ),
            Control(
                "a host name is judged again by what it resolves to when a delivery connects "
                "(DNS rebinding); redirects are never followed",
                (
                    URLS + "test_a_host_name_that_resolves_to_loopback_is_refused_when_a_"
                    "delivery_connects",
                    DISPATCH + "test_a_redirect_an_error_or_a_timeout_is_a_failed_attempt",
                ),
            ),
            Control(
                "the loopback allowance of the lab is a development setting, refused in production",
                (
                    URLS + "test_the_development_setting_allows_loopback_only",
                    URLS + "test_the_development_setting_is_refused_in_production",
                ),
            ),
        ),
    ),
    Threat(
        "TW4",
        "The webhook signing secret disclosed",
        Stride.INFORMATION_DISCLOSURE,
        "payment_service",
        ("13",),
        "another merchant, or anyone reading the endpoint list later",
        "webhooks forged with the real secret",
        (
            Control(
                "the secret (256 random bits) is answered once, at creation; never in a list or "
                "a retrieval, and another merchant cannot see the endpoint at all",
                (
                    ENDPOINTS + "test_the_secret_is_answered_at_creation_only",
                    ENDPOINTS + "test_another_merchant_can_neither_see_nor_delete_an_endpoint",
                ),
            ),
        ),
    ),
    Threat(
        "TW5",
        "Event floods and duplicate deliveries",
        Stride.DENIAL_OF_SERVICE,
        "payment_service",
        ("13",),
        "a merchant fanning one event out to many endpoints, an endpoint that never answers, "
        "or several instances sending at once",
        "the dispatcher busy forever, a merchant's server flooded with the same event",
        (
            Control(
                "at most 16 endpoints per merchant; each attempt has a timeout, and retries stop "
                "after a 3-day schedule",
                (
                    ENDPOINTS + "test_a_merchant_cannot_fan_out_to_more_than_the_endpoint_limit",
                    DISPATCH + "test_an_endpoint_that_never_answers_2xx_is_given_up_after_more_"
                    "than_three_days",
                ),
            ),
            Control(
                "a delivery is claimed by a conditional UPDATE fenced by its attempt count: two "
                "instances never send one attempt, a sender past its lease cannot overwrite a "
                "newer attempt",
                (
                    DISPATCH + "test_two_instances_on_one_database_never_send_the_same_attempt",
                    DISPATCH + "test_a_sender_that_outlived_its_lease_cannot_overwrite_the_"
                    "newer_attempt",
                    DISPATCH + "test_an_attempt_whose_sender_died_is_sent_again_once_its_lease_"
                    "runs_out",
                ),
            ),
        ),
    ),
    Threat(
        "TW6",
        "An event that says what did not happen, or misses what did",
        Stride.REPUDIATION,
        "payment_service",
        ("10", "13"),
        "a crash or a failed write between a payment's outcome and its event; a replayed request",
        "a merchant told of a payment that was not settled, or never told of one that was",
        (
            Control(
                "the event is written in the transaction that settles the payment (the outbox): "
                "both commit or neither; only the transaction that leaves pending records one",
                (
                    OUTBOX + "test_when_the_event_cannot_be_recorded_the_outcome_is_not_stored_"
                    "either",
                    OUTBOX + "test_an_event_written_before_a_later_failure_in_its_transaction_is_"
                    "rolled_back",
                    OUTBOX + "test_a_replayed_payment_records_no_second_event",
                ),
            ),
        ),
    ),
    # Issue 19: the notebooks as a conformance suite for any deployment (target files, the PSP's
    # HTTP test helpers).
    Threat(
        "T19a",
        "The PSP's test helpers left switched on in production",
        Stride.TAMPERING,
        "psp",
        ("10b",),
        "anyone holding the platform key of a production PSP, or an insider",
        "charges could be failed, slowed or lost on purpose and token expiry moved at will",
        (
            Control(
                "test helpers exist only with FINCORE_PSP_TEST_HELPERS=true, and a production-mode "
                "PSP refuses to start with the setting on",
                (
                    ORIGIN + "test_a_production_psp_refuses_to_start_with_test_helpers",
                    HELPERS + "test_a_production_psp_refuses_test_helpers_from_its_environment",
                    HELPERS + "test_without_the_setting_the_helpers_are_absent",
                ),
            ),
            Control(
                "every helper needs the platform key, which only the Payment Service holds",
                (HELPERS + "test_the_helpers_need_the_platform_key",),
            ),
        ),
        pci="6.5.3 (pre-production and production separated)",
    ),
    Threat(
        "T19b",
        "A target file's keys written into executed notebooks or the HTML report",
        Stride.INFORMATION_DISCLOSURE,
        "payment_service",
        ("10",),
        "anyone who reads a nightly conformance run's notebooks, CI artefacts or report",
        "a staging secret key or platform key published with the run's outputs",
        (
            Control(
                "notebooks receive the target file's path, never its keys, and show a target "
                "or a connection with keys redacted",
                (
                    TARGET + "test_a_target_never_shows_its_keys",
                    RUN + "test_begin_and_the_connection_never_show_a_secret_key",
                ),
            ),
        ),
        pci="3.6.1 (keys protected), 8.3.2 (credentials unreadable)",
    ),
    # 3-D Secure (issue 18): the PSP's challenge frame, its answers, and the next_action URL.
    Threat(
        "T3DS-1",
        "Challenge-frame overlay or clickjacking: a page frames the PSP's 3-D Secure challenge",
        Stride.SPOOFING,
        "psp_challenge",
        ("15", "15b"),
        "a site that frames the challenge under its own UI, or covers it, to steer the shopper's "
        "click",
        "a shopper approves a payment they did not mean to, or on a site that is not the shop",
        (
            Control(
                "the challenge page is served only for an origin the charge's merchant registered, "
                "with frame-ancestors naming only the merchant's origins",
                (
                    THREE_DS_PSP + "test_the_challenge_page_is_refused_to_an_unregistered_origin",
                    THREE_DS_PSP + "test_the_challenge_page_shows_the_payment_and_may_be_framed_"
                    "only_by_the_merchant",
                    THREE_DS_BROWSER
                    + "test_the_challenge_cannot_be_framed_by_an_unregistered_origin",
                ),
            ),
            Control(
                "the SDK shows it as a topmost, focus-trapped modal dialog that names the merchant "
                "and amount, so nothing on the page sits over it",
                (
                    THREE_DS_BROWSER
                    + "test_the_challenge_opens_as_an_accessible_modal_and_approving_pays",
                ),
            ),
        ),
        pci="6.4.3 (payment page scripts), 11.6.1 (payment page changes)",
    ),
    Threat(
        "T3DS-2",
        "Replayed or forged 3-D Secure authentication result",
        Stride.TAMPERING,
        "psp",
        ("16", "16b"),
        "someone who captured a challenge answer, or forges one for another session or a "
        "result message to the page",
        "a failed authentication turned into a success, or a charge completed without the shopper",
        (
            Control(
                "an answer moves its session out of pending once (conditional UPDATE); a replay "
                "changes nothing",
                (THREE_DS_PSP + "test_a_replayed_answer_changes_nothing",),
            ),
            Control(
                "the answer carries a nonce bound to its session by HMAC; another session's is "
                "refused with 403",
                (THREE_DS_PSP + "test_an_answer_forged_for_another_session_is_refused",),
            ),
            Control(
                "the SDK accepts the result only from the PSP origin, from its own frame, on its "
                "channel; the merchant backend trusts the Payment Service, not the page",
                (
                    THREE_DS_BROWSER + "test_a_result_message_not_from_the_challenge_frame_is_"
                    "ignored",
                    THREE_DS_PAYMENTS
                    + "test_retrieving_the_payment_settles_it_with_the_challenges_outcome",
                ),
            ),
        ),
    ),
    Threat(
        "T3DS-3",
        "Abandoned 3-D Secure challenge leaves a payment waiting forever",
        Stride.DENIAL_OF_SERVICE,
        "payment_service",
        ("15", "17"),
        "a shopper who closes the challenge, or a bot that starts payments it never answers",
        "payments and orders stuck in requires_action; stock or funds held without end",
        (
            Control(
                "the PSP fails a challenge nobody answered in time (authentication_expired); a "
                "late answer cannot revive it",
                (
                    "tests/psp/test_authentication_expiry.py::"
                    "test_an_abandoned_challenge_fails_the_charge_when_it_expires",
                    THREE_DS_BROWSER + "test_a_challenge_answered_after_it_expired_fails_cleanly",
                ),
            ),
            Control(
                "the Payment Service settles waiting payments in its sweeper and fails one past "
                "FINCORE_PAYMENTS_ACTION_TTL_SECONDS with payment_action_expired",
                (
                    THREE_DS_PAYMENTS
                    + "test_an_abandoned_challenge_fails_the_payment_with_a_clear_code",
                    THREE_DS_PAYMENTS + "test_a_payment_waiting_past_the_action_ttl_fails_with_"
                    "payment_action_expired",
                ),
            ),
        ),
    ),
    Threat(
        "T3DS-4",
        "next_action URL swapped to a phishing origin",
        Stride.SPOOFING,
        "sdk_core",
        ("15",),
        "a compromised merchant backend or a man in the middle of the page's own API who "
        "rewrites next_action.url",
        "the shopper types bank credentials or a one-time code into the attacker's page, framed "
        "as the bank's",
        (
            Control(
                "handleNextAction refuses a URL not on the configured PSP origin and opens nothing",
                (THREE_DS_BROWSER + "test_a_next_action_swapped_to_another_origin_is_refused",),
            ),
            Control(
                "the Payment Service builds next_action from the PSP charge id and its configured "
                "PSP URL, and keeps no authentication data",
                (
                    THREE_DS_PAYMENTS + "test_a_challenge_card_answers_202_requires_action_with_"
                    "only_the_challenge_url",
                    THREE_DS_BROWSER + "test_no_card_number_or_authentication_data_reaches_the_"
                    "merchant_or_payment_service",
                ),
            ),
        ),
    ),
)


def threat_model() -> tuple[Threat, ...]:
    return THREATS


def evidence_ids(threats: tuple[Threat, ...] = THREATS) -> list[str]:
    """Every distinct test id named as evidence, in model order."""
    seen: dict[str, None] = {}
    for threat in threats:
        for control in threat.controls:
            seen.update(dict.fromkeys(control.evidence))
    return list(seen)


def gaps(threats: tuple[Threat, ...], collected: set[str]) -> list[str]:
    """What makes the model unfit for review: a threat without a control, a control without
    evidence, evidence that names no collected test (``collected``: pytest node ids)."""
    found = []
    for threat in threats:
        if not threat.controls:
            found.append(f"{threat.id} has no control")
        for control in threat.controls:
            if not control.evidence:
                found.append(f"{threat.id}: '{control.what}' has no evidence")
            found += [
                f"{threat.id}: no test {test_id}"
                for test_id in control.evidence
                if not matching(test_id, collected)
            ]
    return found


def matching(test_id: str, collected: set[str]) -> list[str]:
    """The collected node ids ``test_id`` stands for: itself, or its parametrized cases."""
    return [node for node in collected if node == test_id or node.startswith(test_id + "[")]
