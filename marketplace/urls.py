from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home.sitemaps import BilingualSitemap

# Not translated: machine-facing endpoints and the admin (which has its own language setting).
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": BilingualSitemap}}, name="sitemap"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("accounts.api")),
    path("api/v1/", include("listings.api")),
    path("api/v1/", include("search.api")),
    path("api/v1/", include("dealflow.api")),
    path("api/v1/", include("platforms.api")),
    path("api/v1/", include("roadshow.api")),
    path("api/v1/", include("procurement.api")),
    path("api/v1/", include("funding.api")),
    path("api/v1/", include("network.api")),
    path("api/v1/", include("notifications.api")),
    path("api/v1/", include("indicators.api")),
    path("", include("roadshow.webhook_urls")),
    path("", include("roadshow.feed_urls")),
    path("", include("procurement.feed_urls")),
]

# Chinese is the default and lives at the root; English under /en/.
urlpatterns += i18n_patterns(
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("listings/", include("listings.urls")),
    path("search/", include("search.urls")),
    path("deals/", include("dealflow.urls")),
    path("platforms/", include("platforms.urls")),
    path("roadshow/", include("roadshow.urls")),
    path("products/", include("procurement.urls")),
    path("funding/", include("funding.urls")),
    path("network/", include("network.urls")),
    path("notifications/saved-searches/", include("digest.urls")),
    path("notifications/", include("notifications.urls")),
    path("indicators/", include("indicators.urls")),
    path("workspace/", include("workspace.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns = (
        staticfiles_urlpatterns()
        + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
        + urlpatterns
    )
