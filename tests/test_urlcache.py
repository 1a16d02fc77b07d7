"""rnk_site.urlcache: remembered addresses are the addresses reverse() gives."""

from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix

from rnk_site.urlcache import object_url


def test_an_object_url_is_reverses_answer():
    assert object_url("sources:source_detail", slug="a-b") == reverse(
        "sources:source_detail", kwargs={"slug": "a-b"}
    )
    assert object_url("briefings:claim_detail", pk=7) == "/claims/7/"


def test_a_site_under_a_sub_path_gets_its_own_addresses():
    plain = object_url("briefings:claim_detail", pk=7)
    set_script_prefix("/desk/")
    try:
        assert object_url("briefings:claim_detail", pk=7) == "/desk/claims/7/"
    finally:
        clear_script_prefix()
    assert object_url("briefings:claim_detail", pk=7) == plain


@override_settings(ROOT_URLCONF="tests.urls_elsewhere")
def test_another_url_configuration_is_not_answered_from_memory():
    assert object_url("briefings:claim_detail", pk=7) == "/elsewhere/claims/7/"
