class TransitionError(Exception):
    """An action that the object's current state does not allow (HTTP 409).

    Distinct from PermissionDenied (the user may not act at all, 403) and
    ValidationError (the input is wrong, 400): the same request may be right
    at another moment.
    """
