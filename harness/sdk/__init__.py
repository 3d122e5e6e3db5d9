"""Third-party SDK attribution by Java package prefix and by network host.

May import: harness.errors only.
"""

from harness.sdk.database import Sdk, SdkDatabase, SdkSource

__all__ = ["Sdk", "SdkDatabase", "SdkSource"]
