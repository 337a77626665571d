"""A number too large for any database key in a URL is no page, on every backend: SQLite (the
embedded default) refused it with an OverflowError (a 500) on lookups through a foreign key."""

from pathlib import Path

import pytest
from django.urls import NoReverseMatch, resolve, reverse

ROOT = Path(__file__).resolve().parents[2]
TOO_LARGE = str(2**63)  # one more than a signed 64-bit key holds


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", f"/roadshow/sessions/{TOO_LARGE}/pay/"),
        ("get", f"/roadshow/sessions/{TOO_LARGE}/invoice/"),
        ("post", f"/roadshow/sessions/{TOO_LARGE}/cancel-registration/"),
        ("get", f"/api/v1/roadshow/sessions/{TOO_LARGE}/invoice/"),
        ("post", f"/api/v1/roadshow/sessions/{TOO_LARGE}/invoice/"),
        ("get", "/roadshow/sessions/99999999999999999999/"),
    ],
)
def test_an_id_too_large_for_a_key_is_no_page_for_a_signed_in_person(client, investor, method, url):
    client.force_login(investor)
    assert getattr(client, method)(url).status_code == 404


def test_the_largest_key_still_resolves_and_reverses():
    largest = 2**63 - 1
    match = resolve(f"/roadshow/sessions/{largest}/")
    assert match.kwargs == {"pk": largest}
    assert reverse("roadshow:session_detail", kwargs={"pk": largest}) == f"/roadshow/sessions/{largest}/"
    # Past the bound only the CMS's catch-all page route takes the path (and finds no page).
    assert resolve(f"/roadshow/sessions/{TOO_LARGE}/").url_name != "session_detail"
    with pytest.raises(NoReverseMatch):
        reverse("roadshow:session_detail", kwargs={"pk": "-1"})


def test_every_parts_url_takes_ids_through_the_bounded_converter():
    unbounded = [
        f"{path.relative_to(ROOT)}"
        for path in ROOT.glob("*/*.py")
        if path.parts[-2] not in {".venv", "tests", "benchmarks"}
        and "<int:" in path.read_text(encoding="utf-8")
    ]
    assert unbounded == []
