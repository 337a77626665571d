"""What higher parts tell the notifications floor, without it importing them.

- Digest sections: each part that has something for a person's daily digest registers a
  ``collect(user, since)`` returning ``DigestItem`` rows (deal flow: requests awaiting an answer;
  search: new matches; the digest itself: saved-search results). The digest reads them in order.
- Centre links: pages of higher parts the notification centre links to (the saved searches).

Parts register in their ``AppConfig.ready``; registering twice is harmless.
"""

from dataclasses import dataclass, field


@dataclass
class DigestItem:
    """One line of a digest: a heading, the listing's ref and title, an absolute link, reasons."""

    heading: str
    ref: str
    title: str
    url: str
    reasons: list = field(default_factory=list)


@dataclass(frozen=True)
class DigestSection:
    name: str
    order: int
    collect: object


@dataclass(frozen=True)
class CentreLink:
    label: str
    url_name: str


_digest_sections = {}
_centre_links = {}


def register_digest_section(*, name, order, collect):
    """Add (or replace) the digest section ``name``; ``collect(user, since)`` returns DigestItems."""
    _digest_sections[name] = DigestSection(name=name, order=order, collect=collect)


def digest_sections():
    """The registered sections, in their order. No side effects."""
    return sorted(_digest_sections.values(), key=lambda section: (section.order, section.name))


def register_centre_link(*, label, url_name):
    """Show a link to ``url_name`` (a URL name) on the notification centre, labelled ``label``."""
    _centre_links[url_name] = CentreLink(label=label, url_name=url_name)


def centre_links():
    """The links the notification centre shows besides its own. No side effects."""
    return list(_centre_links.values())
