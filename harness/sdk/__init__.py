"""Third-party SDK attribution by Java package prefix and by network host."""

from harness.sdk.database import Sdk, SdkDatabase, SdkSource

__all__ = ["Sdk", "SdkDatabase", "SdkSource"]
