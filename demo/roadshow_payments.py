"""Demo payments for the roadshow: the payee account, so paid passes sell by bank transfer on the
embedded default (no Stripe keys), and two codes for the paid investor day. Idempotent."""

from wagtail.models import Site

from roadshow.models import RoadshowPaymentSettings, RoadshowSeries, Voucher

PAYEE = {
    "payee_name": "天津滨海未来产业科技成果转化服务中心（演示）",
    "payee_bank": "中国工商银行天津滨海新区分行营业部（演示）",
    "payee_account": "0302 0000 0000 0000 000",
}
# code, kind, value, uses, note
VOUCHERS = [
    ("INVESTOR-DAY-50", "percent", 50, 100, "投资人日五折码（演示）"),
    ("BINHAI-INVITE", "percent", 100, 20, "投资人日免费邀请码（演示）"),
]


def load(stdout=None):
    """Side effects: the default site's roadshow payment settings, and the demo vouchers."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        settings = RoadshowPaymentSettings.for_site(site)
        for name, value in PAYEE.items():
            setattr(settings, name, value)
        settings.save()
    series = RoadshowSeries.objects.filter(slug="investor-day-monthly").first()
    for code, kind, value, uses, note in VOUCHERS:
        Voucher.objects.update_or_create(
            code=code,
            defaults={"kind": kind, "value": value, "max_uses": uses, "description": note, "series": series},
        )
    if stdout:
        stdout.write(f"roadshow payments: payee account and {len(VOUCHERS)} codes\n")
