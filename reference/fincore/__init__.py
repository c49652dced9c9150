"""FinCore Tokenization Lab: the reference implementation behind the notebooks.

Steps of the tokenization flow (kept identical in code, traces, diagrams and notebooks):

 1. the merchant serves its checkout page
 2. the page initialises the FinCore JS SDK (served from our CDN with SRI)
 3. the SDK renders card-field iframes hosted by the PSP
 4. the shopper types the card into those iframes
 5. the iframe sends it straight to the PSP
 6. the PSP returns a one-time token
 7. the iframe passes the token to the SDK
 8. the SDK passes it to the merchant page
 9. the page sends it to the merchant backend
10. the merchant backend calls the Payment Service, which charges the token through the PSP
"""

__version__ = "0.1.0"
