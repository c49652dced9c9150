"""Keys both services must agree on, kept here so neither service imports the other."""

# The platform key the Payment Service presents to the PSP in development. Production refuses it.
DEVELOPMENT_PLATFORM_KEY = "psp_sk_test_development_only"
