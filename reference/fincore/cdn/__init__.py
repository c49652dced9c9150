"""The CDN host for fincore.js (standing in for S3 + CloudFront).

Serves the built SDK, the iframe-side script and the manifest at immutable versioned paths, with
the headers Subresource Integrity needs (``Access-Control-Allow-Origin: *`` for
``crossorigin="anonymous"``) and gzip when the browser asks. Brotli is not offered: no brotli
package is installed here.
"""

from fincore.cdn.app import create_app
from fincore.cdn.settings import CDNSettings

__all__ = ["CDNSettings", "create_app"]
