"""Build the POST an admin change form would send, from the page's own forms (for tests)."""


def _field_values(form):
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        if isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = value
    return data


def _formset_values(formset):
    data = _field_values(formset.management_form)
    for form in formset.forms:
        data.update(_field_values(form))
        # Nested inlines (django-nested-admin) hang their formsets on the parent's forms.
        for nested in getattr(form, "nested_formsets", ()):
            data.update(_formset_values(nested))
    return data


def change_form_data(response, **overrides):
    """The data of the change form in ``response`` (with its inline formsets), then overrides."""
    context = response.context
    data = _field_values(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        data.update(_formset_values(inline.formset))
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
