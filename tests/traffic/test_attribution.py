"""Receivers: registrable domains (Public Suffix List), first party, SDK by network signature."""

from __future__ import annotations

import pytest

from harness.domains import domain_names, normalise_host
from harness.model import Receiver
from harness.profile import AppProfile
from harness.sdk import Sdk, SdkDatabase
from harness.traffic.attribution import HostAttributor, sdk_display_name


@pytest.mark.parametrize(
    ("host", "registrable"),
    [
        ("alog.umeng.com", "umeng.com"),
        ("ALOG.Umeng.COM.", "umeng.com"),
        ("news.bbc.co.uk", "bbc.co.uk"),  # two-label public suffix
        ("a.b.example.com.cn", "example.com.cn"),
        ("user1.github.io", "user1.github.io"),  # private suffix: a separate party
        ("d111.cloudfront.net", "d111.cloudfront.net"),
        ("x.example.invalid", "example.invalid"),  # unknown TLDs act as one label
        ("203.0.113.7", "203.0.113.7"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("api.harnesslab.com:8443", "harnesslab.com"),
        ("localhost", "localhost"),
        ("co.uk", "co.uk"),  # a public suffix has no registrable part
    ],
)
def test_registrable_domain(host: str, registrable: str) -> None:
    assert domain_names().registrable(host) == registrable


def test_normalise_host() -> None:
    assert normalise_host(" Api.Example.COM:443 ") == "api.example.com"
    assert normalise_host("[::1]:8080") == "::1"


def test_first_party_is_the_registrable_domain_of_own_domains_and_package() -> None:
    profile = AppProfile(package="com.harnesslab.calibration", own_domains=("cdn.labstatic.net",))
    assert profile.package_domain() == "harnesslab.com"
    assert profile.is_first_party("api.harnesslab.com")
    assert profile.is_first_party("img.labstatic.net")  # same registrable domain as an own one
    assert not profile.is_first_party("harnesslab.com.evil.example")
    assert not profile.is_first_party("alog.umeng.com")
    # The old "last two labels" rule made every .co.uk host first party for this app.
    bbc = AppProfile(package="uk.co.bbc.news")
    assert bbc.package_domain() == "bbc.co.uk"
    assert bbc.is_first_party("www.bbc.co.uk")
    assert not bbc.is_first_party("tracker.co.uk")
    assert AppProfile(package="single").package_domain() is None


def _sdk(name: str, sdk_id: str) -> Sdk:
    return Sdk(sdk_id, name, (), "test", (), ())


def test_sdk_display_name_is_what_the_names_share() -> None:
    assert sdk_display_name([]) is None
    assert sdk_display_name([_sdk("AppsFlyer", "1")]) == "AppsFlyer"
    umeng = [_sdk("Umeng Common SDK logging", "1"), _sdk("Umeng Analytics", "2")]
    assert sdk_display_name(umeng) == "Umeng"
    assert sdk_display_name([_sdk("Foo Ads", "1"), _sdk("Bar Ads", "2")]) == "Foo Ads"


@pytest.fixture(scope="module")
def sdk_db() -> SdkDatabase:
    return SdkDatabase.load()


@pytest.mark.parametrize(
    ("host", "receiver", "sdk"),
    [
        ("alog.umeng.com", Receiver.THIRD_PARTY, "Umeng"),
        ("t.appsflyer.com", Receiver.THIRD_PARTY, "AppsFlyer"),
        ("graph.facebook.com", Receiver.THIRD_PARTY, "Facebook"),
        ("app.adjust.com", Receiver.THIRD_PARTY, "Adjust"),
        ("collect.labtracker.net", Receiver.THIRD_PARTY, None),
        ("api.harnesslab.com", Receiver.FIRST_PARTY, None),
    ],
)
def test_attributor(sdk_db: SdkDatabase, host: str, receiver: Receiver, sdk: str | None) -> None:
    attributor = HostAttributor(AppProfile(package="com.harnesslab.traffictour"), sdk_db)
    found = attributor.attribute(host)
    assert (found.host, found.receiver, found.sdk) == (host, receiver, sdk)
    assert bool(found.sdk_ids) == (sdk is not None)
    assert attributor.attribute(host.upper()) is found  # cached per normalised host
