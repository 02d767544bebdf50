from django import forms


class StyledFormMixin:
    """Give every widget Bootstrap's classes and mark invalid fields for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                css = ""
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        self._mark_invalid()

    def add_error(self, field, error):
        # Also after validation: an action's ValidationError put on the form by the view.
        super().add_error(field, error)
        self._mark_invalid()

    def _mark_invalid(self):
        if self.is_bound and self._errors:
            for name in self._errors:
                if name in self.fields:
                    attrs = self.fields[name].widget.attrs
                    if "is-invalid" not in attrs.get("class", ""):
                        attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                    attrs["aria-invalid"] = "true"
                    attrs["aria-describedby"] = f"{self[name].auto_id}_error"
