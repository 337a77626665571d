"""Helpers for the payment tests: the payee account switched on, paid sessions, people, statements."""

from decimal import Decimal

from wagtail.models import Locale, Page, Site

from accounts.roles import Role
from roadshow.models import RoadshowPaymentSettings
from tests.factories import user_with_role
from tests.factories.roadshow import RoadshowSessionFactory

PAYEE_NAME = "滨海测试转化中心"
PAYEE_ACCOUNT = "1234 5678 9012 3456"


def enable_bank_transfer(hold_days=3):
    """The site's payee account filled in (what turns bank transfer on)."""
    settings = RoadshowPaymentSettings.for_site(default_site())
    settings.payee_name = PAYEE_NAME
    settings.payee_bank = "工商银行滨海支行"
    settings.payee_account = PAYEE_ACCOUNT
    settings.hold_days = hold_days
    settings.save()
    return settings


def default_site():
    """The default site; a transactional test before this one may have flushed the migrations' one."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        locale, _created = Locale.objects.get_or_create(language_code="zh-hans")
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=locale)
        )
        site = Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True)
    return site


def paid_session(price="299", **fields):
    return RoadshowSessionFactory(price_cny=Decimal(price), **fields)


def investors(n, **fields):
    return [user_with_role(Role.INVESTOR, **fields) for _ in range(n)]


def statement_csv(lines, *, header=("交易日期", "金额", "付款人", "附言"), preamble=()):
    """A bank statement as text: account lines above the header, then one line per tuple."""
    rows = [",".join(row) for row in (*preamble, header, *lines)]
    return "\r\n".join(rows) + "\r\n"
