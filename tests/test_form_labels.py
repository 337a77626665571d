"""No two fields of one form share a label: a person (and a screen reader) could not tell them apart."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.utils import translation

PROJECT_APPS = [
    config.name
    for config in apps.get_app_configs()
    if not config.name.startswith(("django", "wagtail", "allauth"))
]


def _form_classes():
    for app in PROJECT_APPS:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__ and cls.base_fields:
                yield pytest.param(cls, id=f"{cls.__module__}.{cls.__name__}")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("form_class", list(_form_classes()))
def test_no_two_fields_share_a_label(form_class, language):
    labels = {}
    for name, field in form_class.base_fields.items():
        with translation.override(language):
            label = str(field.label) if field.label else name.replace("_", " ").capitalize()
        labels.setdefault(label.casefold(), []).append(name)
    assert {label: names for label, names in labels.items() if len(names) > 1} == {}


def test_the_check_covers_the_forms_people_fill_in():
    covered = {param.id for param in _form_classes()}
    for name in (
        "listings.forms.TechnologyForm",
        "dealflow.forms.RegistrationForm",
        "procurement.forms.ProductForm",
        "procurement.forms.RecommendForm",
    ):
        assert name in covered
