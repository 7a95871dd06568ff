"""Domain errors carry a message key for the translations and the field they are about.

They are translated at the edge (app.i18n.error_text): the UI shows the text at the field,
the command line prints the same text. No layer raises a bare ValueError at a person.
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

    def __str__(self):
        # for logs and programmers; a person reads app.i18n.error_text(error), translated
        params = ", ".join("{}={!r}".format(k, v) for k, v in sorted(self.params.items()))
        text = "{} ({})".format(self.key, params) if params else self.key
        return "{}: {}".format(self.field, text) if self.field else text


class ValidationError(DomainError):
    """Bad input for one field."""


class PermissionDenied(DomainError):
    """The user's role does not allow this use case."""

    def __init__(self, key="error.permission_denied", **params):
        super().__init__(key, None, **params)


class SessionEnded(PermissionDenied):
    """The logged-in user was deactivated or deleted meanwhile: the window logs out."""

    def __init__(self, key="error.permission.session_ended", **params):
        super().__init__(key, **params)


class NotFound(DomainError):
    """A record asked for does not exist."""


class Conflict(DomainError):
    """The record changed since it was read (another window saved it first)."""


class FieldErrors(ValidationError):
    """Several fields of one form are wrong: all of them in `errors`, so a form marks every
    bad field after one Save. Its own key, field and params are the first error's (a caller
    that reads one error reads the first); error_text says them all."""

    def __init__(self, errors):
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.key, first.field, **first.params)
        self.frame = first.frame


class Collect:
    """Gathers a form's ValidationErrors instead of stopping at the first one.

    errors(fn, *args) calls a check and returns its value, or None when it raised (the error
    is kept); errors.add(key, field, **params) keeps one; errors.done() raises what was kept:
    the error itself when there is one, FieldErrors when there are more."""

    def __init__(self):
        self.errors = []

    def __call__(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except FieldErrors as exc:
            self.errors.extend(exc.errors)
        except ValidationError as exc:
            self.errors.append(exc)
        return None

    def add(self, key, field=None, **params):
        self.errors.append(ValidationError(key, field, **params))

    def failed(self, field) -> bool:
        return any(e.field == field for e in self.errors)

    def done(self):
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise FieldErrors(self.errors)
