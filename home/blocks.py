"""StreamField blocks for the editorial pages: plan sections, facts and figures, named bodies.

Every StructBlock carries an icon, a template under templates/blocks/, a preview value and a
description, so editors see in the block chooser what each block looks like.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class HeadingBlock(blocks.StructBlock):
    """A section heading inside a page body; level 2 opens a section, level 3 a sub-section."""

    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"), choices=[("h2", _("Section")), ("h3", _("Sub-section"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")
        description = _("A heading that opens a section of the text.")
        preview_value = {"text": "二、发展目标", "level": "h2"}


class SectionBlock(blocks.StructBlock):
    """One numbered section of a policy document: its heading and its paragraphs."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    body = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "doc-full"
        template = "blocks/section_block.html"
        label = _("Section")
        description = _(
            "A section of a policy document, with a heading that appears in the table of contents."
        )
        preview_value = {
            "heading": "二、发展目标",
            "body": "<p>到2025年，布局建设10个未来产业集聚区，构建50个未来技术典型应用场景。</p>",
        }


class FigureBlock(blocks.StructBlock):
    """A headline figure: a number, what it counts and the year it is due."""

    value = blocks.CharBlock(label=_("Figure"), max_length=20)
    unit = blocks.CharBlock(label=_("Unit"), max_length=20, required=False)
    label = blocks.CharBlock(label=_("What it counts"), max_length=120)
    year = blocks.IntegerBlock(label=_("Target year"), min_value=2000, max_value=2100, required=False)

    class Meta:
        icon = "success"
        template = "blocks/figure_block.html"
        label = _("Target figure")
        description = _("A target of the plan shown as a large number, such as 10 future-industry clusters.")
        preview_value = {"value": "10", "unit": "个", "label": "未来产业集聚区", "year": 2025}


class FiguresBlock(blocks.StructBlock):
    """A row of headline figures under an optional heading."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    figures = blocks.ListBlock(FigureBlock(), label=_("Figures"))

    class Meta:
        icon = "order"
        template = "blocks/figures_block.html"
        label = _("Target figures")
        description = _("Several targets side by side.")
        preview_value = {
            "heading": "2025年目标",
            "figures": [
                {"value": "10", "unit": "个", "label": "未来产业集聚区", "year": 2025},
                {"value": "50", "unit": "个", "label": "典型应用场景", "year": 2025},
            ],
        }


class NamedItemBlock(blocks.StructBlock):
    """A named body or topic (a laboratory, an industrial park, a focus area) with an optional note."""

    name = blocks.CharBlock(label=pgettext_lazy("named item", "Name"), max_length=200)
    note = blocks.TextBlock(label=_("Note"), required=False, rows=2)
    url = blocks.URLBlock(label=_("Link"), required=False)

    class Meta:
        icon = "tag"
        template = "blocks/named_item_block.html"
        label = _("Item")
        description = _(
            "One entry of a list such as the innovation sources or the industry carriers of a track."
        )
        preview_value = {"name": "合成生物学海河实验室", "note": "生物制造赛道的创新源头"}


class CalloutBlock(blocks.StructBlock):
    """A highlighted box for a key point, a deadline or a contact."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        label = _("Callout")
        description = _("A highlighted box that draws the reader's eye to one point.")
        preview_value = {"title": "申报提示", "text": "<p>需求方出题、科技界答题。</p>"}


class QuoteBlock(blocks.StructBlock):
    """A quotation from a document or a person, with its source."""

    quote = blocks.TextBlock(label=_("Quotation"))
    source = blocks.CharBlock(label=_("Source"), max_length=200, required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Quotation")
        description = _("A quotation set apart from the text, with its source.")
        preview_value = {"quote": "打造永不落幕的科技成果常态化路演平台。", "source": "行动方案"}


class ImageBlock(blocks.StructBlock):
    """An image with a caption and its source."""

    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), max_length=250, required=False)
    attribution = blocks.CharBlock(label=_("Source"), max_length=120, required=False)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = _("Image")
        description = _("An image across the text column with a caption.")


class DocumentBlock(blocks.StructBlock):
    """A link to a downloadable document from the document library."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), max_length=200, required=False)

    class Meta:
        icon = "doc-full-inverse"
        template = "blocks/document_block.html"
        label = _("Document")
        description = _("A download link to a document, showing its type and size.")


class BodyStreamBlock(blocks.StreamBlock):
    """The body of policies, news and standard pages."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        description=_("Ordinary text."),
        preview_value="<p>完善数字化科技成果转化服务与交易中心功能。</p>",
    )
    section = SectionBlock()
    figures = FiguresBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    document = DocumentBlock()
    table = TableBlock(
        label=_("Table"),
        template="blocks/table_block.html",
        description=_("A simple table, for example of responsible units."),
    )


class NamedItemStreamBlock(blocks.StreamBlock):
    """An ordered list of named entries."""

    item = NamedItemBlock()
