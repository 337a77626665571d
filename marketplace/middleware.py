from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that the API follows the client's Accept-Language.

    With Chinese unprefixed at the root, Django pins every path without a language prefix to
    the default language; pages choose their language by URL, but API clients can only say it
    in a header.
    """

    api_prefix = "/api/"

    def process_request(self, request):
        if not request.path_info.startswith(self.api_prefix):
            return super().process_request(request)
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None
