"""Domain errors carry a message key for the translations and the field they are about.

The UI shows t(key, **params) at the field; the command line prints the same text. No layer
raises a bare ValueError at a person.
"""


class DomainError(Exception):
    """A rule of the shop was broken by the input; `key` is a translation key.

    `frame`, when set, is a key whose text wraps this error's message (given as {message})."""

    frame = None

    def __init__(self, key, field=None, **params):
        self.key = key
        self.field = field
        self.params = params
        super().__init__(key)

    def message(self, lang=None):
        """The translated sentence, with the field's own name in front of it."""
        try:
            from app.i18n import t
            text = t(self.key, lang, **self.params)
            field = t("field." + self.field, lang) if self.field else ""
            if field.startswith("field."):
                field = self.field
        except Exception:  # translations must never hide the error itself
            text, field = self.key, self.field
        return "{}: {}".format(field, text) if field else text

    def __str__(self):
        return self.message()


class ValidationError(DomainError):
    """Bad input for one field."""


class PermissionDenied(DomainError):
    """The user's role does not allow this use case."""

    def __init__(self, key="error.permission_denied", **params):
        super().__init__(key, None, **params)


class NotFound(DomainError):
    """A record asked for does not exist."""


class Conflict(DomainError):
    """The record changed since it was read (another window saved it first)."""
