"""What higher parts tell search, without it importing them: where a search can be saved."""

_save_search_page = {}


def register_save_search_page(*, url_name):
    """The page (a URL name) that keeps a search; the search page links to it with its query."""
    _save_search_page["url_name"] = url_name


def save_search_url_name():
    """The URL name registered above, or None when no part keeps searches. No side effects."""
    return _save_search_page.get("url_name")
