"""Demo content, read only by ``load_demo`` and ``generate_listings``: nothing at run time imports it.

``site_data`` holds the demo pages, organisations and people; each part's module (``listings``,
``dealflow``, ``roadshow``, ``procurement``, ``indicators``) loads that part's demo rows; ``synthetic``
makes realistic listings in bulk. The reference data the site needs (tracks, zones, glossary) is in
``taxonomy``.
"""
