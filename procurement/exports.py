"""The XLSX export of a recommendation batch, in a fixed column layout the finance bureau relies on.

Columns (one product a row, ranked by mean expert score; never reorder, only append):

 1. 序号 No.                         rank within the batch, from 1
 2. 产品编号 Product ref              P000123
 3. 产品名称 Product name
 4. 申报企业 Enterprise
 5. 统一社会信用代码 Credit code
 6. 赛道 Track                        the track's slug
 7. 采购品目编码 Category code
 8. 采购品目 Category
 9. 规格型号 Specifications
10. 单价(元) Unit price (CNY)        a number
11. 计价单位 Price unit
12. 首台套/首批次/首版次 Recognitions  the titles, joined with "；"
13. 检测报告 Test reports              the titles, joined with "；"
14. 专家评分 Mean expert score         0-100, two decimals
15. 评审专家数 Experts                 submitted evaluations
16. 推荐批次 Batch                     the batch code
17. 推荐日期 Recommended on            a date
18. 状态 Status                        recommended / accepted / not_accepted
19. 目录编号 Catalogue entry number
"""

from core.exports import xlsx_bytes

from .models import ProductCertification
from .queries import batch_products

BATCH_COLUMNS = (
    "序号 No.",
    "产品编号 Product ref",
    "产品名称 Product name",
    "申报企业 Enterprise",
    "统一社会信用代码 Credit code",
    "赛道 Track",
    "采购品目编码 Category code",
    "采购品目 Category",
    "规格型号 Specifications",
    "单价(元) Unit price (CNY)",
    "计价单位 Price unit",
    "首台套/首批次/首版次 Recognitions",
    "检测报告 Test reports",
    "专家评分 Mean expert score",
    "评审专家数 Experts",
    "推荐批次 Batch",
    "推荐日期 Recommended on",
    "状态 Status",
    "目录编号 Catalogue entry number",
)
RECOGNITIONS = {
    ProductCertification.Kind.FIRST_SET,
    ProductCertification.Kind.FIRST_BATCH,
    ProductCertification.Kind.FIRST_VERSION,
}


def batch_rows(batch):
    """The export's rows, without the header, as plain Python values."""
    for rank, product in enumerate(batch_products(batch), start=1):
        certifications = list(product.certifications.all())
        yield (
            rank,
            product.ref,
            product.name,
            product.organisation.name,
            product.organisation.unified_credit_code,
            product.track.slug,
            product.category.code,
            product.category.name_zh,
            product.specifications,
            float(product.price_cny),
            product.price_unit,
            "；".join(c.title for c in certifications if c.kind in RECOGNITIONS),
            "；".join(c.title for c in certifications if c.kind == ProductCertification.Kind.TEST_REPORT),
            round(float(product.mean_score), 2) if product.mean_score is not None else None,
            product.evaluation_count,
            batch.code,
            batch.recommended_on,
            product.status,
            product.catalogue_entry_number,
        )


def batch_workbook(batch):
    """The batch as XLSX bytes (one sheet named after the batch code), through core.exports."""
    return xlsx_bytes(header=BATCH_COLUMNS, rows=batch_rows(batch), title=batch.code)
